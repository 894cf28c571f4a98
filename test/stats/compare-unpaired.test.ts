import { describe, expect, it } from 'vitest';
import { compareUnpaired, hedgesGs } from '../../src/stats/index.js';
import { HW_UNPAIRED_X, HW_UNPAIRED_Y, SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

describe('compareUnpaired', () => {
  it("reports R's Welch t-test and rank-sum test on the sleep data", () => {
    const r = compareUnpaired(SLEEP_GROUP1, SLEEP_GROUP2);
    // R: t.test(extra ~ group, data = sleep): t = -1.8608, df = 17.776, p-value = 0.07939, CI -3.3654832 0.2054832
    expect(r.tTest.t).toBeCloseTo(-1.8608, 4);
    expect(r.tTest.df).toBeCloseTo(17.776, 3);
    expect(r.tTest.p).toBeCloseTo(0.07939, 5);
    expect(r.ci![0]).toBeCloseTo(-3.3654832, 7);
    expect(r.ci![1]).toBeCloseTo(0.2054832, 7);
    // R: wilcox.test(extra ~ group, data = sleep): W = 25.5, p-value = 0.06933
    expect(r.rankSum.statistic).toBe(25.5);
    expect(r.rankSum.p).toBeCloseTo(0.06933, 5);
    expect(r.effectSize.hedgesG).toBeCloseTo(hedgesGs(SLEEP_GROUP1, SLEEP_GROUP2)!, 12);
    expect(r.bootstrap!.estimate).toBeCloseTo(-1.58, 12);
    expect(r.valuesA).toEqual(SLEEP_GROUP1);
  });

  it("gives R's exact rank-sum p for the ?wilcox.test example (W = 35, p = 0.1272 greater)", () => {
    const r = compareUnpaired(HW_UNPAIRED_X, HW_UNPAIRED_Y, { alternative: 'greater', bootstrap: false });
    expect(r.rankSum.statistic).toBe(35);
    expect(r.rankSum.method).toBe('exact');
    expect(r.rankSum.p).toBeCloseTo(0.1272, 4);
  });

  it('invents no p-value for too few seeds', () => {
    const r = compareUnpaired([1, 2], [3, 4, 5]);
    expect(r.tTest.p).toBeNull();
    expect(r.rankSum.p).toBeNull();
    expect(r.bootstrap).toBeNull();
    expect(r.effectSize.hedgesG).toBeNull();
    expect(r.notes).toContain('t-test: n = 2 < 3 seeds in a sample: no test');
  });

  it('throws on non-finite values', () => {
    expect(() => compareUnpaired([1, 2, Infinity], [1, 2, 3])).toThrow(/finite/);
  });
});
