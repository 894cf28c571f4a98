import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { checkImageGeometry } from '../analysis/image-geometry.js';
import { AnalysisError } from '../analysis/errors.js';
import { lossFloorOf, type LossFloorInfo, type PixelLossKind } from '../analysis/pixel-loss.js';
import type { RunRecord } from '../run-format/run-record.js';
import { OpenFormatError } from './errors.js';
import { MANIFEST_FILE, parseManifest, type OpenManifest, type OpenReferenceNumber, type OpenRunEntry, type OpenVariant } from './manifest.js';
import type { RunDataJob } from './read-run-data.js';
import { defaultReadWorkers, readRuns } from './read-runs.js';
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

async function existingFile(folder: string, relative: string, manifestFile: string, what: string): Promise<string> {
  const file = path.join(folder, relative);
  let exists = false;
  try {
    exists = (await stat(file)).isFile();
  } catch {
    exists = false;
  }
  if (!exists) {
    throw new OpenFormatError('missing-file', file, `is named in ${manifestFile} (${what}) but does not exist; write it or fix the path (relative to the folder).`);
  }
  return file;
}

/** The job reading one run: its geometry and its files, each checked to exist. */
async function runJob(folder: string, manifestFile: string, manifest: OpenManifest, variant: OpenVariant, run: OpenRunEntry): Promise<RunDataJob> {
  const geometry: OpenRunGeometry = {
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
  const what = (key: string) => `variant '${variant.id}', seed ${run.seed}, ${key}`;
  const file = (relative: string, key: string) => existingFile(folder, relative, manifestFile, what(key));
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
  /** Worker threads reading runs (1: in the calling thread); default one per core, at most one per run. The numbers do not depend on it. */
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
  for (const variant of manifest.variants) {
    if (reference !== undefined && originalOf(variant) !== originalOf(reference)) {
      throw new OpenFormatError(
        'shape',
        manifestFile,
        `variant '${variant.id}' has an original image of ${originalOf(variant)} but the reference '${reference.id}' has ${originalOf(reference)}; ` +
          'every variant must hold the same original image (height - top - bottom pads, width - left - right pads).',
      );
    }
    for (const run of variant.runs) jobs.push(await runJob(folder, manifestFile, manifest, variant, run));
  }
  const runs: RunRecord[] = [];
  const details: OpenRunDetails[] = [];
  let firstImages: { images: number; file: string } | null = null;
  for (const outcome of await readRuns(jobs, options.workers ?? defaultReadWorkers(jobs.length))) {
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
