import { describe, expect, it } from 'vitest';
import { binaryEntropy, padContent } from '../../src/analysis/index.js';

describe('padContent', () => {
  it('measures the ring of a 3x3 image with pad 1 (hand-worked)', () => {
    const c = padContent(new Float32Array([0, 0, 0, 0, 1, 0, 0, 0, 0.5]), 1, 3, 1);
    expect(c).toEqual({
      images: 1,
      size: 3,
      pad: 1,
      padPixelsPerImage: 8,
      padPixels: 8,
      nonZeroPixels: 1,
      nonZeroShare: 0.125,
      meanTarget: 0.0625,
      meanFloor: Math.LN2 / 8,
    });
  });

  it('measures an edge-padded 2x2 image over two images', () => {
    // [[0, 0], [0, 1]] edge-padded by 1, and an all-black image
    // prettier-ignore
    const padded = new Float32Array([
      0, 0, 0, 0,
      0, 0, 0, 0,
      0, 0, 1, 1,
      0, 0, 1, 1,
      ...new Array<number>(16).fill(0),
    ]);
    const c = padContent(padded, 2, 4, 1);
    expect(c.padPixels).toBe(24);
    expect(c.nonZeroPixels).toBe(3);
    expect(c.nonZeroShare).toBe(3 / 24);
    expect(c.meanTarget).toBe(3 / 24);
    expect(c.meanFloor).toBe(0);
  });

  it('applies a threshold and reports entropy of grey pad pixels', () => {
    const c = padContent(new Float64Array([0.25, 0.75, 0.01, 0.5, 1, 0.5, 0, 0, 0]), 1, 3, 1, { threshold: 0.3 });
    expect(c.nonZeroPixels).toBe(3); // 0.75, 0.5, 0.5 (the centre 1 is not pad)
    expect(c.meanFloor).toBeCloseTo((2 * binaryEntropy(0.25) + binaryEntropy(0.01) + 2 * Math.LN2) / 8, 15);
  });

  it('returns nulls without a pad ring, and validates input', () => {
    const c = padContent(new Float32Array(4), 1, 2, 0);
    expect(c.padPixels).toBe(0);
    expect(c.nonZeroShare).toBeNull();
    expect(c.meanTarget).toBeNull();
    expect(() => padContent(new Float32Array(8), 1, 3, 1)).toThrow(/length 8/);
    expect(() => padContent(new Float32Array(9).fill(Number.NaN), 1, 3, 1)).toThrow(/NaN at index 0 \(image 0, row 0, column 0\)/);
    expect(() => padContent(new Float32Array(9), 1, 3, 2)).toThrow(/leaves no original/);
  });
});
