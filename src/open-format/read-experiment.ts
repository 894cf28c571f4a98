import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkImageGeometry } from '../analysis/image-geometry.js';
import { AnalysisError } from '../analysis/errors.js';
import { lossFloorOf, type LossFloorInfo, type PixelLossKind } from '../analysis/pixel-loss.js';
import type { RunRecord } from '../run-format/run-record.js';
import { confinedFile } from './confine.js';
import { OpenFormatError } from './errors.js';
import { MANIFEST_FILE, parseManifest, type OpenManifest, type OpenReferenceNumber, type OpenRunEntry, type OpenVariant } from './manifest.js';
import type { RunData, RunDataJob } from './read-run-data.js';
import { lazyRuntime, runFromModel, variantImages, type VariantImages } from './model-run.js';
import { loadModelTestSet, type ModelTestSet } from './model-test-set.js';
import { parseNpy } from './npy.js';
import { defaultReadWorkers, readRuns, type RunOutcome } from './read-runs.js';
import type { OpenRunDetails, OpenRunGeometry } from './run-from-arrays.js';
import { parseJsonText } from '../json/parse-text.js';

/** The experiment as the summary needs it (spec-like): question, labels, geometry, reference, comparisons. */
export interface OpenExperimentDescription {
  question: string;
  dataset: { name: string; label: string };
  loss: PixelLossKind;
  lossFloor: LossFloorInfo;
  edgeWidth: number;
  /** Id of the unpadded reference variant. */
  reference: string;
  /** The manifest's variants, each with the seeds of its runs in place of the runs. */
  variants: Array<Omit<OpenVariant, 'runs'> & { seeds: number[] }>;
  /** Each comparison with the seeds both variants have (the pairs), ascending. */
  comparisons: Array<{ a: string; b: string; label: string; pairedSeeds: number[] }>;
  referenceNumbers: OpenReferenceNumber[];
}

/** An open-format experiment folder, read and checked. */
export interface OpenExperiment {
  folder: string;
  manifest: OpenManifest;
  description: OpenExperimentDescription;
  /** One record per variant and seed, in manifest order. */
  runs: RunRecord[];
  /** Per run (same order as `runs`): per-channel means and the loss floor. */
  details: OpenRunDetails[];
}

/** Bytes of the data files named so far (to decide whether worker threads pay). */
interface ByteCount {
  bytes: number;
}

/**
 * The path of a file the manifest names, relative to the folder, once it resolves (realpath) to a
 * file inside the folder: `OpenFormatError` 'outside-folder' for `../`, absolute paths and links out
 * of it, 'missing-file' when it is not a file. The path as named is returned, so that messages and
 * sources do not depend on where links lead. Adds the file's size to `total` when given.
 */
export async function existingFile(folder: string, relative: string, manifestFile: string, what: string, total?: ByteCount): Promise<string> {
  const confined = await confinedFile(folder, relative, manifestFile, what);
  if (total !== undefined) total.bytes += confined.size;
  return confined.file;
}

function geometryOf(manifest: OpenManifest, variant: OpenVariant, run: OpenRunEntry): OpenRunGeometry {
  return {
    variant: variant.id,
    seed: run.seed,
    height: variant.height,
    width: variant.width,
    channels: variant.channels,
    pads: variant.pads,
    lossRegion: variant.lossRegion,
    loss: manifest.loss,
    finalTrainLoss: run.finalTrainLoss,
    padMode: variant.padMode,
  };
}

/** What the ONNX runs of one experiment share: the runtime, the test set and one variant's images, made once. */
interface ModelContext {
  runtime: ReturnType<typeof lazyRuntime>;
  testSet: ModelTestSet | null;
  images: { variant: string; images: VariantImages } | null;
}

/** A run that names an ONNX model: the tool runs it on the manifest's test set, padded and corrupted for the variant. */
async function readModelRun(folder: string, manifestFile: string, manifest: OpenManifest, variant: OpenVariant, run: OpenRunEntry, models: ModelContext): Promise<RunData> {
  const settings = manifest.models;
  if (run.model === null || settings === null) throw new OpenFormatError('manifest', manifestFile, `variant '${variant.id}', seed ${run.seed}: names no model.`);
  const what = (key: string) => `variant '${variant.id}', seed ${run.seed}, ${key}`;
  const modelFile = await existingFile(folder, run.model, manifestFile, what('model'));
  models.testSet ??= await loadModelTestSet(settings.testSet, settings.corruption, async (relative, key) => {
    const file = await existingFile(folder, relative, manifestFile, key);
    return { array: parseNpy(new Uint8Array(await readFile(file)), file), file };
  });
  const set = models.testSet;
  if (models.images?.variant !== variant.id) models.images = { variant: variant.id, images: variantImages(set, variant, settings, manifestFile) };
  const { images } = models.images;
  const modelBytes = new Uint8Array(await readFile(modelFile));
  const read = await runFromModel({ runtime: await models.runtime(), modelBytes, modelFile, settings, set, images, variant, geometry: geometryOf(manifest, variant, run), samples: manifest.samples });
  return { record: read.record, details: read.details, dataFile: modelFile };
}

