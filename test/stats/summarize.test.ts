import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/stats/index.js';

describe('summarize', () => {
  it('gives mean, sd, t-based CI, min, max and keeps the raw values (hand-worked)', () => {
    const s = summarize([1, 2, 3]);
    expect(s.n).toBe(3);
    expect(s.mean).toBe(2);
    expect(s.sd).toBe(1);
    // qt(0.975, 2) = 4.302653 (standard t table): half-width 4.302653 / sqrt(3)
    expect(s.ci95![0]).toBeCloseTo(2 - 4.302653 / Math.sqrt(3), 5);
    expect(s.ci95![1]).toBeCloseTo(2 + 4.302653 / Math.sqrt(3), 5);
    expect([s.min, s.max]).toEqual([1, 3]);
    expect(s.values).toEqual([1, 2, 3]);
  });

  it('matches the sleep group 1 interval of R t.test(sleep$extra[1:10]) (mean 0.75, CI -0.5297804 2.0297804)', () => {
    const s = summarize([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]);
    expect(s.mean).toBeCloseTo(0.75, 12);
    expect(s.ci95![0]).toBeCloseTo(-0.5297804, 6);
    expect(s.ci95![1]).toBeCloseTo(2.0297804, 6);
  });

  it('supports other levels', () => {
    const s = summarize([1, 2, 3], { level: 0.5 });
    // qt(0.75, 2) = 0.8164966 = 1/sqrt(1.5)
    expect(s.ci95![1]).toBeCloseTo(2 + 0.8164966 / Math.sqrt(3), 6);
  });

  it('gives no interval for n < 3 or zero spread, saying why', () => {
    expect(summarize([1, 2]).ci95).toBeNull();
    expect(summarize([1, 2]).notes).toEqual(['n = 2 < 3 seeds: no confidence interval']);
    expect(summarize([5]).sd).toBeNull();
    expect(summarize([4, 4, 4]).ci95).toBeNull();
    expect(summarize([4, 4, 4]).notes[0]).toMatch(/zero variance/);
    expect(summarize([]).n).toBe(0);
  });

  it('throws on non-finite values', () => {
    expect(() => summarize([1, NaN])).toThrow(/finite/);
  });
});
