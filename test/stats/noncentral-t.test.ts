import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { describe, expect, it } from 'vitest';
import { noncentralTCdf, StatsError } from '../../src/stats/index.js';

// Reference values from SciPy 1.17 (Boost's noncentral t, independent of this code):
//   python3 -c "from scipy import stats; print(stats.nct.cdf(x, df, nc))"
const SCIPY: Array<[x: number, df: number, ncp: number, cdf: number]> = [
  [1.5, 4, 1.0, 0.6403408655900471],
  [2.0, 9, 2.5, 0.3066368830714441],
  [-1.0, 3, 0.5, 0.09212120981435942],
  [0.5, 19, -1.2, 0.954296787314],
  [3.0, 2.5, 4.0, 0.2096450076919213],
  [2.776, 4, 6.0, 0.009030120333499493],
  [10.0, 30, 8.0, 0.8812134923778832],
  [0.1, 1, 0.3, 0.4129950680842443],
  [-3, 7, -2, 0.24274059736878428],
  [4.6, 4, 0.1, 0.9938852266746905],
];

describe('noncentralTCdf', () => {
  it.each(SCIPY)('P(T <= %d; df %d, ncp %d) matches scipy.stats.nct.cdf to 1e-11', (x, df, ncp, expected) => {
    expect(Math.abs(noncentralTCdf(x, df, ncp) - expected)).toBeLessThan(1e-11);
  });

  it('is the central t when ncp = 0 and the standard normal tail at x = 0', () => {
    expect(noncentralTCdf(1.5, 4, 0)).toBe(tCdf(1.5, 4));
    // P(T <= 0) = P(Z + ncp <= 0) = Phi(-ncp) exactly, whatever df: Phi(-1) = 0.158655253931457
    expect(noncentralTCdf(0, 7, 1)).toBeCloseTo(0.158655253931457, 13);
  });

  it('mirrors: P(T <= x; ncp) = 1 - P(T <= -x; -ncp)', () => {
    expect(noncentralTCdf(-1.3, 6, 0.8)).toBeCloseTo(1 - noncentralTCdf(1.3, 6, -0.8), 13);
  });

  it('uses the normal approximation far out (ncp 30, df 100: below 1e-150)', () => {
    expect(noncentralTCdf(1, 100, 30)).toBeLessThan(1e-150);
    expect(noncentralTCdf(Infinity, 3, 2)).toBe(1);
    expect(noncentralTCdf(-Infinity, 3, 2)).toBe(0);
  });

  it('refuses df <= 0 or a non-finite ncp', () => {
    expect(() => noncentralTCdf(1, 0, 1)).toThrow(StatsError);
    expect(() => noncentralTCdf(1, 3, NaN)).toThrow(/finite ncp/);
  });
});
