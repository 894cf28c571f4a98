import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from '../../src/stats/index.js';
import { HW_PAIRED_X, HW_PAIRED_Y, SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

const hwDiff = HW_PAIRED_X.map((v, i) => v - HW_PAIRED_Y[i]);

/** P(V <= v) by enumerating all 2^n sign patterns of ranks 1..n (independent of stdlib). */
function bruteForceCdf(v: number, n: number): number {
  let count = 0;
  for (let mask = 0; mask < 1 << n; mask++) {
    let s = 0;
    for (let r = 1; r <= n; r++) if (mask & (1 << (r - 1))) s += r;
    if (s <= v) count++;
  }
  return count / 2 ** n;
}

describe('wilcoxonSignedRank', () => {
  it("matches R's ?wilcox.test paired example (Hollander & Wolfe 1973, p. 29), exact", () => {
    // R: wilcox.test(x, y, paired = TRUE, alternative = "greater") -> V = 40, p-value = 0.01953
    const greater = wilcoxonSignedRank(hwDiff, { alternative: 'greater' });
    expect(greater.statistic).toBe(40);
    expect(greater.method).toBe('exact');
    expect(greater.p).toBeCloseTo(0.01953, 5);
    expect(greater.p).toBe(10 / 512); // exact: 10 of the 2^9 sign patterns have V >= 40
    // two-sided doubles the smaller tail: 0.03906
    expect(wilcoxonSignedRank(hwDiff).p).toBeCloseTo(0.0390625, 12);
    // 'less' is P(V <= 40) = 1 - P(V >= 41); checked against enumeration in the property test below
    expect(wilcoxonSignedRank(hwDiff, { alternative: 'less' }).p).toBeGreaterThan(0.98);
  });

  it("matches R's wilcox.test on the sleep data (ties and a zero: normal approximation with continuity correction)", () => {
    // R: wilcox.test(g1, g2, paired = TRUE) -> V = 0, p-value = 0.009091
    const r = wilcoxonSignedRank(SLEEP_GROUP1.map((v, i) => v - SLEEP_GROUP2[i]));
    expect(r.statistic).toBe(0);
    expect(r.method).toBe('normal');
    expect(r.zeros).toBe(1);
    expect(r.n).toBe(9);
    expect(r.hasTies).toBe(true);
    expect(r.p).toBeCloseTo(0.009091, 6);
  });

  it('agrees with brute-force enumeration of the exact distribution (n <= 10)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 1000 }), { minLength: 3, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 10, maxLength: 10 }),
        fc.constantFrom('two-sided' as const, 'greater' as const, 'less' as const),
        (mags, signs, alternative) => {
          const d = mags.map((m, i) => (signs[i] ? m : -m));
          const n = d.length;
          const r = wilcoxonSignedRank(d, { alternative });
          const v = r.statistic!;
          const lower = bruteForceCdf(v, n);
          const upper = 1 - bruteForceCdf(v - 1, n);
          const expected = alternative === 'less' ? lower : alternative === 'greater' ? upper : Math.min(1, 2 * Math.min(lower, upper));
          expect(r.method).toBe('exact');
          expect(r.p).toBeCloseTo(expected, 12);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("switches to the normal approximation at n = 50 (R's rule n < 50 for exact)", () => {
    const d49 = Array.from({ length: 49 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    const d50 = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? -(i + 1) : i + 1));
    expect(wilcoxonSignedRank(d49).method).toBe('exact');
    expect(wilcoxonSignedRank(d50).method).toBe('normal');
    expect(wilcoxonSignedRank(d50, { exact: true }).method).toBe('exact');
  });

  it('normal approximation without ties, hand-worked', () => {
    // d = 1..5 all positive, exact = false, correct = false: V = 15, mean 7.5, var 5*6*11/24 = 13.75
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5], { exact: false, correct: false, alternative: 'greater' });
    expect(r.z).toBeCloseTo(7.5 / Math.sqrt(13.75), 12);
  });

  it('reports the smallest attainable exact p (5 seeds cannot reach p < 0.05 two-sided)', () => {
    const r = wilcoxonSignedRank([1, 2, 3, 4, 5]);
    expect(r.p).toBe(0.0625);
    expect(r.minAttainableP).toBe(0.0625);
  });

  it('returns null with a reason for too few seeds or all-zero differences', () => {
    expect(wilcoxonSignedRank([1, 2]).reason).toBe('n = 2 < 3 seeds: no test');
    const zeros = wilcoxonSignedRank([0, 0, 0]);
    expect(zeros.p).toBeNull();
    expect(zeros.reason).toMatch(/all differences are zero/);
  });
});
