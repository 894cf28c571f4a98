import type { PairedComparison } from './compare-paired.js';
import type { UnpairedComparison } from './compare-unpaired.js';
import { StatsError } from './errors.js';

/**
 * Holm-Bonferroni adjusted p-values, as R's `p.adjust(p, method = "holm")`: sorted ascending,
 * the i-th smallest (1-based) of m is multiplied by (m - i + 1), made monotone by a running max,
 * and capped at 1. Null entries pass through as null and do not count towards m (R's NA handling).
 *
 * @example
 * // Holm-Bonferroni example (Wikipedia): p = 0.01, 0.04, 0.03, 0.005
 * holmAdjust([0.01, 0.04, 0.03, 0.005]); // [0.03, 0.06, 0.06, 0.02]
 */
export function holmAdjust(pValues: ReadonlyArray<number | null>): Array<number | null> {
  const present: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (!(typeof p === 'number' && p >= 0 && p <= 1)) {
      throw new StatsError('non-finite', `pValues[${i}] is ${String(p)}: p-values must be numbers in [0, 1] or null`);
    }
    present.push(i);
  });
  const m = present.length;
  // Stable sort keeps tied p-values in input order (R's order() is stable too).
  const order = [...present].sort((i, j) => (pValues[i] as number) - (pValues[j] as number));
  const out: Array<number | null> = pValues.map(() => null);
  let running = 0;
  order.forEach((idx, k) => {
    running = Math.max(running, (m - k) * (pValues[idx] as number));
    out[idx] = Math.min(1, running);
  });
  return out;
}

/**
 * Holm adjustment of a named family of p-values (null entries pass through).
 *
 * @example
 * holmAdjustNamed({ edge32: 0.01, zero32: 0.04, wrap32: null }); // { edge32: 0.02, zero32: 0.04, wrap32: null }
 */
export function holmAdjustNamed(pValues: Readonly<Record<string, number | null>>): Record<string, number | null> {
  const names = Object.keys(pValues);
  const adjusted = holmAdjust(names.map((k) => pValues[k]));
  return Object.fromEntries(names.map((k, i) => [k, adjusted[i]]));
}

/** Holm-adjusted p-values of one comparison within its family. */
export interface AdjustedPValues {
  method: 'holm';
  /** Number of comparisons in the family with a t-test p-value. */
  familySizeT: number;
  /** Number of comparisons in the family with a rank-test p-value. */
  familySizeRank: number;
  /** Holm-adjusted t-test p-value (paired t or Welch), null when the test was not run. */
  t: number | null;
  /** Holm-adjusted rank-test p-value (signed-rank or rank-sum), null when the test was not run. */
  rank: number | null;
}

/** A comparison result with its family-adjusted p-values attached. */
export type AdjustedComparison<C extends PairedComparison | UnpairedComparison> = C & { adjusted: AdjustedPValues };

/**
 * Adjusts a named family of comparison results (e.g. every variant vs baseline28 on test loss):
 * the t-test p-values are Holm-adjusted across the family, and separately the rank-test p-values.
 *
 * @example
 * const family = { edge32: comparePaired(base, edge), zero32: comparePaired(base, zero) };
 * adjustComparisons(family).edge32.adjusted.t; // Holm-adjusted paired-t p-value
 */
export function adjustComparisons<C extends PairedComparison | UnpairedComparison>(
  family: Readonly<Record<string, C>>,
): Record<string, AdjustedComparison<C>> {
  const names = Object.keys(family);
  const tP = names.map((k) => family[k].tTest.p);
  const rankP = names.map((k) => {
    const c: PairedComparison | UnpairedComparison = family[k];
    return c.kind === 'paired' ? c.wilcoxon.p : c.rankSum.p;
  });
  const tAdj = holmAdjust(tP);
  const rankAdj = holmAdjust(rankP);
  const familySizeT = tP.filter((p) => p !== null).length;
  const familySizeRank = rankP.filter((p) => p !== null).length;
  return Object.fromEntries(
    names.map((k, i) => [
      k,
      { ...family[k], adjusted: { method: 'holm', familySizeT, familySizeRank, t: tAdj[i], rank: rankAdj[i] } },
    ]),
  ) as Record<string, AdjustedComparison<C>>;
}
