import { describe, expect, it } from 'vitest';
import { oneSampleTTest, StatsError } from '../../src/stats/index.js';
import { LAKENS_MOVIE1, LAKENS_MOVIE2, SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

const sleepDiff = SLEEP_GROUP1.map((v, i) => v - SLEEP_GROUP2[i]);

describe('oneSampleTTest', () => {
  it("matches R's t.test(sleep g1, g2, paired = TRUE)", () => {
    // R: t = -4.0621, df = 9, p-value = 0.002833, 95% CI -2.4598858 -0.7001142, mean difference -1.58
    const r = oneSampleTTest(sleepDiff);
    expect(r.t).toBeCloseTo(-4.0621, 4);
    expect(r.df).toBe(9);
    expect(r.p).toBeCloseTo(0.002833, 6);
    expect(r.ci![0]).toBeCloseTo(-2.4598858, 7);
    expect(r.ci![1]).toBeCloseTo(-0.7001142, 7);
    expect(r.estimate).toBeCloseTo(-1.58, 12);
    expect(r.reason).toBeNull();
  });

  it('gives one-sided p-values and intervals like R', () => {
    const less = oneSampleTTest(sleepDiff, { alternative: 'less' });
    const greater = oneSampleTTest(sleepDiff, { alternative: 'greater' });
    expect(less.p).toBeCloseTo(0.002833 / 2, 6);
    expect(greater.p! + less.p!).toBeCloseTo(1, 12);
    expect(less.ci![0]).toBe(-Infinity);
    expect(greater.ci![1]).toBe(Infinity);
    // one-sided 95% bound = two-sided 90% bound
    expect(less.ci![1]).toBeCloseTo(oneSampleTTest(sleepDiff, { level: 0.9 }).ci![1], 12);
  });

  it('reproduces Lakens (2013) paired t(9) = 4.74 on the movie ratings', () => {
    const d = LAKENS_MOVIE1.map((v, i) => v - LAKENS_MOVIE2[i]);
    // hand: mean 1, sd sqrt(4/9) = 2/3, t = 1 / ((2/3) / sqrt(10)) = 1.5 sqrt(10)
    expect(oneSampleTTest(d).t).toBeCloseTo(1.5 * Math.sqrt(10), 12);
  });

  it('refuses to test fewer than 3 seeds or zero variance, saying why', () => {
    const two = oneSampleTTest([1, 2]);
    expect([two.t, two.p, two.ci, two.df]).toEqual([null, null, null, null]);
    expect(two.reason).toBe('n = 2 < 3 seeds: no test');
    const flat = oneSampleTTest([0.1, 0.1, 0.1]);
    expect(flat.p).toBeNull();
    expect(flat.reason).toMatch(/zero variance.*t statistic is undefined/);
  });

  it('throws on non-finite input and bad options', () => {
    expect(() => oneSampleTTest([1, NaN, 2])).toThrow(StatsError);
    expect(() => oneSampleTTest([1, Infinity, 2])).toThrow(/values\[1\] is Infinity/);
    expect(() => oneSampleTTest([1, 2, 3], { level: 95 })).toThrow(/level/);
  });
});
