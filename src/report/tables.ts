/**
 * The report's tables (one model, four renderings: CSV with full precision, Markdown, LaTeX booktabs, HTML):
 * final losses per variant, region decomposition per variant, gap terms per comparison, intensity bins.
 */
import type { Estimate, PairedTestSummary, Summary } from '../summary/types.js';
import { csvField, escapeHtml, escapeLatex, markdownCell } from './escape.js';
import { fmtP } from './format.js';
import { pairingPowerTable } from './pairing-table.js';

/** How a column's values are printed. */
export type ColumnKind = 'text' | 'int' | 'loss' | 'signed' | 'p' | 'ratio';

/** A table column. */
export interface TableColumn {
  key: string;
  header: string;
  kind: ColumnKind;
}

/** A cell: a number (printed by the column's kind), text, or missing. */
export type TableCell = number | string | null;

/** A table of the report. */
export interface ReportTable {
  /** File stem of the exports. */
  name: 'final-losses' | 'regions' | 'gap-terms' | 'intensity' | 'pairing-power';
  title: string;
  columns: TableColumn[];
  rows: TableCell[][];
}

const lossCols = (prefix: string, label: string): TableColumn[] => [
  { key: `${prefix}Mean`, header: `${label} mean`, kind: 'loss' },
  { key: `${prefix}Lo`, header: `${label} 95% CI low`, kind: 'loss' },
  { key: `${prefix}Hi`, header: `${label} 95% CI high`, kind: 'loss' },
];

const est = (e: Estimate): TableCell[] => [e.mean, e.ci95 ? e.ci95[0] : null, e.ci95 ? e.ci95[1] : null];

/**
 * Final losses per variant: test, train, original-pixel loss, entropy floor and excess (mean, 95% CI), seeds.
 *
 * @example
 * finalLossTable(summary).rows.length; // number of variants
 */
export function finalLossTable(summary: Summary): ReportTable {
  return {
    name: 'final-losses',
    title: 'Final losses per variant (BCE, nats/pixel; mean and 95% CI across seeds)',
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'size', header: 'size', kind: 'int' },
      { key: 'pad', header: 'pad', kind: 'int' },
      { key: 'padMode', header: 'pad mode', kind: 'text' },
      { key: 'lossRegion', header: 'loss on', kind: 'text' },
      { key: 'n', header: 'seeds', kind: 'int' },
      ...lossCols('test', 'test'),
      ...lossCols('train', 'train'),
      { key: 'originalMean', header: 'original 28x28 mean', kind: 'loss' },
      { key: 'floorMean', header: 'entropy floor', kind: 'loss' },
      ...lossCols('excess', 'excess'),
    ],
    rows: summary.variants.map((v) => [
      v.variant,
      v.size,
      v.pad,
      v.padMode,
      v.lossRegion,
      v.testLoss.n,
      ...est(v.testLoss),
      ...est(v.finalTrainLoss),
      v.originalLoss.mean,
      v.entropyFloor.mean,
      ...est(v.excess),
    ]),
  };
}

/**
 * Region decomposition per variant: pixels, weight, mean loss (CI), contribution (= weight x mean), floor.
 *
 * @example
 * regionTable(summary).rows.filter((r) => r[0] === 'edge32').length; // 3 (interior, edge, pad)
 */
export function regionTable(summary: Summary): ReportTable {
  return {
    name: 'regions',
    title: 'Loss by region (BCE, nats/pixel): contributions add up to the test loss',
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'region', header: 'region', kind: 'text' },
      { key: 'pixels', header: 'pixels', kind: 'int' },
      { key: 'weight', header: 'weight', kind: 'ratio' },
      ...lossCols('mean', 'mean loss'),
      { key: 'contribution', header: 'contribution', kind: 'loss' },
      { key: 'floor', header: 'entropy floor', kind: 'loss' },
    ],
    rows: summary.variants.flatMap((v) =>
      v.regions.map((r) => [v.variant, r.region, r.pixels, r.weight, ...est(r.meanLoss), r.contribution.mean, r.floor.mean]),
    ),
  };
}

const TERM_LABEL: Record<string, string> = {
  gap: 'gap (a − b)',
  samePixel: 'same pixels (edge + interior)',
  samePixelEdge: 'same pixels: edge ring',
  samePixelInterior: 'same pixels: interior',
  dilution: 'dilution by pad pixels',
};

const testCells = (t: PairedTestSummary): TableCell[] => [t.n, t.pT, t.pHolm, t.pWilcoxon, t.dz];

/**
 * Gap terms per comparison (and the comparison's other paired tests): mean, 95% CI, raw and Holm p.
 *
 * @example
 * gapTermTable(summary).rows[0].slice(0, 3); // ['baseline28', 'edge32', 'gap (a − b)']
 */
export function gapTermTable(summary: Summary): ReportTable {
  return {
    name: 'gap-terms',
    title: 'Gap terms per comparison with paired tests across seeds (Δ in nats/pixel; p: paired t-test, Holm-adjusted within the comparison)',
    columns: [
      { key: 'a', header: 'a', kind: 'text' },
      { key: 'b', header: 'b', kind: 'text' },
      { key: 'quantity', header: 'quantity', kind: 'text' },
      { key: 'mean', header: 'mean Δ', kind: 'signed' },
      { key: 'lo', header: '95% CI low', kind: 'signed' },
      { key: 'hi', header: '95% CI high', kind: 'signed' },
      { key: 'n', header: 'pairs', kind: 'int' },
      { key: 'pT', header: 'p (t)', kind: 'p' },
      { key: 'pHolm', header: 'p (Holm)', kind: 'p' },
      { key: 'pWilcoxon', header: 'p (Wilcoxon)', kind: 'p' },
      { key: 'dz', header: 'd_z', kind: 'ratio' },
    ],
    rows: summary.comparisons.flatMap((c) => [
      ...c.terms.map((t): TableCell[] => [c.a, c.b, TERM_LABEL[t.term] ?? t.term, t.estimate.mean, t.estimate.ci95?.[0] ?? null, t.estimate.ci95?.[1] ?? null, ...testCells(t.test)]),
      ...c.tests.map((t): TableCell[] => [c.a, c.b, t.quantity, t.meanDifference, t.ci95?.[0] ?? null, t.ci95?.[1] ?? null, ...testCells(t)]),
    ]),
  };
}

