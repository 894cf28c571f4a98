/**
 * ablations.json: what `ablate` measured on an experiment's ONNX models, kept beside its manifest.json so that
 * `report` can show it next to the analysis. Written by `ablate`, read back (checked, never cast) by `report`; it
 * names the manifest and models it was measured on by sha256, so a table of other models is never shown.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonFile, readFileIfExists, writeFileAtomic } from '../fs/atomic-file.js';
import { describeFileError, FilesError } from '../fs/files-error.js';
import { array, bool, failFor, integer, nonNegative, nullable, oneOf, record, text, type Fail } from '../json/fields.js';
import { sha256Of } from '../run-format/manifest.js';
import { confinedFile } from './confine.js';
import { MANIFEST_FILE, OPEN_PAD_MODES, type OpenPadMode } from './manifest.js';

/** The file `ablate` writes into the experiment folder. */
export const ABLATIONS_FILE = 'ablations.json';
/** Its `format` field. */
export const ABLATIONS_FORMAT = 'boundary-effects/ablations';

/** One model scored at one pad width and mode (measured, not predicted). */
export interface AblationRow {
  /** The variant the model was trained as, and its seed. */
  variant: string;
  seed: number;
  /** The variant's own pad (width on the first side, for square pads) and mode. */
  trainedPad: number;
  trainedMode: OpenPadMode;
  /** The pad and mode it was scored at. */
  pad: number;
  mode: OpenPadMode;
  /** True for the variant's own pad and mode (the run `analyze` scores). */
  asTrained: boolean;
  /** Mean loss over every pixel of the padded image, and over the original pixels only. */
  testLoss: number;
  originalLoss: number;
  /**
   * The predictor's what-if for this row (analysis/predict): the same model's loss map at pad 0 kept on the original
   * pixels, each pad pixel at this row's measured pad cost. measured - predicted = (n_O / N) x (change of the
   * original pixels' loss). Null at pad 0 or when the pads do not include 0.
   */
  predicted: number | null;
}

/** A model the rows were measured on: its run and the sha256 of its file. */
export interface AblationModel {
  variant: string;
  seed: number;
  /** The file as the manifest names it (relative to the folder). */
  file: string;
  sha256: string;
}

/** The content of ablations.json. */
export interface AblationsDocument {
  format: typeof ABLATIONS_FORMAT;
  version: 1;
  /** sha256 of the manifest.json the models were read from. */
  manifestSha256: string;
  /** The test set's original image size (before any pad) and its number of images. */
  originalHeight: number;
  originalWidth: number;
  images: number;
  /** What was asked for (`--at-pads`, `--modes`). */
  pads: number[];
  modes: OpenPadMode[];
  models: AblationModel[];
  rows: AblationRow[];
}

const SHA256 = /^[0-9a-f]{64}$/;

function sha(value: unknown, where: string, fail: Fail): string {
  const s = text(value, where, fail);
  return SHA256.test(s) ? s : fail(`${where} is not a sha256 (64 hex digits)`);
}

function parseRow(value: unknown, where: string, fail: Fail): AblationRow {
  const r = record(value, where, fail);
  const row: AblationRow = {
    variant: text(r.variant, `${where}.variant`, fail),
    seed: integer(r.seed, `${where}.seed`, fail),
    trainedPad: integer(r.trainedPad, `${where}.trainedPad`, fail),
    trainedMode: oneOf(r.trainedMode, OPEN_PAD_MODES, `${where}.trainedMode`, fail),
    pad: integer(r.pad, `${where}.pad`, fail),
    mode: oneOf(r.mode, OPEN_PAD_MODES, `${where}.mode`, fail),
    asTrained: bool(r.asTrained, `${where}.asTrained`, fail),
    testLoss: nonNegative(r.testLoss, `${where}.testLoss`, fail),
    originalLoss: nonNegative(r.originalLoss, `${where}.originalLoss`, fail),
    predicted: nullable(r.predicted, `${where}.predicted`, (v, w) => nonNegative(v, w, fail)),
  };
  if ((row.pad === 0) !== (row.mode === 'none')) fail(`${where} is scored at pad ${row.pad} with mode "${row.mode}"; pad 0 goes with "none" and only with it`);
  if (row.pad === 0 && (row.predicted !== null || row.testLoss !== row.originalLoss)) fail(`${where} is at pad 0, so its predicted is null and its testLoss equals its originalLoss`);
  return row;
}

/**
 * Checks a parsed ablations.json and returns it typed: every field, each row's model among `models`, no setting of a
 * model twice. Throws `FilesError` 'bad-shape' naming `path` and the field, and saying to rerun `ablate`.
 *
 * @example
 * parseAblations(parseJsonFile(text, 'exp/ablations.json'), 'exp/ablations.json').rows.length; // 28
 */
