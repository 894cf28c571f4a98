import { describe, expect, it } from 'vitest';
import { AnalysisError, BCE_EPSILON, pixelBce } from '../../src/analysis/index.js';

describe('pixelBce', () => {
  it('matches hand-worked values', () => {
    expect(pixelBce(1, 0.5)).toBeCloseTo(Math.LN2, 15);
    expect(pixelBce(0, 0.5)).toBeCloseTo(Math.LN2, 15);
    // t = 0.5, p = 0.25: -(0.5 ln 0.25 + 0.5 ln 0.75) = 0.5 (ln 4 + ln 4/3)
    expect(pixelBce(0.5, 0.25)).toBeCloseTo(0.5 * (Math.log(4) + Math.log(4 / 3)), 15);
    expect(pixelBce(1, Math.E ** -2)).toBeCloseTo(2, 14);
  });

  it('clips predictions to [1e-7, 1 - 1e-7] like the training loss', () => {
    expect(BCE_EPSILON).toBe(1e-7);
    expect(pixelBce(0, 0)).toBeCloseTo(-Math.log1p(-1e-7), 20); // 1.00000005e-7
    expect(pixelBce(1, 0)).toBeCloseTo(-Math.log(1e-7), 12); // 16.118...
    expect(pixelBce(1, 1)).toBeCloseTo(-Math.log(1 - 1e-7), 20);
    // p = 1 - 1e-7 rounded to float64, so 1 - p is not exactly 1e-7
    expect(pixelBce(0, 1)).toBeCloseTo(-Math.log1p(-(1 - 1e-7)), 14);
    expect(pixelBce(0, 1)).toBeCloseTo(-Math.log(1e-7), 8);
    expect(pixelBce(1, -3)).toBe(pixelBce(1, 0));
    expect(pixelBce(0, 2)).toBe(pixelBce(0, 1));
  });

  it('works element-wise on arrays', () => {
    const out = pixelBce([0, 1, 0.5], new Float32Array([0.5, 0.5, 0.25]));
    expect(out).toBeInstanceOf(Float64Array);
    expect(Array.from(out)).toEqual([pixelBce(0, 0.5), pixelBce(1, 0.5), pixelBce(0.5, 0.25)]);
  });

  it('rejects bad input with a clear message', () => {
    expect(() => pixelBce([0, 1], [0.5])).toThrow(/length 2 .* length 1/);
    expect(() => pixelBce([0, 1.5], [0.5, 0.5])).toThrow(/index 1 is 1.5/);
    expect(() => pixelBce([0, 0], [0.5, Number.NaN])).toThrow(AnalysisError);
    expect(() => pixelBce(Number.NaN, 0.5)).toThrow(/\[0, 1\]/);
  });
});
