import { describe, expect, it } from 'vitest';
import { measurePadCost, predictPaddedLoss } from '../../src/analysis/index.js';

describe('predictPaddedLoss', () => {
  it('dilutes the original mean by free pad pixels (hand-worked 2x2 -> 4x4)', () => {
    const p = predictPaddedLoss({ map28: new Float64Array(4).fill(0.1), originalSize: 2, pad: 1, padCost: 0 });
    expect(p.predicted).toBeCloseTo(0.025, 15);
    expect(p).toMatchObject({ originalPixels: 4, padPixels: 12, totalPixels: 16, padCost: 0 });
    expect(p.originalMean).toBeCloseTo(0.1, 15);
    expect(p.change).toBeCloseTo(-0.075, 15);
  });

  it('weights a non-zero pad cost', () => {
    // 4x4 map with mean 0.15, pad 1 (36 px), pad cost 0.06: (16 * 0.15 + 20 * 0.06) / 36 = 0.1
    const map = new Float64Array([0.1, 0.2, 0.1, 0.2, 0.2, 0.1, 0.2, 0.1, 0.1, 0.2, 0.1, 0.2, 0.2, 0.1, 0.2, 0.1]);
    expect(predictPaddedLoss({ map28: map, originalSize: 4, pad: 1, padCost: 0.06 }).predicted).toBeCloseTo(0.1, 15);
  });

  it('predicts the MNIST 28 -> 32 case with cheap pad pixels', () => {
    const p = predictPaddedLoss({ map28: new Float32Array(784).fill(0.099), pad: 2, padCost: 0 });
    expect(p.totalPixels).toBe(1024);
    expect(p.predicted).toBeCloseTo((0.099 * 784) / 1024, 8); // 0.0758
  });

  it('validates input', () => {
    expect(() => predictPaddedLoss({ map28: new Float64Array(780), pad: 2, padCost: 0 })).toThrow(/map28 has length 780, expected .* = 784/);
    expect(() => predictPaddedLoss({ map28: new Float64Array(784), pad: 2, padCost: Number.NaN })).toThrow(/padCost/);
    expect(() => predictPaddedLoss({ map28: new Float64Array(784), pad: -1, padCost: 0 })).toThrow(/pad must be/);
  });
});

describe('measurePadCost', () => {
  it('averages the pad ring of a padded map (hand-worked)', () => {
    // pad ring of 12 pixels: eleven 0 and one 0.12 -> 0.01
    const map = new Float64Array([0, 0, 0, 0, 0, 0.1, 0.1, 0, 0, 0.1, 0.1, 0, 0, 0, 0, 0.12]);
    expect(measurePadCost(map, 4, 1)).toBeCloseTo(0.01, 15);
  });

  it('refuses a map without a pad ring', () => {
    expect(() => measurePadCost(new Float64Array(16), 4, 0)).toThrow(/no pad ring/);
    expect(() => measurePadCost(new Float64Array(15), 4, 1)).toThrow(/length 15/);
  });
});
