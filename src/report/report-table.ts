/** The shape of a report table, apart from the code that fills and prints it (tables.ts). */

/** How a column's values are printed. */
export type ColumnKind = 'text' | 'int' | 'loss' | 'signed' | 'p' | 'ratio' | 'share' | 'loss-ci' | 'signed-ci';

/** A table column. */
export interface TableColumn {
  key: string;
  header: string;
  kind: ColumnKind;
}

/**
 * A mean with its 95% interval, as one cell: printed `mean [lo, hi]` with decimals from the CI's
 * width; in CSV, three columns at full precision.
 */
export interface IntervalCell {
  mean: number;
  lo: number | null;
  hi: number | null;
  /** Decimals for display, from the width of the CI as computed (`decimalsFromCi` in format.ts). */
  decimals: number;
  /** True when the lower bound of a loss's t CI was below 0 and is shown as 0. */
  cut: boolean;
}

/** A cell: a number (printed by the column's kind), an interval, text, or missing. */
export type TableCell = number | string | null | IntervalCell;

/** A table of the report. */
export interface ReportTable {
  /** File stem of the exports. */
  name: 'final-losses' | 'comparisons' | 'predictions' | 'regions' | 'gap-terms' | 'pairing-power' | 'intensity' | 'ablations';
  title: string;
  columns: TableColumn[];
  rows: TableCell[][];
  /** A footnote printed under the table (e.g. what a mark means). */
  note?: string;
}
