import { StatsError } from './errors.js';
import { summarize, type SummarizeOptions } from './summarize.js';

/** One run's scalar metrics (final train loss, test loss, region means, gap terms, bins, ...). */
export interface MetricRecord {
  variant: string;
  seed: number;
  metrics: Readonly<Record<string, number>>;
}

/** Summary row of one metric of one variant over its seeds. */
export interface MetricSummaryRow {
  variant: string;
  metric: string;
  n: number;
  mean: number;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  /** Seeds in ascending order, aligned with `values`. */
  seeds: number[];
  values: number[];
}

/** One value of one run in long format (the per-seed data every table keeps). */
export interface LongRow {
  variant: string;
  seed: number;
  metric: string;
  value: number;
}

/**
 * Per-seed long format of metric records: one row per variant x seed x metric, sorted by variant,
 * metric, seed. Throws when a variant has the same seed twice.
 *
 * @example
 * toLongRows([{ variant: 'edge32', seed: 1, metrics: { testLoss: 0.1 } }]); // [{ variant: 'edge32', seed: 1, metric: 'testLoss', value: 0.1 }]
 */
export function toLongRows(records: readonly MetricRecord[]): LongRow[] {
  const seen = new Set<string>();
  const rows: LongRow[] = [];
  for (const r of records) {
    const key = JSON.stringify([r.variant, r.seed]);
    if (seen.has(key)) {
      throw new StatsError('invalid-option', `variant '${r.variant}' has seed ${r.seed} twice: give one record per run`);
    }
    seen.add(key);
    for (const [metric, value] of Object.entries(r.metrics)) rows.push({ variant: r.variant, seed: r.seed, metric, value });
  }
  return rows.sort(
    (x, y) => cmp(x.variant, y.variant) || cmp(x.metric, y.metric) || x.seed - y.seed,
  );
}

function cmp(x: string, y: string): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Summaries per variant and metric over seeds (metrics missing from a run are skipped for that run).
 * Non-finite values throw. Rows are sorted by variant, then metric.
 *
 * @example
 * summarizeMetrics([
 *   { variant: 'edge32', seed: 1, metrics: { testLoss: 0.10 } },
 *   { variant: 'edge32', seed: 2, metrics: { testLoss: 0.12 } },
 *   { variant: 'edge32', seed: 3, metrics: { testLoss: 0.11 } },
 * ]); // [{ variant: 'edge32', metric: 'testLoss', n: 3, mean: 0.11, sd: 0.01, ciLow, ciHigh, seeds: [1, 2, 3], values: [0.1, 0.12, 0.11] }]
 */
export function summarizeMetrics(records: readonly MetricRecord[], options: SummarizeOptions = {}): MetricSummaryRow[] {
  const groups = new Map<string, LongRow[]>();
  for (const row of toLongRows(records)) {
    const key = JSON.stringify([row.variant, row.metric]);
    const g = groups.get(key);
    if (g) g.push(row);
    else groups.set(key, [row]);
  }
  const out: MetricSummaryRow[] = [];
  for (const rows of groups.values()) {
    const values = rows.map((r) => r.value);
    let s;
    try {
      s = summarize(values, options);
    } catch (e) {
      if (e instanceof StatsError) {
        throw new StatsError(e.code, `variant '${rows[0].variant}', metric '${rows[0].metric}': ${e.message}`);
      }
      throw e;
    }
    out.push({
      variant: rows[0].variant,
      metric: rows[0].metric,
      n: s.n,
      mean: s.mean,
      sd: s.sd,
      ciLow: s.ci95 ? s.ci95[0] : null,
      ciHigh: s.ci95 ? s.ci95[1] : null,
      seeds: rows.map((r) => r.seed),
      values,
    });
  }
  return out;
}
