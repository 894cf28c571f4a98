import { midranks } from './ranks.js';
import { exactSymmetricPValue, normalApproxPValue } from './rank-p-values.js';
import { rankSumCdf } from './rank-sum-distribution.js';
import type { WilcoxonOptions } from './signed-rank.js';
import type { Alternative } from './types.js';
import { assertAlternative, assertFinite, assertMinN } from './validate.js';

/** Result of the Wilcoxon rank-sum (Mann-Whitney) test; null fields come with a `reason`. */
export interface RankSumResult {
  /** W = sum of the ranks of `a` minus nA(nA+1)/2 (R's statistic; = Mann-Whitney U of a). */
  statistic: number | null;
  p: number | null;
  method: 'exact' | 'normal' | null;
  nA: number;
  nB: number;
  hasTies: boolean;
  /** The standardised statistic of the normal approximation, null when exact. */
  z: number | null;
  /** Smallest p-value the exact test can give for these sizes, null when not exact. */
  minAttainableP: number | null;
  alternative: Alternative;
  correct: boolean;
  reason: string | null;
}

/**
 * Wilcoxon rank-sum / Mann-Whitney U test of `a` vs `b` (different seeds), exactly as R's
 * `wilcox.test(a, b)`: exact p when both samples have < 50 values and there are no ties, otherwise
 * the normal approximation with tie-corrected variance and continuity correction. `minN` applies
 * to each sample.
 *
 * @example
 * // R ?wilcox.test (Hollander & Wolfe 1973, p. 69), alternative = "greater": W = 35, p-value = 0.1272
 * wilcoxonRankSum([0.8, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46], [1.15, 0.88, 0.9, 0.74, 1.21], { alternative: 'greater' }).p; // ≈ 0.1272
 */
export function wilcoxonRankSum(a: readonly number[], b: readonly number[], options: WilcoxonOptions = {}): RankSumResult {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  const alternative = options.alternative ?? 'two-sided';
  const mu = options.mu ?? 0;
  const correct = options.correct ?? true;
  const minN = options.minN ?? 3;
  assertAlternative(alternative);
  assertFinite([mu], 'mu');
  assertMinN(minN);
  const nA = a.length;
  const nB = b.length;
  const base = { nA, nB, z: null, minAttainableP: null, alternative, correct };
  if (nA < minN || nB < minN) {
    return { ...base, statistic: null, p: null, method: null, hasTies: false, reason: `n = ${Math.min(nA, nB)} < ${minN} seeds in a sample: no test` };
  }
  const { ranks, tieSizes, hasTies } = midranks([...a.map((x) => x - mu), ...b]);
  let rankSumA = 0;
  for (let i = 0; i < nA; i++) rankSumA += ranks[i];
  const w = rankSumA - (nA * (nA + 1)) / 2;
  const exact = options.exact ?? (nA < 50 && nB < 50);
  const max = nA * nB;
  if (exact && !hasTies) {
    const cdf = (x: number): number => rankSumCdf(x, nA, nB);
    const minAttainableP = exactSymmetricPValue(alternative === 'greater' ? max : 0, max, cdf, alternative);
    return { ...base, statistic: w, p: exactSymmetricPValue(w, max, cdf, alternative), method: 'exact', hasTies, minAttainableP, reason: null };
  }
  const N = nA + nB;
  const tieTerm = tieSizes.reduce((s, t) => s + t ** 3 - t, 0);
  const sigma = Math.sqrt(((nA * nB) / 12) * (N + 1 - tieTerm / (N * (N - 1))));
  if (sigma === 0) {
    return { ...base, statistic: w, p: null, method: null, hasTies, reason: 'all values equal: the rank-sum test is undefined' };
  }
  const { z, p } = normalApproxPValue(w - max / 2, sigma, correct, alternative);
  return { ...base, statistic: w, p, method: 'normal', hasTies, z, reason: null };
}
