import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random.js';
import { initEngine } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { buildAutoencoder, countParameters, summarizeLayers } from '../../src/model/autoencoder.js';
import { ModelError } from '../../src/model/errors.js';
import { glorotLimit } from '../../src/model/glorot.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** The seed question's two `autoencoder.summary()` tables: (type, output shape, params). */
const KERAS_SUMMARY_28: Array<[string, number[], number]> = [
  ['InputLayer', [28, 28, 1], 0],
  ['Conv2D', [28, 28, 32], 320],
  ['MaxPooling2D', [14, 14, 32], 0],
  ['Conv2D', [14, 14, 32], 9248],
  ['MaxPooling2D', [7, 7, 32], 0],
  ['Conv2D', [7, 7, 32], 9248],
  ['UpSampling2D', [14, 14, 32], 0],
  ['Conv2D', [14, 14, 32], 9248],
  ['UpSampling2D', [28, 28, 32], 0],
  ['Conv2D', [28, 28, 1], 289],
];
const KERAS_SUMMARY_32: Array<[string, number[], number]> = [
  ['InputLayer', [32, 32, 1], 0],
  ['Conv2D', [32, 32, 32], 320],
  ['MaxPooling2D', [16, 16, 32], 0],
  ['Conv2D', [16, 16, 32], 9248],
  ['MaxPooling2D', [8, 8, 32], 0],
  ['Conv2D', [8, 8, 32], 9248],
  ['UpSampling2D', [16, 16, 32], 0],
  ['Conv2D', [16, 16, 32], 9248],
  ['UpSampling2D', [32, 32, 32], 0],
  ['Conv2D', [32, 32, 1], 289],
];

describe('buildAutoencoder', () => {
  it.each([
    [28, KERAS_SUMMARY_28],
    [32, KERAS_SUMMARY_32],
  ])('matches the seed model summary at %i x %i with 28,353 parameters', (size, expected) => {
    const model = buildAutoencoder(size, createRng(1));
    expect(countParameters(model)).toBe(28353);
    expect(summarizeLayers(model).map((l) => [l.type, l.outputShape, l.params])).toEqual(expected);
    model.dispose();
  });

  it('builds 36 x 36 (edge36) with the same parameter count', () => {
    const model = buildAutoencoder(36, createRng(1));
    expect(countParameters(model)).toBe(28353);
    expect(model.outputs[0].shape).toEqual([null, 36, 36, 1]);
    model.dispose();
  });

  it('rejects sizes not divisible by 4', () => {
    expect(() => buildAutoencoder(30, createRng(1))).toThrow(ModelError);
    expect(() => buildAutoencoder(30, createRng(1))).toThrow(/not a positive multiple of 4/);
    expect(() => buildAutoencoder(0, createRng(1))).toThrow(/multiple of 4/);
  });

  it('draws glorot-uniform kernels from the rng and zero biases', () => {
    const model = buildAutoencoder(28, createRng(5));
    const weights = model.getWeights();
    expect(weights.map((w) => w.shape)).toEqual([
      [3, 3, 1, 32], [32],
      [3, 3, 32, 32], [32],
      [3, 3, 32, 32], [32],
      [3, 3, 32, 32], [32],
      [3, 3, 32, 1], [1],
    ]);
    for (const w of weights) {
      const values = Array.from(w.dataSync() as Float32Array);
      if (w.shape.length === 1) {
        expect(values.every((v) => v === 0)).toBe(true);
        continue;
      }
      const limit = glorotLimit(w.shape as [number, number, number, number]);
      const max = Math.max(...values.map(Math.abs));
      expect(max).toBeLessThanOrEqual(limit);
      // Uniform over (-limit, limit): with >= 288 draws the largest |v| is close to the limit.
      expect(max).toBeGreaterThan(0.9 * limit);
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      expect(Math.abs(mean)).toBeLessThan(0.2 * limit);
    }
    model.dispose();
  });

  it('gives identical weights for the same rng seed and different ones for another', () => {
    const a = buildAutoencoder(28, createRng(9));
    const b = buildAutoencoder(28, createRng(9));
    const c = buildAutoencoder(28, createRng(10));
    const flat = (m: tf.LayersModel): number[] => m.getWeights().flatMap((w) => Array.from(w.dataSync()));
    expect(flat(a)).toEqual(flat(b));
    expect(flat(a)).not.toEqual(flat(c));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('maps a batch to sigmoid outputs of the input size', () => {
    const model = buildAutoencoder(32, createRng(2));
    const y = tf.tidy(() => model.predict(tf.ones([2, 32, 32, 1])) as tf.Tensor);
    expect(y.shape).toEqual([2, 32, 32, 1]);
    const values = y.dataSync();
    expect(Array.from(values).every((v) => v > 0 && v < 1)).toBe(true);
    y.dispose();
    model.dispose();
  });
});
