import { mean } from 'simple-statistics';
import { bootstrapMeanCi, type BootstrapResult } from './bootstrap.js';
import { cohensDav, cohensDz, hedgesCorrection, hedgesGav } from './effect-size.js';
import { StatsError } from './errors.js';
import type { StatsRng } from './rng.js';
import { wilcoxonSignedRank, type SignedRankResult } from './signed-rank.js';
import { oneSampleTTest, type TTestResult } from './t-test.js';
import type { Alternative, Interval } from './types.js';
import { assertFinite, assertSameLength } from './validate.js';

/** Options of comparePaired / compareUnpaired. */
export interface CompareOptions {
  /** Confidence level of the t and bootstrap intervals; default 0.95. */
  level?: number;
  /** Alternative of the t and rank tests (the bootstrap interval is always two-sided); default 'two-sided'. */
  alternative?: Alternative;
  /** Fewest seeds (per sample) for which tests and intervals are computed; default 3. */
  minN?: number;
  /** Continuity correction of the rank test's normal approximation; default true (R). */
  correct?: boolean;
  /** Rank test method: null (default) = R's rule, true / false force exact / normal. */
  exact?: boolean | null;
  /** Set false to skip the bootstrap; default true. */
  bootstrap?: boolean;
  /** Bootstrap resamples; default 10,000. */
  resamples?: number;
  /** Bootstrap seed; default DEFAULT_BOOTSTRAP_SEED. */
  seed?: number;
  /** Bootstrap generator (takes precedence over `seed`). */
  rng?: StatsRng;
}

/** Effect sizes of a paired comparison (Lakens 2013); null when undefined. */
export interface PairedEffectSizes {
  /** mean(a - b) / sd(a - b). */
  cohensDz: number | null;
  /** mean(a - b) / ((sd_a + sd_b) / 2). */
  cohensDav: number | null;
  /** cohensDav x J. */
  hedgesGav: number | null;
  /** J = 1 - 3 / (4 (n - 1) - 1), null for n < 2. */
  correction: number | null;
}

/** Everything comparePaired reports. Differences are a - b throughout. */
export interface PairedComparison {
  kind: 'paired';
  n: number;
  meanA: number;
  meanB: number;
  meanDifference: number;
  /** Sample sd of a - b, null for n < 2. */
  sdDifference: number | null;
  /** Per-seed differences a[i] - b[i], kept beside the summaries. */
  differences: number[];
  level: number;
  alternative: Alternative;
  /** t-based CI of the mean difference (same as tTest.ci). */
  ci: Interval | null;
  tTest: TTestResult;
  wilcoxon: SignedRankResult;
  bootstrap: BootstrapResult | null;
  effectSize: PairedEffectSizes;
  /** Why fields are null, and other caveats (e.g. the smallest attainable exact p). */
  notes: string[];
}

function sd(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const m = mean(values as number[]);
  return Math.sqrt(values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1));
}

/**
 * Compares two variants run on the same seeds (a[i] and b[i] share seed i): paired t-test with CI,
 * Wilcoxon signed-rank test (as R), seeded percentile/BCa bootstrap CI of the mean difference, and
 * effect sizes d_z and g_av. Fewer than `minN` seeds or zero variance give null fields plus notes;
 * non-finite values or unequal lengths throw a StatsError.
 *
 * @example
 * // R's sleep data: t.test(g1, g2, paired = TRUE) -> t = -4.0621, df = 9, p = 0.002833
 * const g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
 * const g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
 * const r = comparePaired(g1, g2);
 * r.tTest.p; // ≈ 0.002833;  r.wilcoxon.p ≈ 0.009091;  r.ci ≈ [-2.4599, -0.7001]
 */
export function comparePaired(a: readonly number[], b: readonly number[], options: CompareOptions = {}): PairedComparison {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  assertSameLength(a, b);
  if (a.length === 0) throw new StatsError('empty-input', 'paired samples need at least one seed');
  const level = options.level ?? 0.95;
  const alternative = options.alternative ?? 'two-sided';
  const minN = options.minN ?? 3;
  const n = a.length;
  const differences = a.map((v, i) => v - b[i]);
  const raw = oneSampleTTest(differences, { level, alternative, minN });
  const tTest = raw.reason ? { ...raw, reason: raw.reason.replace('all values equal', 'all differences equal') } : raw;
  const wilcoxon = wilcoxonSignedRank(differences, { alternative, minN, correct: options.correct, exact: options.exact });
  const bootstrap =
    options.bootstrap === false
      ? null
      : bootstrapMeanCi(differences, { level, minN, resamples: options.resamples, seed: options.seed, rng: options.rng });
  const dz = n >= minN ? cohensDz(a, b) : null;
  const dav = n >= minN ? cohensDav(a, b) : null;
  const effectSize: PairedEffectSizes = {
    cohensDz: dz,
    cohensDav: dav,
    hedgesGav: n >= minN ? hedgesGav(a, b) : null,
    correction: n >= 2 ? hedgesCorrection(n - 1) : null,
  };
  const notes: string[] = [];
  if (tTest.reason) notes.push(`t-test: ${tTest.reason}`);
  if (wilcoxon.reason && wilcoxon.reason !== tTest.reason) notes.push(`signed-rank test: ${wilcoxon.reason}`);
  if (wilcoxon.method === 'normal') {
    notes.push(
      `signed-rank test: normal approximation${wilcoxon.correct ? ' with continuity correction' : ''}` +
        (wilcoxon.zeros > 0 ? `, ${wilcoxon.zeros} zero difference(s) dropped` : '') +
        (wilcoxon.hasTies ? ', tie-corrected variance' : ''),
    );
  }
  if (wilcoxon.minAttainableP !== null && wilcoxon.minAttainableP > 1 - level) {
    notes.push(`signed-rank test: with n = ${wilcoxon.n} the exact p-value cannot go below ${wilcoxon.minAttainableP.toPrecision(4)}`);
  }
  if (n >= minN && bootstrap === null && options.bootstrap !== false) notes.push('bootstrap: not computed');
  if (bootstrap) notes.push(...bootstrap.notes.map((s) => `bootstrap: ${s}`));
  if (n >= minN && dz === null) notes.push('effect size: sd of the differences is zero, d_z undefined');
  return {
    kind: 'paired',
    n,
    meanA: mean(a as number[]),
    meanB: mean(b as number[]),
    meanDifference: mean(differences),
    sdDifference: sd(differences),
    differences,
    level,
    alternative,
    ci: tTest.ci,
    tTest,
    wilcoxon,
    bootstrap,
    effectSize,
    notes,
  };
}
