import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rankSumCdf, wilcoxonRankSum } from '../../src/stats/index.js';
import { HW_UNPAIRED_X, HW_UNPAIRED_Y, SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

/** P(W <= w) by enumerating every choice of the m ranks of sample a among 1..m+n. */
function bruteForceCdf(w: number, m: number, n: number): number {
  let count = 0;
  let total = 0;
  const N = m + n;
  for (let mask = 0; mask < 1 << N; mask++) {
    let bits = 0;
    let rankSum = 0;
    for (let r = 1; r <= N; r++) if (mask & (1 << (r - 1))) { bits++; rankSum += r; }
    if (bits !== m) continue;
    total++;
    if (rankSum - (m * (m + 1)) / 2 <= w) count++;
  }
  return count / total;
}

describe('rankSumCdf', () => {
  it('counts the 6 arrangements of 2 + 2 values (hand-worked: W = 0,1,2,2,3,4)', () => {
    expect([0, 1, 2, 3, 4].map((w) => rankSumCdf(w, 2, 2))).toEqual([1 / 6, 2 / 6, 4 / 6, 5 / 6, 1]);
  });

  it('agrees with brute-force enumeration', () => {
    for (const [m, n] of [[3, 4], [5, 5], [6, 3], [1, 7]]) {
      for (let w = -1; w <= m * n + 1; w++) expect(rankSumCdf(w, m, n)).toBeCloseTo(bruteForceCdf(w, m, n), 12);
    }
  });
});

describe('wilcoxonRankSum', () => {
  it("matches R's ?wilcox.test two-sample example (Hollander & Wolfe 1973, p. 69), exact", () => {
    // R: wilcox.test(x, y, alternative = "greater") -> W = 35, p-value = 0.1272
    const r = wilcoxonRankSum(HW_UNPAIRED_X, HW_UNPAIRED_Y, { alternative: 'greater' });
    expect(r.statistic).toBe(35);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(0.1272, 4);
    expect(wilcoxonRankSum(HW_UNPAIRED_X, HW_UNPAIRED_Y).p).toBeCloseTo(0.2544, 4);
  });

  it("matches R's wilcox.test(extra ~ group, data = sleep) (ties: normal approximation)", () => {
    // R: W = 25.5, p-value = 0.06933
    const r = wilcoxonRankSum(SLEEP_GROUP1, SLEEP_GROUP2);
    expect(r.statistic).toBe(25.5);
    expect(r.method).toBe('normal');
    expect(r.p).toBeCloseTo(0.06933, 5);
  });

  it('exact p-values agree with enumeration for random tie-free samples', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 6, maxLength: 12 }),
        fc.integer({ min: 3, max: 6 }),
        fc.constantFrom('two-sided' as const, 'greater' as const, 'less' as const),
        (all, m, alternative) => {
          if (all.length - m < 3) return;
          const a = all.slice(0, m);
          const b = all.slice(m);
          const r = wilcoxonRankSum(a, b, { alternative });
          const w = r.statistic!;
          const lower = bruteForceCdf(w, a.length, b.length);
          const upper = 1 - bruteForceCdf(w - 1, a.length, b.length);
          const expected = alternative === 'less' ? lower : alternative === 'greater' ? upper : Math.min(1, 2 * Math.min(lower, upper));
          expect(r.p).toBeCloseTo(expected, 12);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('returns nulls with a reason for too few seeds or all-equal values', () => {
    expect(wilcoxonRankSum([1, 2], [3, 4, 5]).reason).toBe('n = 2 < 3 seeds in a sample: no test');
    const flat = wilcoxonRankSum([1, 1, 1], [1, 1, 1]);
    expect(flat.p).toBeNull();
    expect(flat.reason).toMatch(/all values equal/);
  });
});