/**
 * Intensity bins per variant (all regions): pixels, mean loss (CI), floor, excess, share of the loss.
 *
 * @example
 * intensityTable(summary).rows.length; // variants x bins (x regions)
 */
export function intensityTable(summary: Summary): ReportTable {
  return {
    name: 'intensity',
    title: 'Loss by clean-target intensity bin (BCE, nats/pixel): mean, entropy floor, excess over the floor',
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'region', header: 'region', kind: 'text' },
      { key: 'bin', header: 'bin', kind: 'text' },
      { key: 'pixels', header: 'pixels', kind: 'int' },
      ...lossCols('mean', 'mean loss'),
      { key: 'floor', header: 'entropy floor', kind: 'loss' },
      { key: 'excess', header: 'excess', kind: 'loss' },
      { key: 'share', header: 'share of loss', kind: 'ratio' },
    ],
    rows: summary.variants.flatMap((v) =>
      v.intensity.map((b) => [v.variant, b.region, b.bin, b.pixels, ...est(b.meanLoss), b.meanFloor.mean, b.meanExcess.mean, b.share.mean]),
    ),
  };
}

/**
 * All five tables.
 *
 * @example
 * buildTables(summary).map((t) => t.name); // ['final-losses', 'regions', 'gap-terms', 'pairing-power', 'intensity']
 */
export function buildTables(summary: Summary): ReportTable[] {
  return [finalLossTable(summary), regionTable(summary), gapTermTable(summary), pairingPowerTable(summary), intensityTable(summary)];
}

/**
 * A cell as display text (plain; callers escape for their format).
 *
 * @example
 * formatCell(0.098765, 'loss'); // '0.0988'
 */
export function formatCell(v: TableCell, kind: ColumnKind): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  if (!Number.isFinite(v)) return String(v);
  switch (kind) {
    case 'int':
      return String(Math.round(v));
    case 'loss':
      return v.toFixed(4);
    case 'signed': {
      const s = Math.abs(v).toFixed(4);
      return Number(s) === 0 ? s : v < 0 ? `−${s}` : `+${s}`;
    }
    case 'p':
      return fmtP(v);
    case 'ratio':
      return v.toFixed(3);
    default:
      return String(v);
  }
}

/**
 * CSV with a header row, numbers at full precision, missing cells empty.
 *
 * @example
 * tableToCsv(finalLossTable(summary)).split('\n')[0]; // 'variant,size,pad,...'
 */
export function tableToCsv(t: ReportTable): string {
  const lines = [t.columns.map((c) => csvField(c.header)).join(',')];
  for (const r of t.rows) lines.push(r.map((v) => (v === null ? '' : csvField(typeof v === 'number' ? String(v) : v))).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * A GitHub-flavoured Markdown table (numbers right-aligned), preceded by the title in bold.
 *
 * @example
 * tableToMarkdown(regionTable(summary));
 */
export function tableToMarkdown(t: ReportTable): string {
  const head = `| ${t.columns.map((c) => markdownCell(c.header)).join(' | ')} |`;
  const align = `|${t.columns.map((c) => (c.kind === 'text' ? ':---' : '---:')).join('|')}|`;
  const body = t.rows.map((r) => `| ${r.map((v, i) => markdownCell(formatCell(v, t.columns[i].kind))).join(' | ')} |`);
  return `**${markdownCell(t.title)}**\n\n${[head, align, ...body].join('\n')}\n`;
}

/**
 * A LaTeX booktabs table (`\toprule`, `\midrule`, `\bottomrule`) with escaped cells, in a `table` float.
 *
 * @example
 * tableToLatex(gapTermTable(summary)); // '\\begin{table}...\\toprule...'
 */
export function tableToLatex(t: ReportTable): string {
  const spec = t.columns.map((c) => (c.kind === 'text' ? 'l' : 'r')).join('');
  const lines = [
    '% requires \\usepackage{booktabs}',
    '\\begin{table}[htbp]',
    '\\centering',
    `\\caption{${escapeLatex(t.title)}}`,
    `\\label{tab:${t.name}}`,
    `\\begin{tabular}{${spec}}`,
    '\\toprule',
    `${t.columns.map((c) => escapeLatex(c.header)).join(' & ')} \\\\`,
    '\\midrule',
    ...t.rows.map((r) => `${r.map((v, i) => escapeLatex(formatCell(v, t.columns[i].kind))).join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}',
    '\\end{table}',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * An HTML `<table>` with every cell escaped.
 *
 * @example
 * tableToHtml(finalLossTable(summary)); // '<table class="data">...'
 */
export function tableToHtml(t: ReportTable): string {
  const th = t.columns.map((c) => `<th class="${c.kind === 'text' ? 'l' : 'r'}">${escapeHtml(c.header)}</th>`).join('');
  const rows = t.rows
    .map((r) => `<tr>${r.map((v, i) => `<td class="${t.columns[i].kind === 'text' ? 'l' : 'r'}">${escapeHtml(formatCell(v, t.columns[i].kind))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table class="data" id="table-${escapeHtml(t.name)}">\n<caption>${escapeHtml(t.title)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>`;
}
