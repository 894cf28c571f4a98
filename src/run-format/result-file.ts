import type { PadMode } from '../data/pad.js';
import type { RunBackend } from './environment-file.js';
import { parseRunConfig, type RunConfig } from './config-file.js';
import { RUN_BACKENDS } from './environment-file.js';
import { RunFileError } from './errors.js';
import { failFor, finite, integer, nonNegative, oneOf, record, text } from '../json/fields.js';
import { scoredTestLoss } from './history-file.js';

/** The numpy.pad modes a variant can pad with. */
export const PAD_MODES = ['edge', 'constant', 'reflect', 'symmetric', 'wrap'] as const satisfies readonly PadMode[];

/** A variant as result.json records it (the shape of src/train's Variant). */
export interface RunVariant {
  /** The canonical name, e.g. `baseline28`, `edge32`, `edge32-masked`. */
  name: string;
  /** Pad width on each side (0 for the baseline). */
  pad: number;
  padMode: PadMode;
  constantValue: number;
  /** `all`: loss over every output pixel; `original`: only over the original region. */
  lossRegion: 'all' | 'original';
  /** Input and output side: original side + 2 * pad. */
  size: number;
}

/** result.json: the run's final numbers (written after its loss map, table and samples). */
export interface RunResult {
  config: RunConfig;
  variant: RunVariant;
  backend: RunBackend;
  parameters: number;
  trainImages: number;
  testImages: number;
  epochs: number;
  finalTrainLoss: number;
  finalTestLoss: number;
  /** Final test loss on the original region (equals finalTestLoss without a pad). */
  finalTestLossOriginal: number;
  /** Sum of the epochs' training times. */
  trainSeconds: number;
  /** Sum of the epochs' test evaluation times. */
  testSeconds: number;
  /** Training images per second over all epochs. */
  imagesPerSecond: number;
}

/**
 * Checks every field of a parsed result.json and returns it typed. Throws a RunFileError naming
 * `path` and the field.
 *
 * @example
 * parseRunResult(JSON.parse(text), 'runs/edge32/seed-1/result.json').finalTestLoss; // 0.0751...
 */
export function parseRunResult(json: unknown, path: string): RunResult {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const r = record(json, 'result', fail);
  const v = record(r.variant, 'variant', fail);
  const variant: RunVariant = {
    name: text(v.name, 'variant.name', fail),
    pad: integer(v.pad, 'variant.pad', fail, 0),
    padMode: oneOf(v.padMode, PAD_MODES, 'variant.padMode', fail),
    constantValue: finite(v.constantValue, 'variant.constantValue', fail),
    lossRegion: oneOf(v.lossRegion, ['all', 'original'] as const, 'variant.lossRegion', fail),
    size: integer(v.size, 'variant.size', fail, 1),
  };
  if (variant.size <= 2 * variant.pad) fail(`variant.size is ${variant.size} with pad ${variant.pad}, expected size > 2 * pad`);
  return {
    config: parseRunConfig(r.config, path, 'config'),
    variant,
    backend: oneOf(r.backend, RUN_BACKENDS, 'backend', fail),
    parameters: integer(r.parameters, 'parameters', fail, 1),
    trainImages: integer(r.trainImages, 'trainImages', fail, 1),
    testImages: integer(r.testImages, 'testImages', fail, 1),
    epochs: integer(r.epochs, 'epochs', fail, 1),
    finalTrainLoss: nonNegative(r.finalTrainLoss, 'finalTrainLoss', fail),
    finalTestLoss: nonNegative(r.finalTestLoss, 'finalTestLoss', fail),
    finalTestLossOriginal: nonNegative(r.finalTestLossOriginal, 'finalTestLossOriginal', fail),
    trainSeconds: nonNegative(r.trainSeconds, 'trainSeconds', fail),
    testSeconds: nonNegative(r.testSeconds, 'testSeconds', fail),
    imagesPerSecond: nonNegative(r.imagesPerSecond, 'imagesPerSecond', fail),
  };
}

/**
 * A finished run's final test loss over the pixels its training loss counts (see {@link scoredTestLoss}).
 *
 * @example
 * resultTestLoss(result); // result.finalTestLossOriginal for edge32-masked, result.finalTestLoss otherwise
 */
export function resultTestLoss(result: RunResult): number {
  return scoredTestLoss({ testLoss: result.finalTestLoss, testLossOriginal: result.finalTestLossOriginal }, result.variant.lossRegion);
}
