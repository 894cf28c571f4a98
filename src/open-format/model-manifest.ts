import { DATASET_NAMES, type DatasetName } from '../data/datasets.js';
import type { OnnxContract } from './predict-images.js';
import { OpenFormatError } from './errors.js';
import type { ManifestFields } from './manifest-fields.js';

/** The clean test images models are scored on: a dataset the tool reads, or the user's `.npy` (N, H, W[, C]) in [0, 1]. */
export type OpenTestSet = { kind: 'dataset'; dataset: DatasetName; limit: number | null } | { kind: 'images'; images: string };

/**
 * The corruption models denoise: the tool's seeded Gaussian noise `clip(x + factor * N(0, 1), 0, 1)` (clip optional),
 * or the user's own noisy images as `.npy` (same shape as the clean ones, unpadded; the tool pads them per variant).
 */
export type OpenCorruption = { kind: 'gaussian'; factor: number; seed: number; clip: boolean } | { kind: 'inputs'; inputs: string };

/** What a manifest needs to run ONNX models itself: test set, corruption, and the models' contract. */
export interface OpenModelSettings {
  testSet: OpenTestSet;
  corruption: OpenCorruption;
  contract: OnnxContract;
}

/**
 * Reads the manifest's `testSet`, `corruption` and optional `model` blocks (needed when a run names an ONNX `model`
 * instead of arrays). Defaults: first input and output, layout `nchw`, outputKind `probabilities`, batch 256,
 * clip true. Throws `OpenFormatError` 'manifest' naming the field.
 *
 * @example
 * parseModelSettings(fields, 'exp/manifest.json').contract.layout; // 'nchw'
 */
export function parseModelSettings(f: ManifestFields, file: string): OpenModelSettings {
  if (!f.has('testSet') || !f.has('corruption')) {
    throw new OpenFormatError(
      'manifest',
      file,
      `names ONNX models, so it needs "testSet" ({ "dataset": "mnist" } or { "images": "clean.npy" }) and "corruption" ({ "noise": "gaussian", "factor": 0.5, "seed": 1 } or { "inputs": "noisy.npy" }); see docs/open-format.md.`,
    );
  }
  const t = f.record('testSet');
  if (t.has('dataset') === t.has('images')) throw new OpenFormatError('manifest', file, `field 'testSet' must name either "dataset" (${DATASET_NAMES.join(', ')}) or "images" (a .npy file), not both.`);
  const testSet: OpenTestSet = t.has('dataset')
    ? { kind: 'dataset', dataset: t.oneOf('dataset', DATASET_NAMES), limit: t.has('limit') ? t.integer('limit', 1) : null }
    : { kind: 'images', images: t.string('images') };
  const c = f.record('corruption');
  if (c.has('noise') === c.has('inputs')) throw new OpenFormatError('manifest', file, `field 'corruption' must give either "noise": "gaussian" (with "factor" and "seed") or "inputs" (a .npy file of noisy images), not both.`);
  let corruption: OpenCorruption;
  if (c.has('noise')) {
    c.oneOf('noise', ['gaussian'] as const);
    const factor = c.finite('factor');
    if (factor < 0) throw new OpenFormatError('manifest', file, `field 'corruption.factor' is ${factor}; the noise factor must be >= 0.`);
    corruption = { kind: 'gaussian', factor, seed: c.integer('seed', 0), clip: c.optionalBoolean('clip', true) };
  } else {
    corruption = { kind: 'inputs', inputs: c.string('inputs') };
  }
  const m = f.has('model') ? f.record('model') : null;
  const contract: OnnxContract = {
    input: m?.optionalString('input') ?? null,
    output: m?.optionalString('output') ?? null,
    layout: m === null ? 'nchw' : m.oneOf('layout', ['nchw', 'nhwc'] as const, 'nchw'),
    outputKind: m === null ? 'probabilities' : m.oneOf('outputKind', ['probabilities', 'logits'] as const, 'probabilities'),
    batchSize: m === null ? 256 : m.optionalInteger('batchSize', 1, 256),
  };
  return { testSet, corruption, contract };
}