/** The job reading one run: its geometry and its files, each checked to exist. */
async function runJob(folder: string, manifestFile: string, manifest: OpenManifest, variant: OpenVariant, run: OpenRunEntry, total: ByteCount): Promise<RunDataJob> {
  const geometry = geometryOf(manifest, variant, run);
  const what = (key: string) => `variant '${variant.id}', seed ${run.seed}, ${key}`;
  const file = (relative: string, key: string) => existingFile(folder, relative, manifestFile, what(key), total);
  const job = (files: RunDataJob['files']): RunDataJob => ({
    geometry,
    files,
    sampleCount: manifest.samples,
    source: `${manifestFile} (variant '${variant.id}', seed ${run.seed})`,
  });
  if (run.files.npz !== null) return job({ kind: 'npz', npz: await file(run.files.npz, 'npz') });
  if (run.files.lossMap !== null) return job({ kind: 'lossMap', lossMap: await file(run.files.lossMap, 'lossMap') });
  if (run.files.targets === null || run.files.predictions === null) {
    throw new OpenFormatError('manifest', manifestFile, `${what('files')}: give 'targets' and 'predictions'.`);
  }
  return job({
    kind: 'predictions',
    targets: await file(run.files.targets, 'targets'),
    predictions: await file(run.files.predictions, 'predictions'),
    inputs: run.files.inputs === null ? null : await file(run.files.inputs, 'inputs'),
  });
}

/** How to read an experiment's runs. */
export interface ReadOpenExperimentOptions {
  /**
   * Worker threads reading runs (1: in the calling thread); default one per core, at most one per run, and none for
   * data under 32 MiB (starting threads would cost more than they save). The numbers do not depend on it.
   */
  workers?: number;
}

/**
 * Reads an open-format experiment folder: `manifest.json` plus, per variant and seed, `.npy` files (or one `.npz`)
 * holding either the mean per-pixel test-loss map or the clean targets and predictions. Returns one neutral
 * {@link RunRecord} per run, the experiment description (question, labels, geometry, reference, comparisons with
 * their paired seeds) and per-run details (per-channel means, loss floor). Every problem is an `OpenFormatError`
 * naming the file: missing files, bad `.npy`/`.npz`, shape mismatches (against the variant, between targets and
 * predictions, or between runs), NaN or negative losses, and comparisons without an unpadded reference or shared seeds.
 *
 * @example
 * const experiment = await readOpenExperiment('examples/pytorch/out');
 * experiment.runs.map((r) => `${r.variant}/${r.seed}: ${r.finalTestLoss}`);
 */
