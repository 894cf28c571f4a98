import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adjustComparisons, comparePaired, compareUnpaired, holmAdjust, holmAdjustNamed } from '../../src/stats/index.js';
import { SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

describe('holmAdjust', () => {
  it('adjusts the Holm-Bonferroni example from Wikipedia (p = 0.01, 0.04, 0.03, 0.005)', () => {
    // Hand: sorted 0.005, 0.01, 0.03, 0.04 x 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04; running max
    // 0.02, 0.03, 0.06, 0.06. At alpha 0.05 H1 and H4 are rejected, as the example concludes.
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    [0.03, 0.06, 0.06, 0.02].forEach((v, i) => expect(adj[i]).toBeCloseTo(v, 15));
  });

  it('caps at 1 and treats nulls like R treats NA (passed through, not counted)', () => {
    // m = 3 non-null: sorted 0.2, 0.3, 0.5 x 3, 2, 1 = 0.6, 0.6, 0.5 -> running max 0.6, 0.6, 0.6
    const adj = holmAdjust([0.5, null, 0.2, 0.3]);
    expect(adj[1]).toBeNull();
    [0, 2, 3].forEach((i) => expect(adj[i]).toBeCloseTo(0.6, 15));
    expect(holmAdjust([0.4, 0.6])).toEqual([0.8, 0.8]);
    expect(holmAdjust([0.9, 0.7])).toEqual([1, 1]);
    expect(holmAdjust([])).toEqual([]);
  });

  it('is monotone in the raw p, never below it, and at most 1 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (p) => {
        const adj = holmAdjust(p) as number[];
        for (let i = 0; i < p.length; i++) {
          expect(adj[i]).toBeGreaterThanOrEqual(p[i]);
          expect(adj[i]).toBeLessThanOrEqual(1);
          for (let j = 0; j < p.length; j++) if (p[i] < p[j]) expect(adj[i]).toBeLessThanOrEqual(adj[j]);
        }
      }),
    );
  });

  it('rejects values that are not p-values', () => {
    expect(() => holmAdjust([0.1, 1.2])).toThrow(/\[0, 1\]/);
    expect(() => holmAdjust([NaN])).toThrow();
  });
});

describe('holmAdjustNamed / adjustComparisons', () => {
  it('adjusts a named family', () => {
    expect(holmAdjustNamed({ edge32: 0.01, zero32: 0.04, wrap32: null })).toEqual({ edge32: 0.02, zero32: 0.04, wrap32: null });
  });

  it('attaches Holm-adjusted t and rank p-values to each comparison', () => {
    const opts = { bootstrap: false } as const;
    const family = {
      sleep: comparePaired(SLEEP_GROUP1, SLEEP_GROUP2, opts),
      tooFew: comparePaired([1, 2], [2, 3], opts),
      unpaired: compareUnpaired(SLEEP_GROUP1, SLEEP_GROUP2, opts),
    };
    const adj = adjustComparisons(family);
    expect(adj.sleep.adjusted.familySizeT).toBe(2);
    expect(adj.tooFew.adjusted.t).toBeNull();
    const expectedT = holmAdjust([family.sleep.tTest.p, null, family.unpaired.tTest.p]);
    expect(adj.sleep.adjusted.t).toBe(expectedT[0]);
    expect(adj.unpaired.adjusted.t).toBe(expectedT[2]);
    expect(adj.unpaired.adjusted.rank).toBe(holmAdjust([family.sleep.wilcoxon.p, null, family.unpaired.rankSum.p])[2]);
    expect(adj.sleep.tTest.p).toBe(family.sleep.tTest.p);
  });
});
