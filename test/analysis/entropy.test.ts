import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bceExcess, binaryEntropy, pixelBce } from '../../src/analysis/index.js';

describe('binaryEntropy', () => {
  it('matches hand-worked values (nats)', () => {
    expect(binaryEntropy(0.5)).toBeCloseTo(Math.LN2, 15);
    expect(binaryEntropy(0)).toBe(0);
    expect(binaryEntropy(1)).toBe(0);
    // H(0.25) = 0.25 ln 4 + 0.75 ln(4/3)
    expect(binaryEntropy(0.25)).toBeCloseTo(0.25 * Math.log(4) + 0.75 * Math.log(4 / 3), 15);
    expect(binaryEntropy(0.25)).toBeCloseTo(binaryEntropy(0.75), 15);
    expect(Array.from(binaryEntropy([0, 0.5, 1]))).toEqual([0, binaryEntropy(0.5), 0]);
  });

  it('is the floor of BCE, reached at p = t', () => {
    expect(pixelBce(0.3, 0.3)).toBeCloseTo(binaryEntropy(0.3), 15);
    expect(bceExcess(0.5, 0.5)).toBeCloseTo(0, 15);
    expect(bceExcess(1, 0.5)).toBeCloseTo(Math.LN2, 15);
    // At t = 0 the clipped minimum is ~1e-7, not 0.
    expect(bceExcess(0, 0)).toBeCloseTo(1e-7, 12);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: -0.5, max: 1.5, noNaN: true }), (t, p) => {
        expect(bceExcess(t, p)).toBeGreaterThanOrEqual(-1e-15);
      }),
    );
  });

  it('rejects targets outside [0, 1]', () => {
    expect(() => binaryEntropy(-0.1)).toThrow(/\[0, 1\]/);
    expect(() => binaryEntropy([0.2, Number.NaN])).toThrow(/index 1/);
  });
});
