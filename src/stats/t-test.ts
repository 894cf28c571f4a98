import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleVariance } from 'simple-statistics';
import type { Alternative, Interval } from './types.js';
import { assertAlternative, assertFinite, assertLevel, assertMinN } from './validate.js';

/** Options shared by the t-tests. */
export interface TTestOptions {
  /** Hypothesised mean (difference); default 0. */
  mu?: number;
  /** Default 'two-sided'. */
  alternative?: Alternative;
  /** Confidence level of `ci`; default 0.95. */
  level?: number;
  /** Fewest values for which a test is run; default 3 (seeds). */
  minN?: number;
}

/** Result of a t-test; the statistic fields are null (and `reason` says why) when no test is run. */
export interface TTestResult {
  /** Estimated mean (difference). */
  estimate: number;
  /** Standard error of the estimate, null when not computed. */
  se: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  /** Confidence interval of the estimate at `level` (one-sided for one-sided alternatives, like R). */
  ci: Interval | null;
  level: number;
  alternative: Alternative;
  mu: number;
  reason: string | null;
}

/**
 * p-value and CI from a t statistic, as R's t.test does (lower tails used so small p keep precision).
 *
 * @example
 * tPValueAndCi(-1.58, 0.38896, 9, 0, 'two-sided', 0.95).p; // ≈ 0.002833 (sleep data)
 */
export function tPValueAndCi(
  estimate: number,
  se: number,
  df: number,
  mu: number,
  alternative: Alternative,
  level: number,
): { t: number; p: number; ci: Interval } {
  const t = (estimate - mu) / se;
  let p: number;
  let ci: Interval;
  if (alternative === 'less') {
    p = tCdf(t, df);
    ci = [-Infinity, estimate + tQuantile(level, df) * se];
  } else if (alternative === 'greater') {
    p = tCdf(-t, df);
    ci = [estimate - tQuantile(level, df) * se, Infinity];
  } else {
    p = Math.min(1, 2 * tCdf(-Math.abs(t), df));
    const q = tQuantile(1 - (1 - level) / 2, df);
    ci = [estimate - q * se, estimate + q * se];
  }
  return { t, p, ci };
}

/**
 * R's guard against "data are essentially constant": a standard error below 10 machine epsilons of
 * the mean means the spread is rounding noise, and a t statistic from it would be meaningless.
 *
 * @example
 * isEssentiallyConstant(1e-18, 0.1); // true
 */
export function isEssentiallyConstant(se: number, estimate: number): boolean {
  return se === 0 || se < 10 * Number.EPSILON * Math.abs(estimate);
}

/**
 * The t-test options with their defaults (mu 0, two-sided, level 0.95, at least 3 values),
 * validated; shared by the one-sample and Welch tests.
 *
 * @example
 * resolveTTestOptions({ level: 0.9 }); // { mu: 0, alternative: 'two-sided', level: 0.9, minN: 3 }
 */
export function resolveTTestOptions(options: TTestOptions): Required<Pick<TTestOptions, 'mu' | 'alternative' | 'level' | 'minN'>> {
  const mu = options.mu ?? 0;
  const alternative = options.alternative ?? 'two-sided';
  const level = options.level ?? 0.95;
  const minN = options.minN ?? 3;
  assertFinite([mu], 'mu');
  assertAlternative(alternative);
  assertLevel(level);
  assertMinN(minN);
  return { mu, alternative, level, minN };
}

/**
 * One-sample t-test of `values` against `mu` (the paired t-test is this on the differences a - b),
 * matching R's `t.test(x, mu = mu)`.
 *
 * @example
 * // R: t.test(sleep$extra[1:10] - sleep$extra[11:20]) -> t = -4.0621, df = 9, p-value = 0.002833
 * oneSampleTTest([-1.2, -2.4, -1.3, -1.3, 0, -1, -1.8, -0.8, -4.6, -1.4]).p; // ≈ 0.002833
 */
export function oneSampleTTest(values: readonly number[], options: TTestOptions = {}): TTestResult {
  assertFinite(values, 'values');
  const { mu, alternative, level, minN } = resolveTTestOptions(options);
  const n = values.length;
  const estimate = n > 0 ? mean(values as number[]) : NaN;
  const empty = { estimate, se: null, t: null, df: null, p: null, ci: null, level, alternative, mu };
  if (n < minN) return { ...empty, reason: `n = ${n} < ${minN} seeds: no test` };
  const se = Math.sqrt(sampleVariance(values as number[]) / n);
  if (isEssentiallyConstant(se, estimate)) {
    return { ...empty, se: 0, reason: 'all values equal (zero variance): the t statistic is undefined' };
  }
  const df = n - 1;
  return { estimate, se, df, ...tPValueAndCi(estimate, se, df, mu, alternative, level), level, alternative, mu, reason: null };
}
