import { mean, sampleVariance } from 'simple-statistics';
import { StatsError } from './errors.js';
import { isEssentiallyConstant, resolveTTestOptions, tPValueAndCi, type TTestOptions, type TTestResult } from './t-test.js';
import { assertFinite } from './validate.js';

/**
 * Welch's two-sample t-test of mean(a) - mean(b) (unequal variances, Welch-Satterthwaite df),
 * matching R's `t.test(a, b)` (var.equal = FALSE). `minN` applies to each sample.
 *
 * @example
 * // R: t.test(extra ~ group, data = sleep) -> t = -1.8608, df = 17.776, p-value = 0.07939
 * welchTTest([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0, 2], [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]).df; // ≈ 17.776
 */
export function welchTTest(a: readonly number[], b: readonly number[], options: TTestOptions = {}): TTestResult {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  const { mu, alternative, level, minN } = resolveTTestOptions(options);
  if (a.length === 0 || b.length === 0) throw new StatsError('empty-input', 'both samples need at least one value');
  const estimate = mean(a as number[]) - mean(b as number[]);
  const empty = { estimate, se: null, t: null, df: null, p: null, ci: null, level, alternative, mu };
  if (a.length < minN || b.length < minN) {
    return { ...empty, reason: `n = ${Math.min(a.length, b.length)} < ${minN} seeds in a sample: no test` };
  }
  const va = sampleVariance(a as number[]) / a.length;
  const vb = sampleVariance(b as number[]) / b.length;
  const se = Math.sqrt(va + vb);
  if (isEssentiallyConstant(se, Math.max(Math.abs(mean(a as number[])), Math.abs(mean(b as number[]))))) {
    return { ...empty, se: 0, reason: 'both samples constant (zero variance): the t statistic is undefined' };
  }
  // Welch-Satterthwaite degrees of freedom.
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  return { estimate, se, df, ...tPValueAndCi(estimate, se, df, mu, alternative, level), level, alternative, mu, reason: null };
}
