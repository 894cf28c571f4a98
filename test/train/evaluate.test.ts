import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { evaluatePixelLosses, regionMeanLoss } from '../../src/train/evaluate.js';
import type { SplitData } from '../../src/train/run-data.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** 5 images of 2x2: targets alternate 0/1, inputs are the predictions (identity "model"). */
function split(): SplitData {
  const inputs = Float32Array.from({ length: 20 }, (_, i) => 0.1 + 0.04 * i);
  const targets = Float32Array.from({ length: 20 }, (_, i) => i % 2);
  return { count: 5, size: 2, inputs, targets, labels: new Uint8Array(5) };
}

describe('evaluatePixelLosses', () => {
  it('returns the per-pixel BCE of every output pixel, its mean map and mean (batches of 2)', () => {
    const data = split();
    const result = evaluatePixelLosses((x) => x.clone(), data, 2);
    const expected = Array.from(data.inputs, (p, i) => (i % 2 === 1 ? -Math.log(p) : -Math.log(1 - p)));
    expect(result.perPixel.length).toBe(20);
    expected.forEach((e, i) => expect(result.perPixel[i]).toBeCloseTo(e, 5));
    for (let k = 0; k < 4; k++) {
      const mean = [0, 1, 2, 3, 4].reduce((s, n) => s + expected[n * 4 + k], 0) / 5;
      expect(result.meanMap[k]).toBeCloseTo(mean, 5);
    }
    expect(result.meanLoss).toBeCloseTo(expected.reduce((a, b) => a + b) / 20, 5);
  });

  it('does not depend on the batch size and leaves no tensors behind', () => {
    const data = split();
    const before = tf.memory().numTensors;
    const a = evaluatePixelLosses((x) => tf.sigmoid(x), data, 1);
    const b = evaluatePixelLosses((x) => tf.sigmoid(x), data, 5);
    expect(tf.memory().numTensors).toBe(before);
    expect(a.perPixel).toEqual(b.perPixel);
  });
});

describe('regionMeanLoss', () => {
  it('averages the central square of a map', () => {
    expect(regionMeanLoss(Float64Array.from([9, 9, 9, 9, 1, 9, 9, 9, 9]), 3, 1)).toBe(1);
    const map = Float64Array.from({ length: 16 }, (_, i) => i);
    expect(regionMeanLoss(map, 4, 1)).toBe((5 + 6 + 9 + 10) / 4);
    expect(regionMeanLoss(map, 4, 0)).toBe(7.5);
  });
});
