// Apart from run.ts so that run.ts's declarations (trainRun, readRun: exported by the package root)
// do not name tfjs; see docs/DESIGN.md on the entry points.
import { tf } from '../engine/tf.js';
import type { SplitData } from './run-data.js';

/**
 * Gathers the rows `order[start..start+n)` of a split into one batch of inputs and targets.
 *
 * @example
 * const batch = gatherBatch(data.train, shuffledIndices(data.train.count, rng), 0, 128);
 * batch.inputs.shape; // [128, 28, 28, 1]; the caller disposes both tensors
 */
export function gatherBatch(split: SplitData, order: Uint32Array, start: number, n: number): { inputs: tf.Tensor4D; targets: tf.Tensor4D } {
  const plane = split.size * split.size;
  const inputs = new Float32Array(n * plane);
  const targets = new Float32Array(n * plane);
  for (let j = 0; j < n; j++) {
    const row = order[start + j] * plane;
    inputs.set(split.inputs.subarray(row, row + plane), j * plane);
    targets.set(split.targets.subarray(row, row + plane), j * plane);
  }
  return {
    inputs: tf.tensor4d(inputs, [n, split.size, split.size, 1]),
    targets: tf.tensor4d(targets, [n, split.size, split.size, 1]),
  };
}
