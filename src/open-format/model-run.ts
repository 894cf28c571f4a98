import { loadOnnxRuntime, type OnnxRuntime } from '../onnx/runtime.js';
import { predictImages } from './predict-images.js';
import { OpenFormatError } from './errors.js';
import type { OpenVariant } from './manifest.js';
import type { OpenModelSettings } from './model-manifest.js';
import { noiseOriginalFirst, padChannelsLast, type ModelTestSet } from './model-test-set.js';
import type { NumericArray } from './npy.js';
import { runFromPredictions, type OpenRunDetails, type OpenRunGeometry } from './run-from-arrays.js';
import type { RunRecord } from '../run-format/run-record.js';

/** A variant's inputs and targets: the test set padded as the variant declares, then corrupted. */
export interface VariantImages {
  targets: Float32Array;
  inputs: Float32Array;
}

/**
 * Pads the clean test images as the variant declares and corrupts them: the tool's seeded noise (the same on the
 * original pixels for every variant) or the user's noisy images padded the same way. Throws `OpenFormatError`
 * 'shape' when the test images are not the variant's original size.
 *
 * @example
 * const { targets, inputs } = variantImages(set, variant, settings, 'exp/manifest.json');
 */
export function variantImages(set: ModelTestSet, variant: OpenVariant, settings: OpenModelSettings, manifestFile: string): VariantImages {
  const { pads } = variant;
  const oh = variant.height - pads.top - pads.bottom;
  const ow = variant.width - pads.left - pads.right;
  if (oh !== set.height || ow !== set.width || variant.channels !== set.channels) {
    throw new OpenFormatError(
      'shape',
      manifestFile,
      `variant '${variant.id}' holds an original image of ${oh}x${ow}x${variant.channels}, but the test set (${set.source}) is ${set.height}x${set.width}x${set.channels}; declare the variant's height, width, pads and channels for these images.`,
    );
  }
  const pad = (images: Float32Array) => padChannelsLast(images, set.count, set.height, set.width, set.channels, pads, variant.padMode);
  const targets = pad(set.clean);
  const c = settings.corruption;
  const inputs =
    c.kind === 'gaussian'
      ? noiseOriginalFirst(targets, { count: set.count, height: variant.height, width: variant.width, channels: set.channels, pads }, c.factor, c.seed, c.clip)
      : pad(set.noisy ?? set.clean);
  return { targets, inputs };
}

function numeric(data: Float32Array, set: ModelTestSet, variant: OpenVariant): NumericArray {
  return { shape: [set.count, variant.height, variant.width, set.channels], data, dtype: 'f4', convertedFromFortran: false };
}

/**
 * Runs one ONNX model of a variant on the variant's images and scores its outputs as the open format scores arrays:
 * the returned record and details equal what `runFromPredictions` gives for the same targets and predictions saved
 * as `.npy` files. `runtime` is loaded on first use and shared by the caller's runs.
 *
 * @example
 * const { record } = await runFromModel({ runtime, modelBytes, modelFile, settings, set, images, variant, geometry, samples: 4 });
 */
export async function runFromModel(args: {
  runtime: OnnxRuntime;
  modelBytes: Uint8Array;
  modelFile: string;
  settings: OpenModelSettings;
  set: ModelTestSet;
  images: VariantImages;
  variant: OpenVariant;
  geometry: OpenRunGeometry;
  samples: number;
}): Promise<{ record: RunRecord; details: OpenRunDetails; predictions: Float32Array }> {
  const { set, variant, images, modelFile } = args;
  const predictions = await predictImages(
    args.runtime,
    args.modelBytes,
    modelFile,
    args.settings.contract,
    { data: images.inputs, count: set.count, height: variant.height, width: variant.width, channels: set.channels },
    { checkRange: args.geometry.loss === 'bce', what: `variant '${variant.id}'` },
  );
  const { record, details } = runFromPredictions(
    args.geometry,
    {
      targets: numeric(images.targets, set, variant),
      targetsFile: `${set.source} (padded for '${variant.id}')`,
      predictions: numeric(predictions, set, variant),
      predictionsFile: `${modelFile} outputs`,
      inputs: numeric(images.inputs, set, variant),
      inputsFile: `${set.source} (noisy, padded for '${variant.id}')`,
    },
    args.samples,
    modelFile,
  );
  return { record, details, predictions };
}

/** The runtime, loaded once per experiment on the first model run. */
export function lazyRuntime(): () => Promise<OnnxRuntime> {
  let loading: Promise<OnnxRuntime> | null = null;
  return () => (loading ??= loadOnnxRuntime());
}
