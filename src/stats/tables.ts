/** A table cell: numbers, strings, booleans, null (missing) or a list of numbers (e.g. per-seed values). */
export type TableCell = string | number | boolean | null | readonly number[];

/** Any row whose fields are table cells (MetricSummaryRow, LongRow, CurveSummaryRow, ...). */
export type TableRow<R> = { readonly [K in keyof R]: TableCell };

/** Options of toCsv (and of toDataFrame in `boundary-effects/dataframe`). */
export interface TableOptions {
  /** Columns in order; default: every key in the order first seen. */
  columns?: string[];
  /** Separator for list cells (per-seed values); default ';'. */
  listSeparator?: string;
}

/**
 * The columns of a table: `options.columns`, else every key in the order first seen.
 *
 * @example
 * columnsOf([{ a: 1 }, { b: 2, a: 3 }], {}); // ['a', 'b']
 */
export function columnsOf(rows: ReadonlyArray<Readonly<Record<string, unknown>>>, options: TableOptions): string[] {
  if (options.columns) return options.columns;
  const seen = new Set<string>();
  for (const r of rows) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

function formatNumber(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v); // shortest string that round-trips the double
}

/**
 * A cell as text: null for missing, numbers as R writes them, lists joined by `listSeparator`.
 *
 * @example
 * cellText([1, NaN, Infinity], ';'); // '1;NaN;Inf'
 */
export function cellText(v: unknown, listSeparator: string): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return formatNumber(v);
  if (Array.isArray(v)) return v.map((x) => formatNumber(x as number)).join(listSeparator);
  return String(v);
}

function quote(text: string): string {
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * RFC 4180 CSV of rows (header line, '\n' line ends, fields quoted when needed, null as an empty
 * field, NaN / Inf / -Inf as R writes them, list cells joined by ';'). Written by hand because
 * danfo's toCSV neither quotes fields containing commas or quotes nor accepts list cells.
 *
 * @example
 * toCsv([{ variant: 'edge32', metric: 'testLoss', mean: 0.11, ciLow: null, seeds: [1, 2, 3] }]);
 * // 'variant,metric,mean,ciLow,seeds\nedge32,testLoss,0.11,,1;2;3\n'
 */
export function toCsv<R extends TableRow<R>>(rows: readonly R[], options: TableOptions = {}): string {
  const records = rows as unknown as ReadonlyArray<Readonly<Record<string, unknown>>>;
  const columns = columnsOf(records, options);
  const sep = options.listSeparator ?? ';';
  const lines = [columns.map(quote).join(',')];
  for (const r of records) lines.push(columns.map((c) => quote(cellText(r[c], sep) ?? '')).join(','));
  return lines.join('\n') + '\n';
}