export async function readOpenExperiment(folder: string, options: ReadOpenExperimentOptions = {}): Promise<OpenExperiment> {
  const manifestFile = path.join(folder, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(manifestFile, 'utf8');
  } catch (e) {
    throw new OpenFormatError('missing-file', manifestFile, `cannot be read (${e instanceof Error ? e.message : String(e)}); an open-format folder needs a ${MANIFEST_FILE}.`, { cause: e });
  }
  const json = parseJsonText(text);
  if (!json.ok) throw new OpenFormatError('manifest', manifestFile, `is not valid JSON (${json.where}).`);
  const manifest = parseManifest(json.value, manifestFile);
  for (const v of manifest.variants) {
    try {
      checkImageGeometry({ height: v.height, width: v.width, pads: v.pads, edgeWidth: manifest.edgeWidth });
    } catch (e) {
      if (!(e instanceof AnalysisError)) throw e;
      throw new OpenFormatError('manifest', manifestFile, `variant '${v.id}': ${e.message}`, { cause: e });
    }
  }
  const reference = manifest.variants.find((v) => v.id === manifest.reference);
  const originalOf = (v: OpenVariant) => `${v.height - v.pads.top - v.pads.bottom}x${v.width - v.pads.left - v.pads.right}`;
  const jobs: RunDataJob[] = [];
  const total: ByteCount = { bytes: 0 };
  const modelRuns: Array<{ variant: OpenVariant; run: OpenRunEntry }> = [];
  // Each run in manifest order: an array job (read by workers) or an ONNX model run.
  const order: Array<{ kind: 'arrays' | 'model'; index: number }> = [];
  for (const variant of manifest.variants) {
    if (reference !== undefined && originalOf(variant) !== originalOf(reference)) {
      throw new OpenFormatError(
        'shape',
        manifestFile,
        `variant '${variant.id}' has an original image of ${originalOf(variant)} but the reference '${reference.id}' has ${originalOf(reference)}; ` +
          'every variant must hold the same original image (height - top - bottom pads, width - left - right pads).',
      );
    }
    for (const run of variant.runs) {
      if (run.model !== null) {
        order.push({ kind: 'model', index: modelRuns.length });
        modelRuns.push({ variant, run });
      } else {
        order.push({ kind: 'arrays', index: jobs.length });
        jobs.push(await runJob(folder, manifestFile, manifest, variant, run, total));
      }
    }
  }
  const outcomes = jobs.length === 0 ? [] : await readRuns(jobs, options.workers ?? defaultReadWorkers(jobs.length, total.bytes));
  // ONNX runs one after the other (the runtime uses the cores itself), sharing the test set and a variant's images.
  const models: ModelContext = { runtime: lazyRuntime(), testSet: null, images: null };
  const modelOutcomes: RunOutcome[] = [];
  for (const { variant, run } of modelRuns) modelOutcomes.push({ ok: true, data: await readModelRun(folder, manifestFile, manifest, variant, run, models) });
  const runs: RunRecord[] = [];
  const details: OpenRunDetails[] = [];
  let firstImages: { images: number; file: string } | null = null;
  for (const slot of order) {
    const outcome: RunOutcome | undefined = slot.kind === 'arrays' ? outcomes[slot.index] : modelOutcomes[slot.index];
    if (outcome === undefined) throw new OpenFormatError('manifest', manifestFile, `no result for ${slot.kind} run ${slot.index} (a bug of the package: report it with this message).`);
    if (!outcome.ok) throw outcome.error;
    const result = outcome.data;
    if (result.details.images !== null) {
      // Paired comparisons need every run scored on the same test images.
      if (firstImages === null) firstImages = { images: result.details.images, file: result.dataFile };
      else if (firstImages.images !== result.details.images) {
        throw new OpenFormatError(
          'shape',
          result.dataFile,
          `holds ${result.details.images} test images, but ${firstImages.file} holds ${firstImages.images}; score every run on the same test images.`,
        );
      }
    }
    // Sources relative to the folder, so summary.json does not depend on where the folder is.
    runs.push({ ...result.record, source: path.relative(folder, result.dataFile) });
    details.push(result.details);
  }
  const seedsOf = (id: string): number[] =>
    runs
      .filter((r) => r.variant === id)
      .map((r) => r.seed)
      .sort((x, y) => x - y);
  const comparisons = manifest.comparisons.map((c) => {
    const b = new Set(seedsOf(c.b));
    const pairedSeeds = seedsOf(c.a).filter((s) => b.has(s));
    if (pairedSeeds.length === 0) {
      throw new OpenFormatError(
        'reference',
        manifestFile,
        `comparison ${c.a} vs ${c.b} has no seed id in common (${c.a}: ${seedsOf(c.a).join(', ')}; ${c.b}: ${seedsOf(c.b).join(', ')}); runs are paired by seed id.`,
      );
    }
    return { a: c.a, b: c.b, label: c.label ?? `${c.a} vs ${c.b}`, pairedSeeds };
  });
  const description: OpenExperimentDescription = {
    question: manifest.question,
    dataset: { ...manifest.dataset },
    loss: manifest.loss,
    lossFloor: lossFloorOf(manifest.loss),
    edgeWidth: manifest.edgeWidth,
    reference: manifest.reference,
    variants: manifest.variants.map((v) => ({
      id: v.id,
      label: v.label,
      height: v.height,
      width: v.width,
      channels: v.channels,
      pads: { ...v.pads },
      padMode: v.padMode,
      lossRegion: v.lossRegion,
      seeds: seedsOf(v.id),
    })),
    comparisons,
    referenceNumbers: manifest.referenceNumbers.map((r) => ({ ...r })),
  };
  return { folder, manifest, description, runs, details };
}