export function parseAblations(value: unknown, path: string): AblationsDocument {
  const fail = failFor((m) => new FilesError('bad-shape', path, `${path}: ${m}; rerun 'boundary-effects ablate' on its folder to write it again.`));
  const d = record(value, 'the document', fail);
  if (d.format !== ABLATIONS_FORMAT) fail(`"format" is ${JSON.stringify(d.format) ?? 'missing'}, expected "${ABLATIONS_FORMAT}"`);
  if (d.version !== 1) fail(`"version" is ${JSON.stringify(d.version) ?? 'missing'}, expected 1`);
  const models = array(d.models, 'models', fail).map((m, i): AblationModel => {
    const o = record(m, `models[${i}]`, fail);
    return { variant: text(o.variant, `models[${i}].variant`, fail), seed: integer(o.seed, `models[${i}].seed`, fail), file: text(o.file, `models[${i}].file`, fail), sha256: sha(o.sha256, `models[${i}].sha256`, fail) };
  });
  const doc: AblationsDocument = {
    format: ABLATIONS_FORMAT,
    version: 1,
    manifestSha256: sha(d.manifestSha256, 'manifestSha256', fail),
    originalHeight: integer(d.originalHeight, 'originalHeight', fail, 1),
    originalWidth: integer(d.originalWidth, 'originalWidth', fail, 1),
    images: integer(d.images, 'images', fail, 1),
    pads: array(d.pads, 'pads', fail).map((p, i) => integer(p, `pads[${i}]`, fail)),
    modes: array(d.modes, 'modes', fail).map((m, i) => oneOf(m, OPEN_PAD_MODES, `modes[${i}]`, fail)),
    models,
    rows: array(d.rows, 'rows', fail).map((r, i) => parseRow(r, `rows[${i}]`, fail)),
  };
  const known = new Set(models.map((m) => `${m.variant}/${m.seed}`));
  const seen = new Set<string>();
  doc.rows.forEach((r, i) => {
    if (!known.has(`${r.variant}/${r.seed}`)) fail(`rows[${i}] names model ${r.variant}/${r.seed}, which "models" does not list`);
    const key = `${r.variant}/${r.seed}@${r.pad}/${r.mode}`;
    if (seen.has(key)) fail(`rows[${i}] scores ${r.variant}/${r.seed} at pad ${r.pad} (${r.mode}) a second time`);
    seen.add(key);
  });
  if (doc.rows.length === 0) fail('"rows" is empty');
  return doc;
}

/**
 * The document's text as written (two-space JSON, final newline).
 *
 * @example
 * await writeFile('exp/ablations.json', formatAblations(doc));
 */
export function formatAblations(doc: AblationsDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

async function fileSha256(path: string): Promise<string> {
  try {
    return sha256Of(await readFile(path));
  } catch (error) {
    throw describeFileError(error, path);
  }
}

/**
 * Writes `folder/ablations.json` atomically and returns its path.
 *
 * @example
 * await writeAblations('exp-onnx', doc); // 'exp-onnx/ablations.json'
 */
export async function writeAblations(folder: string, doc: AblationsDocument): Promise<string> {
  const path = join(folder, ABLATIONS_FILE);
  await writeFileAtomic(path, formatAblations(doc));
  return path;
}

/**
 * Reads `folder/ablations.json` (with the sha256 of its bytes), or null when there is none. Besides its shape, it
 * must have been measured on the folder's manifest.json and model files as they are now (sha256): a table of other
 * models is a `FilesError` 'bad-shape' saying to rerun `ablate`.
 *
 * @example
 * const read = await readAblations('exp-onnx'); // null until `boundary-effects ablate exp-onnx`
 * read?.ablations.rows.length; // 28
 */
export async function readAblations(folder: string): Promise<{ ablations: AblationsDocument; sha256: string } | null> {
  const path = join(folder, ABLATIONS_FILE);
  const bytes = await readFileIfExists(path);
  if (bytes === null) return null;
  const rerun = `rerun 'boundary-effects ablate ${folder}' (with the pads and modes you want) to measure them again, or delete ${path}`;
  const doc = parseAblations(parseJsonFile(bytes.toString('utf8'), path, rerun), path);
  if ((await fileSha256(join(folder, MANIFEST_FILE))) !== doc.manifestSha256) {
    throw new FilesError('bad-shape', path, `${path} was measured on another ${MANIFEST_FILE} than the folder holds now (its sha256 differs); ${rerun}.`);
  }
  for (const [i, m] of doc.models.entries()) {
    // The names come from this file, not from the manifest: confined to the folder like the manifest's own.
    const { real } = await confinedFile(folder, m.file, path, `models[${i}].file`);
    if ((await fileSha256(real)) !== m.sha256) {
      throw new FilesError('bad-shape', path, `${path} was measured on another ${m.file} (model of ${m.variant}, seed ${m.seed}) than the folder holds now (its sha256 differs); ${rerun}.`);
    }
  }
  return { ablations: doc, sha256: sha256Of(bytes) };
}
