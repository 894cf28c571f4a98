import { summarizeMetrics, type MetricRecord, type MetricSummaryRow } from './summarize-metrics.js';
import type { SummarizeOptions } from './summarize.js';

/** One run's training history (e.g. `EpochRecord[]` from src/train). */
export interface CurveRecord<K extends string> {
  variant: string;
  seed: number;
  history: ReadonlyArray<{ readonly epoch: number } & { readonly [P in K]: number }>;
}

/** Summary of one metric at one epoch of one variant over seeds. */
export interface CurveSummaryRow extends MetricSummaryRow {
  epoch: number;
}

/**
 * Per-epoch summaries of training curves: for each variant, metric in `metrics` and epoch, the
 * mean, sd and t-based CI over the seeds that reached that epoch. Sorted by variant, metric, epoch.
 *
 * @example
 * summarizeCurves(
 *   [{ variant: 'edge32', seed: 1, history: [{ epoch: 1, testLoss: 0.2 }, { epoch: 2, testLoss: 0.15 }] }],
 *   ['testLoss'],
 * ); // [{ variant: 'edge32', metric: 'testLoss', epoch: 1, n: 1, mean: 0.2, ... }, { ..., epoch: 2, mean: 0.15, ... }]
 */
export function summarizeCurves<K extends string>(
  records: ReadonlyArray<CurveRecord<K>>,
  metrics: readonly K[],
  options: SummarizeOptions = {},
): CurveSummaryRow[] {
  // Reuse summarizeMetrics with one pseudo-variant per (variant, epoch).
  const flat: MetricRecord[] = [];
  const keyOf = new Map<string, { variant: string; epoch: number }>();
  for (const r of records) {
    for (const h of r.history) {
      const key = JSON.stringify([r.variant, h.epoch]);
      keyOf.set(key, { variant: r.variant, epoch: h.epoch });
      const m: Record<string, number> = {};
      for (const k of metrics) m[k] = h[k];
      flat.push({ variant: key, seed: r.seed, metrics: m });
    }
  }
  return summarizeMetrics(flat, options)
    .map((row) => {
      const { variant, epoch } = keyOf.get(row.variant)!;
      return { ...row, variant, epoch };
    })
    .sort((x, y) => (x.variant < y.variant ? -1 : x.variant > y.variant ? 1 : 0) || (x.metric < y.metric ? -1 : x.metric > y.metric ? 1 : 0) || x.epoch - y.epoch);
}
