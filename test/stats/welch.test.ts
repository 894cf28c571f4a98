import { describe, expect, it } from 'vitest';
import { welchTTest } from '../../src/stats/index.js';
import { SLEEP_GROUP1, SLEEP_GROUP2 } from './data.js';

describe('welchTTest', () => {
  it("matches R's t.test(extra ~ group, data = sleep)", () => {
    // R: t = -1.8608, df = 17.776, p-value = 0.07939, 95% CI -3.3654832 0.2054832
    const r = welchTTest(SLEEP_GROUP1, SLEEP_GROUP2);
    expect(r.t).toBeCloseTo(-1.8608, 4);
    expect(r.df).toBeCloseTo(17.776, 3);
    expect(r.p).toBeCloseTo(0.07939, 5);
    expect(r.ci![0]).toBeCloseTo(-3.3654832, 7);
    expect(r.ci![1]).toBeCloseTo(0.2054832, 7);
  });

  it('has df = 2(n-1) for equal sizes and variances (hand-worked)', () => {
    // a and b have the same variance v = 2/3 and n = 4: df = (2v/n)^2 / (2 (v/n)^2 / 3) = 6
    const r = welchTTest([1, 2, 3, 2], [11, 12, 13, 12]);
    expect(r.df).toBeCloseTo(6, 12);
  });

  it('returns nulls with a reason for small or constant samples', () => {
    expect(welchTTest([1, 2], [3, 4, 5]).reason).toBe('n = 2 < 3 seeds in a sample: no test');
    const flat = welchTTest([1, 1, 1], [2, 2, 2]);
    expect(flat.p).toBeNull();
    expect(flat.reason).toMatch(/zero variance/);
  });
});
