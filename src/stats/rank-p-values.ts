// p-value helpers shared by the signed-rank and rank-sum tests (internal).
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import type { Alternative } from './types.js';

/**
 * Exact p-value of a statistic S whose null distribution is symmetric on [0, max] (signed-rank V,
 * rank-sum W), as R computes it: two-sided = min(1, 2 x the smaller tail). The upper tail
 * P(S >= s) is taken as the lower tail P(S <= max - s) so tiny p-values keep their precision.
 *
 * @example
 * exactSymmetricPValue(40, 45, (x) => signrankCdf(x, 9), 'greater'); // 10/512
 */
export function exactSymmetricPValue(s: number, max: number, cdf: (x: number) => number, alternative: Alternative): number {
  const lower = (x: number): number => cdf(x); // P(S <= x)
  const upper = (x: number): number => cdf(max - x); // P(S >= x), the distribution is symmetric on [0, max]
  if (alternative === 'less') return lower(s);
  if (alternative === 'greater') return upper(s);
  return Math.min(1, 2 * (s > max / 2 ? upper(s) : lower(s)));
}

/**
 * Normal-approximation p-value of a centred statistic `z0` (S - E[S]) with standard deviation
 * `sigma`, with R's continuity correction.
 *
 * @example
 * normalApproxPValue(0 - 22.5, Math.sqrt(71.125), true, 'two-sided').p; // ≈ 0.009091 (sleep data: V = 0, n = 9, one tie of 2)
 */
export function normalApproxPValue(
  z0: number,
  sigma: number,
  correct: boolean,
  alternative: Alternative,
): { z: number; p: number } {
  const correction = !correct ? 0 : alternative === 'two-sided' ? Math.sign(z0) * 0.5 : alternative === 'greater' ? 0.5 : -0.5;
  const z = (z0 - correction) / sigma;
  const p =
    alternative === 'less'
      ? normalCdf(z, 0, 1)
      : alternative === 'greater'
        ? normalCdf(-z, 0, 1)
        : Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
  return { z, p };
}
