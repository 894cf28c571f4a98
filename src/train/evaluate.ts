import { tf } from '../engine/tf.js';
import { pixelBinaryCrossEntropy } from '../model/loss.js';
import type { SplitData } from './run-data.js';

/** Per-pixel losses of a model on a split. */
export interface PixelLossEvaluation {
  count: number;
  size: number;
  /** Per-pixel BCE of every image, `count * size * size`, NHWC (C = 1). */
  perPixel: Float32Array;
  /** Mean over images of the per-pixel BCE, `size * size` (float64 sums). */
  meanMap: Float64Array;
  /** Mean BCE over all pixels of all images (Keras's test loss). */
  meanLoss: number;
}

/** Something that maps a `[B, S, S, 1]` batch to the model's outputs (caller of it disposes the result). */
export type BatchPredictor = (inputs: tf.Tensor4D) => tf.Tensor4D;

/**
 * Runs the model over a split in batches and returns the per-pixel BCE of every output pixel
 * against the clean targets, its mean map and mean. Only one batch of tensors exists at a time
 * (each batch runs in `tf.tidy`), so memory stays flat whatever the split's size.
 *
 * @example
 * const evaluation = evaluatePixelLosses((x) => trainer.predict(x), data.test, 256);
 * evaluation.meanLoss; // e.g. 0.0995 for baseline28 after 10 epochs
 */
export function evaluatePixelLosses(predict: BatchPredictor, split: SplitData, batchSize: number): PixelLossEvaluation {
  const { count, size } = split;
  const plane = size * size;
  const perPixel = new Float32Array(count * plane);
  for (let start = 0; start < count; start += batchSize) {
    const n = Math.min(batchSize, count - start);
    const values = tf.tidy(() => {
      const inputs = tf.tensor4d(split.inputs.subarray(start * plane, (start + n) * plane), [n, size, size, 1]);
      const targets = tf.tensor4d(split.targets.subarray(start * plane, (start + n) * plane), [n, size, size, 1]);
      const outputs = predict(inputs);
      return pixelBinaryCrossEntropy(targets, outputs);
    });
    perPixel.set(values.dataSync() as Float32Array, start * plane);
    values.dispose();
  }
  const meanMap = new Float64Array(plane);
  let total = 0;
  for (let n = 0; n < count; n++) {
    const base = n * plane;
    for (let i = 0; i < plane; i++) meanMap[i] += perPixel[base + i];
  }
  for (let i = 0; i < plane; i++) {
    total += meanMap[i];
    meanMap[i] /= count;
  }
  return { count, size, perPixel, meanMap, meanLoss: total / (count * plane) };
}

/**
 * Mean of a `size x size` mean map over its central `(size - 2 * pad)` square: the loss on the
 * original image inside a pad of width `pad` (the whole map when pad is 0).
 *
 * @example
 * regionMeanLoss(new Float64Array([9, 9, 9, 9, 1, 9, 9, 9, 9]), 3, 1); // 1
 */
export function regionMeanLoss(meanMap: Float64Array, size: number, pad: number): number {
  let sum = 0;
  for (let y = pad; y < size - pad; y++) {
    for (let x = pad; x < size - pad; x++) sum += meanMap[y * size + x];
  }
  const side = size - 2 * pad;
  return sum / (side * side);
}
