import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { dump } from 'npyjs';
import { loadDataset, type DatasetName, type DatasetOptions } from '../data/datasets.js';
import { addGaussianNoise } from '../data/noise.js';
import { resolvePadWidths, type PadMode } from '../data/pad.js';
import { createRng } from '../data/random.js';
import { tf } from '../engine/tf.js';
import type { OpenRunEntry } from '../open-format/manifest.js';
import { OpenFormatError } from '../open-format/errors.js';
import type { NumericArray } from '../open-format/npy.js';
import { runFromPredictions, type OpenRunDetails } from '../open-format/run-from-arrays.js';
import type { RunRecord } from '../run-format/run-record.js';
import { loadLayersModelFromFiles } from './load-layers-model.js';

/** What to evaluate a saved LayersModel on. */
export interface LayersModelEvaluationOptions {
  /** Path of the model's `model.json` (weight shards beside it). */
  modelJson: string;
  /** Variant id of the run (e.g. 'edge32'). */
  variant: string;
  /** Pairing id of the run. */
  seed: number;
  dataset: DatasetName;
  /** Where the dataset is and how many test images (`limit`). */
  datasetOptions?: Pick<DatasetOptions, 'dir' | 'env' | 'limit' | 'download' | 'cacheDir'>;
  /** Pad widths (one number for all sides, or per side) and mode; 0 for an unpadded model. */
  pad: { widths: number | { top: number; bottom: number; left: number; right: number }; mode: PadMode };
  /** The seed's corruption: clip(x + factor * N(0, 1), 0, 1). */
  noiseFactor: number;
  /** Seed of the noise generator (explicit, so the same call draws the same noise). */
  noiseSeed: number;
  batchSize?: number;
  /** Sample images to keep (default 4). */
  sampleCount?: number;
}

/** The evaluated run: its record (as the open format produces it) and the arrays it came from. */
export interface LayersModelEvaluation {
  record: RunRecord;
  details: OpenRunDetails;
  count: number;
  height: number;
  width: number;
  targets: Float32Array;
  inputs: Float32Array;
  predictions: Float32Array;
}

function asNumeric(data: Float32Array, count: number, height: number, width: number): NumericArray {
  return { shape: [count, height, width], data, dtype: 'f4', convertedFromFortran: false };
}

/**
 * Evaluates a TensorFlow.js LayersModel (`model.json` + weight shards, loaded with `tf.io.fromMemory`; no
 * tfjs-node) on a dataset's test split padded and corrupted as asked, scoring with BCE, and returns the same
 * {@link RunRecord} an open-format folder with those targets and predictions gives. The model's input must be
 * `[null, H, W, 1]` with H x W the padded size, else `OpenFormatError` 'model'.
 *
 * @example
 * const run = await evaluateLayersModel({ modelJson: 'keras-export/model.json', variant: 'edge32', seed: 1,
 *   dataset: 'mnist', pad: { widths: 2, mode: 'edge' }, noiseFactor: 0.5, noiseSeed: 1 });
 * run.record.finalTestLoss;
 */
export async function evaluateLayersModel(options: LayersModelEvaluationOptions): Promise<LayersModelEvaluation> {
  const widths = resolvePadWidths(options.pad.widths);
  const padded = widths.top + widths.bottom + widths.left + widths.right > 0;
  const set = await loadDataset(options.dataset, 'test', { ...options.datasetOptions, pad: padded ? { widths, mode: options.pad.mode } : null });
  const { count, height, width } = set;
  const model = await loadLayersModelFromFiles(options.modelJson);
  try {
    const shape = model.inputs[0].shape;
    if (model.inputs.length !== 1 || shape.length !== 4 || shape[1] !== height || shape[2] !== width || shape[3] !== 1) {
      throw new OpenFormatError(
        'model',
        options.modelJson,
        `takes input ${JSON.stringify(shape)}, but the padded ${options.dataset} images are [null, ${height}, ${width}, 1]; choose the pad the model was trained with.`,
      );
    }
    const targets = set.images;
    const inputs = addGaussianNoise(targets, options.noiseFactor, createRng(options.noiseSeed));
    const plane = height * width;
    const predictions = new Float32Array(count * plane);
    const batch = options.batchSize ?? 256;
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const out = tf.tidy(() => {
        const x = tf.tensor4d(inputs.subarray(start * plane, (start + n) * plane), [n, height, width, 1]);
        const y = model.predict(x);
        if (Array.isArray(y)) throw new OpenFormatError('model', options.modelJson, 'has more than one output; give an image-to-image model with one output.');
        return y;
      });
      const values = await out.data();
      out.dispose();
      if (values.length !== n * plane) {
        throw new OpenFormatError('model', options.modelJson, `outputs ${values.length / n} values per image, expected ${height} x ${width} x 1.`);
      }
      predictions.set(values, start * plane);
    }
    const { record, details } = runFromPredictions(
      {
        variant: options.variant,
        seed: options.seed,
        height,
        width,
        channels: 1,
        pads: widths,
        lossRegion: 'all',
        loss: 'bce',
        finalTrainLoss: null,
      },
      {
        targets: asNumeric(targets, count, height, width),
        targetsFile: `${options.dataset} test images`,
        predictions: asNumeric(predictions, count, height, width),
        predictionsFile: `${options.modelJson} predictions`,
        inputs: asNumeric(inputs, count, height, width),
        inputsFile: `${options.dataset} noisy test images`,
      },
      options.sampleCount ?? 4,
      options.modelJson,
    );
    return { record, details, count, height, width, targets, inputs, predictions };
  } finally {
    model.dispose();
  }
}

/**
 * Writes an evaluated run as open-format files (`targets.npy`, `predictions.npy`, `inputs.npy`, float32) into
 * `folder/relativeDir` and returns its manifest entry, so a manifest can list it beside runs from other frameworks.
 *
 * @example
 * const entry = await writeOpenRun(run, 'my-experiment', 'edge32/seed-1');
 * // manifest.variants[k].runs.push(entry)
 */
export async function writeOpenRun(run: LayersModelEvaluation, folder: string, relativeDir: string): Promise<OpenRunEntry> {
  await mkdir(path.join(folder, relativeDir), { recursive: true });
  const shape = [run.count, run.height, run.width];
  const files = { targets: path.join(relativeDir, 'targets.npy'), predictions: path.join(relativeDir, 'predictions.npy'), inputs: path.join(relativeDir, 'inputs.npy') };
  await writeFile(path.join(folder, files.targets), new Uint8Array(dump(run.targets, shape)));
  await writeFile(path.join(folder, files.predictions), new Uint8Array(dump(run.predictions, shape)));
  await writeFile(path.join(folder, files.inputs), new Uint8Array(dump(run.inputs, shape)));
  return { seed: run.record.seed, files: { ...files, lossMap: null, npz: null }, model: null, finalTrainLoss: run.record.finalTrainLoss };
}
