import { describe, expect, it } from 'vitest';
import { comparePaired, StatsError } from '../../src/stats/index.js';
import { HW_PAIRED_X, HW_PAIRED_Y, SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

describe('comparePaired', () => {
  it("reports R's paired t-test and signed-rank test on the sleep data", () => {
    const r = comparePaired(SLEEP_GROUP1, SLEEP_GROUP2);
    expect(r.kind).toBe('paired');
    expect(r.n).toBe(10);
    expect(r.meanDifference).toBeCloseTo(-1.58, 12);
    // R: t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142
    expect(r.tTest.t).toBeCloseTo(-4.0621, 4);
    expect(r.tTest.df).toBe(9);
    expect(r.tTest.p).toBeCloseTo(0.002833, 6);
    expect(r.ci![0]).toBeCloseTo(-2.4598858, 7);
    expect(r.ci![1]).toBeCloseTo(-0.7001142, 7);
    // R: V = 0, p-value = 0.009091 (normal approximation: ties and a zero)
    expect(r.wilcoxon.statistic).toBe(0);
    expect(r.wilcoxon.p).toBeCloseTo(0.009091, 6);
    expect(r.notes.join(' ')).toMatch(/normal approximation with continuity correction, 1 zero difference/);
    // bootstrap: seeded default, 10,000 resamples, interval around the mean difference
    expect(r.bootstrap!.resamples).toBe(10_000);
    expect(r.bootstrap!.percentile[0]).toBeLessThan(-1.58);
    expect(r.bootstrap!.percentile[1]).toBeGreaterThan(-1.58);
    expect(r.bootstrap!.percentile[1]).toBeLessThan(0);
    expect(comparePaired(SLEEP_GROUP1, SLEEP_GROUP2)).toEqual(r);
    expect(r.differences).toHaveLength(10);
    expect(r.effectSize.cohensDz).toBeCloseTo(r.meanDifference / r.sdDifference!, 12);
  });

  it('passes alternative through to both tests (R ?wilcox.test example: V = 40, p = 0.01953)', () => {
    const r = comparePaired(HW_PAIRED_X, HW_PAIRED_Y, { alternative: 'greater', bootstrap: false });
    expect(r.wilcoxon.statistic).toBe(40);
    expect(r.wilcoxon.p).toBeCloseTo(0.01953, 5);
    expect(r.tTest.ci![1]).toBe(Infinity);
    expect(r.bootstrap).toBeNull();
  });

  it('uses the confidence level for t and bootstrap intervals', () => {
    const r90 = comparePaired(SLEEP_GROUP1, SLEEP_GROUP2, { level: 0.9, resamples: 2000 });
    const r95 = comparePaired(SLEEP_GROUP1, SLEEP_GROUP2, { resamples: 2000 });
    expect(r90.ci![1] - r90.ci![0]).toBeLessThan(r95.ci![1] - r95.ci![0]);
    expect(r90.bootstrap!.level).toBe(0.9);
  });

  it('invents no p-value for n = 2 seeds', () => {
    const r = comparePaired([0.1, 0.2], [0.15, 0.3]);
    expect(r.tTest.p).toBeNull();
    expect(r.wilcoxon.p).toBeNull();
    expect(r.ci).toBeNull();
    expect(r.bootstrap).toBeNull();
    expect(r.effectSize.cohensDz).toBeNull();
    expect(r.notes).toContain('t-test: n = 2 < 3 seeds: no test');
    expect(r.meanDifference).toBeCloseTo(-0.075, 12);
  });

  it('invents no t p-value when all differences are equal', () => {
    const r = comparePaired([1, 2, 3, 4], [0.5, 1.5, 2.5, 3.5]);
    expect(r.tTest.p).toBeNull();
    expect(r.tTest.reason).toBe('all differences equal (zero variance): the t statistic is undefined');
    expect(r.effectSize.cohensDz).toBeNull();
    expect(r.notes.some((n) => n.includes('all differences equal'))).toBe(true);
  });

  it('notes when 5 seeds cannot reach p < 0.05 with the exact signed-rank test', () => {
    const r = comparePaired([1.1, 2.3, 3.2, 4.5, 5.9], [1, 2, 3, 4, 5], { bootstrap: false });
    expect(r.wilcoxon.p).toBe(0.0625);
    expect(r.notes.join(' ')).toMatch(/cannot go below 0.06250/);
  });

  it('throws on unequal lengths and non-finite values', () => {
    expect(() => comparePaired([1, 2, 3], [1, 2])).toThrow(StatsError);
    expect(() => comparePaired([1, 2, 3], [1, 2])).toThrow(/equal lengths/);
    expect(() => comparePaired([1, NaN, 3], [1, 2, 3])).toThrow(/a\[1\] is NaN/);
    expect(() => comparePaired([], [])).toThrow(/at least one/);
    try {
      comparePaired([1], [1, 2]);
    } catch (e) {
      expect((e as StatsError).code).toBe('length-mismatch');
    }
  });
});
