import signrankCdf from '@stdlib/stats-base-dists-signrank-cdf';
import { midranks } from './ranks.js';
import { exactSymmetricPValue, normalApproxPValue } from './rank-p-values.js';
import type { Alternative } from './types.js';
import { assertAlternative, assertFinite, assertMinN } from './validate.js';

/** Options of the Wilcoxon tests (defaults are R's). */
export interface WilcoxonOptions {
  /** Default 'two-sided'. */
  alternative?: Alternative;
  /** Location shift under H0; default 0. */
  mu?: number;
  /** Continuity correction in the normal approximation; default true. */
  correct?: boolean;
  /** true / false force the method; null (default) = exact when n < 50 (R's rule). Ties or zeros always use the normal approximation. */
  exact?: boolean | null;
  /** Fewest values (before dropping zeros) for which a test is run; default 3 (seeds). */
  minN?: number;
}

/** Result of the Wilcoxon signed-rank test; null fields come with a `reason`. */
export interface SignedRankResult {
  /** V = sum of the ranks of the positive differences (R's statistic). */
  statistic: number | null;
  p: number | null;
  /** 'exact' or 'normal' (normal approximation, `correct` says whether continuity-corrected). */
  method: 'exact' | 'normal' | null;
  /** Number of non-zero differences the test used. */
  n: number;
  /** Number of zero differences dropped. */
  zeros: number;
  hasTies: boolean;
  /** The standardised statistic of the normal approximation, null when exact. */
  z: number | null;
  /** Smallest p-value the exact test can give for this n (a warning sign for few seeds), null when not exact. */
  minAttainableP: number | null;
  alternative: Alternative;
  correct: boolean;
  reason: string | null;
}

/**
 * Wilcoxon signed-rank test of `differences` (a - b for paired seeds), exactly as R's
 * `wilcox.test(a, b, paired = TRUE)`: zeros dropped, V = sum of positive ranks, exact p for n < 50
 * without ties or zeros (stdlib's exact signed-rank distribution), otherwise the normal
 * approximation with tie-corrected variance and continuity correction.
 *
 * @example
 * // R ?wilcox.test (Hollander & Wolfe 1973, p. 29), alternative = "greater": V = 40, p-value = 0.01953
 * const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
 * const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
 * wilcoxonSignedRank(x.map((v, i) => v - y[i]), { alternative: 'greater' }).p; // 0.01953125
 */
export function wilcoxonSignedRank(differences: readonly number[], options: WilcoxonOptions = {}): SignedRankResult {
  assertFinite(differences, 'differences');
  const alternative = options.alternative ?? 'two-sided';
  const mu = options.mu ?? 0;
  const correct = options.correct ?? true;
  const minN = options.minN ?? 3;
  assertAlternative(alternative);
  assertFinite([mu], 'mu');
  assertMinN(minN);
  const shifted = differences.map((d) => d - mu);
  const nonZero = shifted.filter((d) => d !== 0);
  const n = nonZero.length;
  const zeros = shifted.length - n;
  const base = { n, zeros, z: null, minAttainableP: null, alternative, correct };
  if (shifted.length < minN) {
    return { ...base, statistic: null, p: null, method: null, hasTies: false, reason: `n = ${shifted.length} < ${minN} seeds: no test` };
  }
  if (n === 0) {
    return { ...base, statistic: null, p: null, method: null, hasTies: false, reason: 'all differences are zero: the signed-rank test is undefined' };
  }
  const { ranks, tieSizes, hasTies } = midranks(nonZero.map(Math.abs));
  let v = 0;
  for (let i = 0; i < n; i++) if (nonZero[i] > 0) v += ranks[i];
  const exact = options.exact ?? n < 50;
  const max = (n * (n + 1)) / 2;
  if (exact && !hasTies && zeros === 0) {
    const cdf = (x: number): number => signrankCdf(x, n);
    const minAttainableP = exactSymmetricPValue(alternative === 'greater' ? max : 0, max, cdf, alternative);
    return { ...base, statistic: v, p: exactSymmetricPValue(v, max, cdf, alternative), method: 'exact', hasTies, minAttainableP, reason: null };
  }
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const { z, p } = normalApproxPValue(v - max / 2, sigma, correct, alternative);
  return { ...base, statistic: v, p, method: 'normal', hasTies, z, reason: null };
}
