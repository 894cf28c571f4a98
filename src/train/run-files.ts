/**
 * The files of a run directory and what result.json holds: the format that summaries, reports and
 * the experiment runner read. Kept apart from the training code in run.ts so that reading finished
 * runs does not load tfjs.
 */
import type { BackendName } from '../engine/backend.js';
import type { RunConfig } from './config.js';
import { scoredTestLoss } from './history.js';
import type { Variant } from './variants.js';

/** File names inside a run directory. */
export const RUN_FILES = {
  config: 'config.json',
  environment: 'environment.json',
  history: 'history.json',
  result: 'result.json',
  lossMap: 'test-loss-map.json',
  intensityTable: 'test-intensity-table.json',
  samples: 'samples.json',
} as const;

/** result.json: written last, so its presence means the run finished. */
export interface RunResult {
  config: RunConfig;
  variant: Variant;
  backend: BackendName;
  parameters: number;
  trainImages: number;
  testImages: number;
  epochs: number;
  finalTrainLoss: number;
  finalTestLoss: number;
  /** Final test loss on the original 28x28 region (equals finalTestLoss for baseline28). */
  finalTestLossOriginal: number;
  /** Sum of the epochs' training times. */
  trainSeconds: number;
  /** Sum of the epochs' test evaluation times. */
  testSeconds: number;
  /** Training images per second over all epochs. */
  imagesPerSecond: number;
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

/** test-loss-map.json: mean per-pixel test BCE. */
export interface LossMapFile {
  height: number;
  width: number;
  pad: number;
  /** Row-major `height * width` means over the test images. */
  values: number[];
}
