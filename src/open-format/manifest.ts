import { PIXEL_LOSS_KINDS, type PixelLossKind } from '../analysis/pixel-loss.js';
import type { SidePads } from '../analysis/image-geometry.js';
import { OpenFormatError } from './errors.js';
import { parseModelSettings, type OpenModelSettings } from './model-manifest.js';
import { isRecord } from '../json/fields.js';
import { ManifestFields } from './manifest-fields.js';
import { DEFAULT_EDGE_WIDTH } from '../analysis/regions.js';

/** The manifest file's name inside an experiment folder. */
export const MANIFEST_FILE = 'manifest.json';
export const MANIFEST_FORMAT = 'boundary-effects/open-experiment';

/** Where one run's arrays are, relative to the folder: a loss map, or targets + predictions (+ noisy inputs), or one `.npz` holding them. */
export interface OpenRunFiles {
  lossMap: string | null;
  targets: string | null;
  predictions: string | null;
  inputs: string | null;
  npz: string | null;
}

export interface OpenRunEntry {
  /** Pairing id: runs of two variants with the same seed are paired. */
  seed: number;
  files: OpenRunFiles;
  /** An ONNX model the tool runs itself on the manifest's test set (instead of `files`); null for arrays. */
  model: string | null;
  /** The training loss the framework printed at the end, if known. */
  finalTrainLoss: number | null;
}

export interface OpenVariant {
  id: string;
  label: string;
  height: number;
  width: number;
  channels: number;
  pads: SidePads;
  /** How the pad was filled ('none' for the unpadded reference); required when any pad is > 0. */
  padMode: OpenPadMode;
  /** Which pixels the variant's loss counts: 'all' or only the 'original' ones (a loss masked off the pad). */
  lossRegion: 'all' | 'original';
  runs: OpenRunEntry[];
}

/** NumPy's np.pad modes (as the tool's own pads), or 'none' for an unpadded variant. */
export const OPEN_PAD_MODES = ['none', 'edge', 'constant', 'reflect', 'symmetric', 'wrap'] as const;
export type OpenPadMode = (typeof OPEN_PAD_MODES)[number];

export interface OpenComparison {
  a: string;
  b: string;
  label: string | null;
}

/** A published number to draw as a reference line (e.g. the question's 0.099 / 0.075). */
export interface OpenReferenceNumber {
  variant: string;
  metric: 'finalTrainLoss' | 'finalTestLoss';
  value: number;
  label: string;
}

/** The checked manifest of an open-format experiment folder. */
export interface OpenManifest {
  format: typeof MANIFEST_FORMAT;
  version: 1;
  question: string;
  dataset: { name: string; label: string };
  loss: PixelLossKind;
  edgeWidth: number;
  /** Id of the unpadded reference variant (all pads 0). */
  reference: string;
  /** In display order. */
  variants: OpenVariant[];
  comparisons: OpenComparison[];
  referenceNumbers: OpenReferenceNumber[];
  /** How many sample images to keep per run (from targets + predictions); default 4. */
  samples: number;
  /** Test set, corruption and contract for runs that name an ONNX model; null when no run does. */
  models: OpenModelSettings | null;
}

function parseRun(f: ManifestFields, file: string, where: string): OpenRunEntry {
  if (f.has('model')) {
    if (f.has('files')) throw new OpenFormatError('manifest', file, `${where} names both 'model' and 'files'; give one: an ONNX model the tool runs, or arrays.`);
    const none = { lossMap: null, targets: null, predictions: null, inputs: null, npz: null };
    return { seed: f.integer('seed', 0), files: none, model: f.string('model'), finalTrainLoss: f.optionalFinite('finalTrainLoss') };
  }
  const files = f.record('files');
  const run: OpenRunEntry = {
    seed: f.integer('seed', 0),
    files: {
      lossMap: files.optionalString('lossMap'),
      targets: files.optionalString('targets'),
      predictions: files.optionalString('predictions'),
      inputs: files.optionalString('inputs'),
      npz: files.optionalString('npz'),
    },
    model: null,
    finalTrainLoss: f.optionalFinite('finalTrainLoss'),
  };
  const { lossMap, targets, predictions, npz } = run.files;
  const npyKinds = (lossMap !== null ? 1 : 0) + (targets !== null || predictions !== null ? 1 : 0);
  if (npz !== null ? npyKinds > 0 : npyKinds !== 1) {
    throw new OpenFormatError(
      'manifest',
      file,
      `${where} must name either 'npz', or 'lossMap', or 'targets' and 'predictions' (one of the three); see docs/open-format.md.`,
    );
  }
  if (npz === null && lossMap === null && (targets === null || predictions === null)) {
    throw new OpenFormatError('manifest', file, `${where} names ${targets === null ? "'predictions' without 'targets'" : "'targets' without 'predictions'"}; give both.`);
  }
  return run;
}

