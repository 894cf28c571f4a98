import { tf } from '../engine/tf.js';
import type { BatchPredictor } from './evaluate.js';
import type { SamplesFile } from '../run-format/samples-file.js';
import type { SplitData } from './run-data.js';

/** Test images shown in samples.json: the first six of the split (MNIST: 7 2 1 0 4 1). */
export const SAMPLE_TEST_INDICES: readonly number[] = [0, 1, 2, 3, 4, 5];

export type { SamplesFile } from '../run-format/samples-file.js';

const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * Runs the model on the fixed sample images and returns their pixels rounded to 4 decimals
 * (row-major `size * size` arrays). Indices beyond the split are skipped.
 *
 * @example
 * const samples = collectSamples((x) => trainer.predict(x), data.test, 2);
 * samples.samples[0].output.length; // 1024 for edge32
 */
export function collectSamples(predict: BatchPredictor, split: SplitData, pad: number): SamplesFile {
  const plane = split.size * split.size;
  const indices = SAMPLE_TEST_INDICES.filter((i) => i < split.count);
  const batch = new Float32Array(indices.length * plane);
  indices.forEach((index, j) => batch.set(split.inputs.subarray(index * plane, (index + 1) * plane), j * plane));
  const outputs = tf.tidy(() => predict(tf.tensor4d(batch, [indices.length, split.size, split.size, 1])));
  const values = outputs.dataSync() as Float32Array;
  outputs.dispose();
  const pick = (array: Float32Array, offset: number): number[] => Array.from(array.subarray(offset, offset + plane), round4);
  return {
    size: split.size,
    pad,
    samples: indices.map((index, j) => ({
      index,
      label: split.labels[index],
      noisy: pick(split.inputs, index * plane),
      output: pick(values, j * plane),
      target: pick(split.targets, index * plane),
    })),
  };
}
