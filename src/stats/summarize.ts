import { largest, smallest } from './extremes.js';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import { isEssentiallyConstant } from './t-test.js';
import type { Interval } from './types.js';
import { assertFinite, assertLevel, assertMinN } from './validate.js';

/** Options of summarize. */
export interface SummarizeOptions {
  /** Confidence level of the t-based interval; default 0.95. */
  level?: number;
  /** Fewest values for which an interval is given; default 3 (seeds). */
  minN?: number;
}

/** Summary of one metric over seeds, with the raw per-seed values kept beside it. */
export interface Summary {
  n: number;
  /** NaN only for n = 0. */
  mean: number;
  /** Sample sd (n - 1), null for n < 2. */
  sd: number | null;
  /** t-based CI of the mean at `level` (named ci95 for the default), null when n < minN or sd = 0. */
  ci95: Interval | null;
  level: number;
  values: number[];
  min: number;
  max: number;
  /** Why `sd` or `ci95` is null, if it is. */
  notes: string[];
}

/**
 * Mean, sd, t-based CI, min and max of per-seed values.
 *
 * @example
 * summarize([1, 2, 3]); // { n: 3, mean: 2, sd: 1, ci95: [2 - 4.3027 / √3, 2 + 4.3027 / √3] ≈ [-0.484, 4.484], min: 1, max: 3, ... }
 */
export function summarize(values: readonly number[], options: SummarizeOptions = {}): Summary {
  assertFinite(values, 'values');
  const level = options.level ?? 0.95;
  const minN = options.minN ?? 3;
  assertLevel(level);
  assertMinN(minN);
  const n = values.length;
  const notes: string[] = [];
  const vals = [...values];
  if (n === 0) {
    return { n, mean: NaN, sd: null, ci95: null, level, values: vals, min: NaN, max: NaN, notes: ['no values'] };
  }
  const m = mean(vals);
  const sd = n >= 2 ? sampleStandardDeviation(vals) : null;
  let ci95: Interval | null = null;
  if (n < minN) {
    notes.push(`n = ${n} < ${minN} seeds: no confidence interval`);
  } else if (sd === null || isEssentiallyConstant(sd / Math.sqrt(n), m)) {
    notes.push('all values equal (zero variance): no confidence interval');
  } else {
    const half = tQuantile(1 - (1 - level) / 2, n - 1) * (sd / Math.sqrt(n));
    ci95 = [m - half, m + half];
  }
  return { n, mean: m, sd, ci95, level, values: vals, min: smallest(vals), max: largest(vals), notes };
}