function parseOpenVariant(f: ManifestFields, file: string, index: number): OpenVariant {
  const id = f.string('id');
  const pads = f.record('pads');
  const padWidths = { top: pads.integer('top', 0), bottom: pads.integer('bottom', 0), left: pads.integer('left', 0), right: pads.integer('right', 0) };
  const padded = Object.values(padWidths).some((p) => p > 0);
  const padMode = f.has('padMode') || padded ? f.oneOf('padMode', OPEN_PAD_MODES) : 'none';
  if (padded === (padMode === 'none')) {
    throw new OpenFormatError(
      'manifest',
      file,
      `variants[${index}] ('${id}') has pads ${JSON.stringify(padWidths)} and padMode '${padMode}'; a padded variant needs its np.pad mode (edge, constant, reflect, symmetric, wrap), an unpadded one 'none'.`,
    );
  }
  const variant: OpenVariant = {
    id,
    label: f.optionalString('label') ?? id,
    height: f.integer('height', 1),
    width: f.integer('width', 1),
    channels: f.optionalInteger('channels', 1, 1),
    pads: padWidths,
    padMode,
    lossRegion: f.oneOf('lossRegion', ['all', 'original'], 'all'),
    runs: f.array('runs').map((r, i) => parseRun(r, file, `variants[${index}].runs[${i}]`)),
  };
  if (variant.runs.length === 0) throw new OpenFormatError('manifest', file, `variant '${id}' has no runs; list at least one seed.`);
  const seeds = new Set<number>();
  for (const r of variant.runs) {
    if (seeds.has(r.seed)) throw new OpenFormatError('manifest', file, `variant '${id}' lists seed ${r.seed} twice; seed ids pair runs and must be unique per variant.`);
    seeds.add(r.seed);
  }
  return variant;
}

/**
 * Checks a parsed manifest (the JSON value of `manifest.json`) field by field and returns it typed, with defaults
 * filled in (channels 1, lossRegion 'all', labels = ids, samples 4). Throws `OpenFormatError` 'manifest' naming the
 * file and field, or 'reference' when a comparison has no unpadded reference.
 *
 * @example
 * const manifest = parseManifest(JSON.parse(fs.readFileSync('exp/manifest.json', 'utf8')), 'exp/manifest.json');
 * manifest.variants.map((v) => v.id); // ['baseline28', 'edge32']
 */
export function parseManifest(json: unknown, file: string): OpenManifest {
  if (!isRecord(json)) throw new OpenFormatError('manifest', file, 'must hold a JSON object; see docs/open-format.md.');
  const f = new ManifestFields(file, '', json);
  if (json.format !== MANIFEST_FORMAT || json.version !== 1) {
    throw new OpenFormatError('manifest', file, `must have "format": "${MANIFEST_FORMAT}" and "version": 1; see docs/open-format.md.`);
  }
  const dataset = f.record('dataset');
  const variants = f.array('variants').map((v, i) => parseOpenVariant(v, file, i));
  const ids = new Set<string>();
  for (const v of variants) {
    if (ids.has(v.id)) throw new OpenFormatError('manifest', file, `two variants have the id '${v.id}'; variant ids must be unique.`);
    ids.add(v.id);
  }
  const known = (id: string, where: string): string => {
    if (!ids.has(id)) throw new OpenFormatError('manifest', file, `${where} names variant '${id}', which is not in 'variants' (${[...ids].join(', ')}).`);
    return id;
  };
  const comparisons = f.array('comparisons', true).map((c, i) => ({
    a: known(c.string('a'), `comparisons[${i}].a`),
    b: known(c.string('b'), `comparisons[${i}].b`),
    label: c.optionalString('label'),
  }));
  const referenceNumbers = f.array('referenceNumbers', true).map((r, i) => ({
    variant: known(r.string('variant'), `referenceNumbers[${i}].variant`),
    metric: r.oneOf('metric', ['finalTrainLoss', 'finalTestLoss'] as const),
    value: r.finite('value'),
    label: r.string('label'),
  }));
  const referenceId = f.has('reference') ? f.string('reference') : null;
  if (referenceId === null || !ids.has(referenceId)) {
    throw new OpenFormatError(
      'reference',
      file,
      referenceId === null
        ? "names no unpadded reference variant ('reference'); every comparison is made against one. Add \"reference\": \"<id of the variant with all pads 0>\"."
        : `names reference variant '${referenceId}', which is not in 'variants' (${[...ids].join(', ')}).`,
    );
  }
  const reference = variants.find((v) => v.id === referenceId);
  if (reference !== undefined && Object.values(reference.pads).some((p) => p !== 0)) {
    throw new OpenFormatError(
      'reference',
      file,
      `reference variant '${referenceId}' is padded (pads ${JSON.stringify(reference.pads)}); the reference must be the unpadded model (all pads 0).`,
    );
  }
  return {
    format: MANIFEST_FORMAT,
    version: 1,
    question: f.string('question'),
    dataset: { name: dataset.string('name'), label: dataset.optionalString('label') ?? dataset.string('name') },
    loss: f.oneOf('loss', PIXEL_LOSS_KINDS),
    edgeWidth: f.optionalInteger('edgeWidth', 1, DEFAULT_EDGE_WIDTH),
    reference: referenceId,
    variants,
    comparisons,
    referenceNumbers,
    samples: f.optionalInteger('samples', 0, 4),
    models: variants.some((v) => v.runs.some((r) => r.model !== null)) ? parseModelSettings(f, file) : null,
  };
}
