import { describe, expect, it } from 'vitest';
import { measurePairing, StatsError } from '../../src/stats/index.js';

describe('measurePairing', () => {
  it('measures a pairing that helps (NumPy: corrcoef 0.998274373, variance ratio 511)', () => {
    // python3: a = [1, 2, 3, 4]; b = [1.1, 2, 3.2, 4.1]; np.corrcoef(a, b)[0, 1];
    //          (a.var(ddof=1) + b.var(ddof=1)) / (a - b).var(ddof=1)
    const p = measurePairing([1, 2, 3, 4], [1.1, 2.0, 3.2, 4.1]);
    expect(p.n).toBe(4);
    expect(p.correlation).toBeCloseTo(0.9982743731749958, 12);
    expect(p.varianceReduction).toBeCloseTo(511, 8);
    expect(p.sePaired! ** 2 * p.varianceReduction!).toBeCloseTo(p.seUnpaired! ** 2, 12);
    expect(p.notes).toEqual([]);
  });

  it('says so when pairing hurts (hand: a = 1, 2, 3 and b = 3, 2, 1)', () => {
    // var a = var b = 1; a - b = -2, 0, 2 with var 4; r = -1; reduction (1 + 1) / 4 = 0.5
    const p = measurePairing([1, 2, 3], [3, 2, 1]);
    expect(p.correlation).toBeCloseTo(-1, 12);
    expect(p.sdDifference).toBeCloseTo(2, 12);
    expect(p.sePaired).toBeCloseTo(Math.sqrt(4 / 3), 12);
    expect(p.seUnpaired).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(p.varianceReduction).toBeCloseTo(0.5, 12);
    expect(p.notes.join(' ')).toMatch(/increased the variance of the difference 2.00-fold/);
  });

  it('gives no correlation for a constant side or fewer than 3 seeds, and nothing for 1', () => {
    const constant = measurePairing([0, 0, 0], [1, 2, 4]);
    expect(constant.correlation).toBeNull();
    expect(constant.varianceReduction).toBeCloseTo(1, 12); // var(0 - b) = var b
    expect(constant.notes.join(' ')).toMatch(/a has the same value for every seed/);
    expect(measurePairing([1, 2], [2, 5]).correlation).toBeNull();
    const one = measurePairing([1], [2]);
    expect([one.sdA, one.sePaired, one.varianceReduction]).toEqual([null, null, null]);
  });

  it('leaves the reduction unbounded (null) when every difference is equal', () => {
    const p = measurePairing([1, 2, 4], [0, 1, 3]);
    expect(p.sePaired).toBe(0);
    expect(p.varianceReduction).toBeNull();
    expect(p.correlation).toBeCloseTo(1, 12);
  });

  it('refuses unequal lengths and non-finite values', () => {
    expect(() => measurePairing([1, 2], [1])).toThrow(StatsError);
    expect(() => measurePairing([1, NaN], [1, 2])).toThrow(/finite/);
  });
});
