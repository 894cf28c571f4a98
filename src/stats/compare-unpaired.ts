import { mean } from 'simple-statistics';
import { bootstrapMeanDifferenceCi, type BootstrapResult } from './bootstrap.js';
import type { CompareOptions } from './compare-paired.js';
import { cohensDs, hedgesCorrection, hedgesGs } from './effect-size.js';
import { StatsError } from './errors.js';
import { wilcoxonRankSum, type RankSumResult } from './rank-sum.js';
import type { TTestResult } from './t-test.js';
import type { Alternative, Interval } from './types.js';
import { assertFinite } from './validate.js';
import { welchTTest } from './welch.js';

/** Effect sizes of an unpaired comparison (Lakens 2013); null when undefined. */
export interface UnpairedEffectSizes {
  /** (mean_a - mean_b) / pooled sd. */
  cohensDs: number | null;
  /** cohensDs x J (Hedges' g with pooled sd). */
  hedgesG: number | null;
  /** J = 1 - 3 / (4 (n_a + n_b) - 9). */
  correction: number | null;
}

/** Everything compareUnpaired reports. Differences are mean(a) - mean(b). */
export interface UnpairedComparison {
  kind: 'unpaired';
  nA: number;
  nB: number;
  meanA: number;
  meanB: number;
  meanDifference: number;
  /** Per-seed values kept beside the summaries. */
  valuesA: number[];
  valuesB: number[];
  level: number;
  alternative: Alternative;
  /** Welch t-based CI of the mean difference (same as tTest.ci). */
  ci: Interval | null;
  tTest: TTestResult;
  /** Wilcoxon rank-sum / Mann-Whitney test (R's W). */
  rankSum: RankSumResult;
  bootstrap: BootstrapResult | null;
  effectSize: UnpairedEffectSizes;
  notes: string[];
}

/**
 * Compares two variants run on different seeds: Welch's t-test with CI, the Wilcoxon rank-sum /
 * Mann-Whitney test (as R's wilcox.test), a seeded percentile/BCa bootstrap CI of mean(a) - mean(b),
 * and Hedges' g with pooled sd. Too few seeds or zero variance give null fields plus notes.
 *
 * @example
 * // R: t.test(extra ~ group, data = sleep) -> t = -1.8608, df = 17.776, p = 0.07939
 * const r = compareUnpaired([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0], [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
 * r.tTest.p; // ≈ 0.07939
 */
export function compareUnpaired(a: readonly number[], b: readonly number[], options: CompareOptions = {}): UnpairedComparison {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  if (a.length === 0 || b.length === 0) throw new StatsError('empty-input', 'both samples need at least one value');
  const level = options.level ?? 0.95;
  const alternative = options.alternative ?? 'two-sided';
  const minN = options.minN ?? 3;
  const enough = a.length >= minN && b.length >= minN;
  const tTest = welchTTest(a, b, { level, alternative, minN });
  const rankSum = wilcoxonRankSum(a, b, { alternative, minN, correct: options.correct, exact: options.exact });
  const bootstrap =
    options.bootstrap === false
      ? null
      : bootstrapMeanDifferenceCi(a, b, { level, minN, resamples: options.resamples, seed: options.seed, rng: options.rng });
  const ds = enough ? cohensDs(a, b) : null;
  const effectSize: UnpairedEffectSizes = {
    cohensDs: ds,
    hedgesG: enough ? hedgesGs(a, b) : null,
    correction: a.length + b.length > 2 ? hedgesCorrection(a.length + b.length - 2) : null,
  };
  const notes: string[] = [];
  if (tTest.reason) notes.push(`t-test: ${tTest.reason}`);
  if (rankSum.reason && rankSum.reason !== tTest.reason) notes.push(`rank-sum test: ${rankSum.reason}`);
  if (rankSum.method === 'normal') {
    notes.push(`rank-sum test: normal approximation${rankSum.correct ? ' with continuity correction' : ''}${rankSum.hasTies ? ', tie-corrected variance' : ''}`);
  }
  if (rankSum.minAttainableP !== null && rankSum.minAttainableP > 1 - level) {
    notes.push(`rank-sum test: with n = ${a.length} and ${b.length} the exact p-value cannot go below ${rankSum.minAttainableP.toPrecision(4)}`);
  }
  if (bootstrap) notes.push(...bootstrap.notes.map((s) => `bootstrap: ${s}`));
  if (enough && ds === null) notes.push('effect size: pooled sd is zero, Hedges g undefined');
  const meanA = mean(a as number[]);
  const meanB = mean(b as number[]);
  return {
    kind: 'unpaired',
    nA: a.length,
    nB: b.length,
    meanA,
    meanB,
    meanDifference: meanA - meanB,
    valuesA: [...a],
    valuesB: [...b],
    level,
    alternative,
    ci: tTest.ci,
    tTest,
    rankSum,
    bootstrap,
    effectSize,
    notes,
  };
}
