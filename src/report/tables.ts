/**
 * The report's tables (one model, four renderings: CSV with full precision, Markdown, LaTeX booktabs, HTML):
 * final losses per variant, region decomposition per variant, gap terms per comparison, intensity bins.
 */
import type { Estimate, GapTermSummary, PairedTestSummary, Summary } from '../summary/types.js';
import { csvField, escapeHtml, escapeLatex, markdownCell } from './escape.js';
import { describeChange, describeVariant, lossLabel, quantityWords, relabelLoss, TERM_WORDS } from './experiment.js';
import { CUT_MARK, decimalsFromCi, decisiveP, fmtNumber, fmtP, fmtPercent, fmtSigned, fmtValue, nonNegativeInterval } from './format.js';
import { pairingPowerTable } from './pairing-table.js';
import type { ColumnKind, IntervalCell, ReportTable, TableCell, TableColumn } from './report-table.js';
import { comparisonFindings } from '../findings/index.js';
import { shareWords } from './claim-words.js';

export type { ColumnKind, IntervalCell, ReportTable, TableCell, TableColumn } from './report-table.js';

/**
 * A loss's mean and its interval, the lower bound cut at 0 where the t CI reached below it.
 *
 * @example
 * lossCell({ mean: 0.2289, ci95: [-0.0702, 0.5279] }); // { mean: 0.2289, lo: 0, hi: 0.5279, decimals: 2, cut: true }
 */
export function lossCell(e: Pick<Estimate, 'mean' | 'ci95'>): IntervalCell {
  const iv = nonNegativeInterval(e);
  return { mean: e.mean, lo: iv?.lo ?? null, hi: iv?.hi ?? null, decimals: decimalsFromCi(e.mean, e.ci95), cut: iv?.kind === 't-cut-at-0' };
}

/**
 * A signed difference's mean and 95% CI.
 *
 * @example
 * diffCell(0.000035, [0.000019, 0.000051]); // { mean: 0.000035, lo: 0.000019, hi: 0.000051, decimals: 6, cut: false }
 */
export function diffCell(mean: number, ci: [number, number] | null): IntervalCell {
  return { mean, lo: ci?.[0] ?? null, hi: ci?.[1] ?? null, decimals: decimalsFromCi(mean, ci), cut: false };
}

const isInterval = (v: TableCell): v is IntervalCell => typeof v === 'object' && v !== null;

const CUT_TABLE_NOTE = `${CUT_MARK} t-based 95% CI cut at 0: it reached below 0, which a loss cannot.`;

/** The table's note when one of its loss intervals was cut at 0. */
function cutNote(rows: TableCell[][]): { note?: string } {
  return rows.some((r) => r.some((c) => isInterval(c) && c.cut)) ? { note: CUT_TABLE_NOTE } : {};
}

/**
 * Final losses per variant: test, train, original-pixel loss, entropy floor and excess (mean, 95% CI), seeds.
 *
 * @example
 * finalLossTable(summary).rows.length; // number of variants
 */
export function finalLossTable(summary: Summary): ReportTable {
  const rows = summary.variants.map((v): TableCell[] => [
    v.variant,
    describeVariant(v),
    v.testLoss.n,
    lossCell(v.testLoss),
    v.finalTrainLoss === null ? null : lossCell(v.finalTrainLoss),
    lossCell(v.originalLoss),
    floorCell(v.entropyFloor, summary),
    v.excess === null ? floorCell(null, summary) : lossCell(v.excess),
  ]);
  return {
    name: 'final-losses',
    title: 'Final losses per variant (BCE, nats/pixel; mean [95% CI] across seeds)',
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'what', header: 'what it is', kind: 'text' },
      { key: 'n', header: 'seeds', kind: 'int' },
      { key: 'test', header: 'test loss', kind: 'loss-ci' },
      { key: 'train', header: 'final train loss', kind: 'loss-ci' },
      { key: 'original', header: 'test loss on the original pixels', kind: 'loss-ci' },
      { key: 'floor', header: 'entropy floor', kind: 'loss' },
      { key: 'excess', header: 'excess over the floor', kind: 'loss-ci' },
    ],
    rows,
    ...cutNote(rows),
  };
}

/**
 * One row per comparison: what the second model changes, its loss, the gap and its two parts, and
 * the test of the same-pixel change. Signs: positive lowers b's loss (gap = L(a) − L(b)).
 *
 * @example
 * comparisonTable(summary).rows[0].slice(0, 2); // ['baseline28 → edge32', 'edge pad of 2 → 32×32']
 */
export function comparisonTable(summary: Summary): ReportTable {
  const rows = summary.comparisons.flatMap((c): TableCell[][] => {
    const va = summary.variants.find((v) => v.variant === c.a);
    const vb = summary.variants.find((v) => v.variant === c.b);
    const term = (name: GapTermSummary['term']) => c.terms.find((t) => t.term === name);
    const gap = term('gap');
    const dil = term('dilution');
    const sp = term('samePixel');
    if (!va || !vb || !gap || !dil || !sp) return [];
    // A share only for an established gap and within its limit; otherwise the cell says why (src/findings).
    const f = comparisonFindings(summary, c);
    const share = f.share.kind === 'shares' && f.share.dilution !== null ? f.share.dilution : shareWords(f);
    return [[
      `${c.a} → ${c.b}`,
      describeChange(va, vb),
      c.pairedSeeds.length,
      lossCell(vb.testLoss),
      diffCell(gap.estimate.mean, gap.estimate.ci95),
      diffCell(dil.estimate.mean, dil.estimate.ci95),
      share,
      diffCell(sp.estimate.mean, sp.estimate.ci95),
      decisiveP(sp.test),
    ]];
  });
  return {
    name: 'comparisons',
    title: 'Every comparison: gap = dilution + same-pixel change (nats/pixel, mean [95% CI] over paired seeds; positive lowers the second model’s loss)',
    columns: [
      { key: 'comparison', header: 'comparison', kind: 'text' },
      { key: 'change', header: 'what the second model changes', kind: 'text' },
      { key: 'pairs', header: 'paired seeds', kind: 'int' },
      { key: 'loss', header: 'its test loss', kind: 'loss-ci' },
      { key: 'gap', header: 'gap', kind: 'signed-ci' },
      { key: 'dilution', header: 'dilution', kind: 'signed-ci' },
      { key: 'share', header: 'dilution share of the gap', kind: 'share' },
      { key: 'samePixel', header: 'same-pixel change', kind: 'signed-ci' },
      { key: 'p', header: 'p (same pixels, Holm)', kind: 'p' },
    ],
    rows,
    ...cutNote(rows),
  };
}

/**
 * The dilution predictions against the measured losses: the prediction holds where the measured CI covers it.
 *
 * @example
 * predictionTable(summary).rows.map((r) => r[0]); // ['edge32', 'edge32', ...]
 */
export function predictionTable(summary: Summary): ReportTable {
  const rows = summary.predictions.map((p): TableCell[] => {
    const iv = nonNegativeInterval(p.measured);
    const verdict = iv === null ? 'one seed: no CI' : p.predicted >= iv.lo && p.predicted <= iv.hi ? 'inside' : 'outside';
    return [p.variant, p.padCostSource, p.padCost, p.predicted, lossCell(p.measured), p.measured.mean - p.predicted, verdict];
  });
  return {
    name: 'predictions',
    title: `Predicted from dilution alone (the reference model’s per-pixel losses on the original pixels, pad pixels at the stated cost) against measured (nats/pixel)`,
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'source', header: 'pad cost from', kind: 'text' },
      { key: 'padCost', header: 'pad cost', kind: 'loss' },
      { key: 'predicted', header: 'predicted', kind: 'loss' },
      { key: 'measured', header: 'measured', kind: 'loss-ci' },
      { key: 'miss', header: 'measured − predicted', kind: 'signed' },
      { key: 'inside', header: 'prediction in the CI', kind: 'text' },
    ],
    rows,
    ...cutNote(rows),
  };
}

const REGION_WORDS: Readonly<Record<string, string>> = { interior: 'interior', edge: 'edge ring', pad: 'pad ring' };

/**
 * Region decomposition per variant: pixels, weight, mean loss (CI), contribution (= weight x mean), floor.
 *
 * @example
 * regionTable(summary).rows.filter((r) => r[0] === 'edge32').length; // 3 (interior, edge ring, pad ring)
 */
export function regionTable(summary: Summary): ReportTable {
  const rows = summary.variants.flatMap((v) =>
    v.regions.map((r): TableCell[] => [v.variant, REGION_WORDS[r.region] ?? r.region, r.pixels, r.weight, lossCell(r.meanLoss), r.contribution.mean, floorCell(r.floor, summary)]),
  );
  return {
    name: 'regions',
    title: 'Loss by region (BCE, nats/pixel): contributions add up to the test loss',
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'region', header: 'region', kind: 'text' },
      { key: 'pixels', header: 'pixels', kind: 'int' },
      { key: 'weight', header: 'share of the pixels', kind: 'ratio' },
      { key: 'mean', header: 'mean loss', kind: 'loss-ci' },
      { key: 'contribution', header: 'contribution', kind: 'loss' },
      { key: 'floor', header: 'entropy floor', kind: 'loss' },
    ],
    rows,
    ...cutNote(rows),
  };
}

const testCells = (t: PairedTestSummary): TableCell[] => [t.n, t.pT, t.pHolm, t.pWilcoxon, t.dz];

/**
 * Gap terms per comparison (and the comparison's other paired tests): mean, 95% CI, raw and Holm p.
 *
 * @example
 * gapTermTable(summary).rows[0].slice(0, 2); // ['baseline28 → edge32', 'gap']
 */
export function gapTermTable(summary: Summary): ReportTable {
  return {
    name: 'gap-terms',
    title: 'Gap terms per comparison with paired tests across seeds (Δ = a − b in nats/pixel, positive when b is lower; p: paired t-test, Holm-adjusted within the comparison)',
    columns: [
      { key: 'comparison', header: 'comparison', kind: 'text' },
      { key: 'quantity', header: 'quantity', kind: 'text' },
      { key: 'delta', header: 'Δ (a − b)', kind: 'signed-ci' },
      { key: 'n', header: 'pairs', kind: 'int' },
      { key: 'pT', header: 'p (t)', kind: 'p' },
      { key: 'pHolm', header: 'p (Holm)', kind: 'p' },
      { key: 'pWilcoxon', header: 'p (Wilcoxon)', kind: 'p' },
      { key: 'dz', header: 'd_z', kind: 'ratio' },
    ],
    rows: summary.comparisons.flatMap((c) => [
      ...c.terms.map((t): TableCell[] => [`${c.a} → ${c.b}`, TERM_WORDS[t.term], diffCell(t.estimate.mean, t.estimate.ci95), ...testCells(t.test)]),
      ...c.tests.map((t): TableCell[] => [`${c.a} → ${c.b}`, `${quantityWords(t.quantity)} (a − b)`, diffCell(t.meanDifference, t.ci95), ...testCells(t)]),
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
  const rows = summary.variants.flatMap((v) =>
    v.intensity.map((b): TableCell[] => [v.variant, b.region === 'all' ? 'all' : (REGION_WORDS[b.region] ?? b.region), b.bin, b.pixels, lossCell(b.meanLoss), floorCell(b.meanFloor, summary), floorCell(b.meanExcess, summary), b.share.mean]),
  );
  return {
    name: 'intensity',
    title: 'Loss by clean-target intensity bin (BCE, nats/pixel): mean, entropy floor, excess over the floor',
    columns: [
      { key: 'variant', header: 'variant', kind: 'text' },
      { key: 'region', header: 'region', kind: 'text' },
      { key: 'bin', header: 'bin', kind: 'text' },
      { key: 'pixels', header: 'pixels', kind: 'int' },
      { key: 'mean', header: 'mean loss', kind: 'loss-ci' },
      { key: 'floor', header: 'entropy floor', kind: 'loss' },
      { key: 'excess', header: 'excess', kind: 'loss' },
      { key: 'share', header: 'share of loss', kind: 'ratio' },
    ],
    rows,
    ...cutNote(rows),
  };
}

/**
 * All tables, in report order.
 *
 * @example
 * buildTables(summary).map((t) => t.name); // ['final-losses', 'comparisons', 'predictions', 'regions', 'gap-terms', 'pairing-power', 'intensity']
 */
export function buildTables(summary: Summary): ReportTable[] {
  const label = lossLabel(summary);
  const tables = [
    finalLossTable(summary),
    comparisonTable(summary),
    predictionTable(summary),
    regionTable(summary),
    gapTermTable(summary),
    pairingPowerTable(summary),
    intensityTable(summary),
  ];
  if (label.hasFloor) return tables;
  // mse and l1: every loss label names the loss, and tables with floor columns say why they are empty.
  const floorNote = `${label.name} has no entropy floor: it reaches 0 at a perfect prediction, so floor and excess are not defined (shown as "no floor", never 0).`;
  return tables.map((t) => {
    const relabelled = { ...t, title: relabelLoss(t.title, label), columns: t.columns.map((c) => ({ ...c, header: relabelLoss(c.header, label) })) };
    if (!t.columns.some((c) => c.key === 'floor')) return relabelled;
    return { ...relabelled, note: t.note === undefined ? floorNote : `${t.note} ${floorNote}` };
  });
}

/**
 * A floor (or excess) cell: its mean, or "no floor" when the loss has none (mse, l1), or "–" when the
 * runs gave no clean targets. Never 0 for a floor that does not exist.
 *
 * @example
 * floorCell(null, { loss: 'mse' }); // 'no floor'
 */
export function floorCell(e: Pick<Estimate, 'mean'> | null, summary: Pick<Summary, 'loss'>): TableCell {
  if (e !== null) return e.mean;
  return lossLabel(summary).hasFloor ? null : 'no floor';
}

/**
 * A cell as display text (plain; callers escape for their format). Intervals print as
 * `mean [lo, hi]` with decimals from the CI's width; single losses with three significant digits.
 *
 * @example
 * formatCell(0.098765, 'loss'); // '0.0988'
 * formatCell(diffCell(0.000035, [0.000019, 0.000051]), 'signed-ci'); // '+0.000035 [+0.000019, +0.000051]'
 */
export function formatCell(v: TableCell, kind: ColumnKind): string {
  if (v === null) return '–';
  if (typeof v === 'string') return v;
  if (isInterval(v)) {
    const t = intervalTexts(v, kind);
    if (t.lo === null || t.hi === null) return t.mean;
    return `${t.mean} [${t.lo}, ${t.hi}]${v.cut ? CUT_MARK : ''}`;
  }
  if (!Number.isFinite(v)) return String(v);
  switch (kind) {
    case 'int':
      return Math.round(v).toLocaleString('en-US');
    case 'loss':
    case 'loss-ci':
      return fmtValue(v);
    case 'signed':
    case 'signed-ci': {
      const s = fmtValue(v);
      return s.startsWith('−') || Number(s) === 0 ? s : `+${s}`;
    }
    case 'p':
      return fmtP(v);
    case 'share':
      return fmtPercent(v);
    case 'ratio':
      return fmtNumber(v, 3);
    default:
      return String(v);
  }
}

/**
 * The three numbers of an interval cell as {@link formatCell} prints them: decimals from the CI's
 * width, signed for a difference, a lower bound cut at 0 as `0`; `lo` and `hi` null without a CI.
 *
 * @example
 * intervalTexts(diffCell(0.000035, [0.000019, 0.000051]), 'signed-ci'); // { mean: '+0.000035', lo: '+0.000019', hi: '+0.000051' }
 * intervalTexts(lossCell({ mean: 0.2289, ci95: [-0.0702, 0.5279] }), 'loss-ci'); // { mean: '0.2', lo: '0', hi: '0.5' }
 */
export function intervalTexts(v: IntervalCell, kind: ColumnKind): { mean: string; lo: string | null; hi: string | null } {
  const f = kind === 'signed-ci' ? (x: number): string => fmtSigned(x, v.decimals) : (x: number): string => fmtNumber(x, v.decimals);
  if (v.lo === null || v.hi === null) return { mean: f(v.mean), lo: null, hi: null };
  return { mean: f(v.mean), lo: v.cut ? '0' : f(v.lo), hi: f(v.hi) };
}

/**
 * CSV with a header row, numbers at full precision, missing cells empty.
 *
 * @example
 * tableToCsv(finalLossTable(summary)).split('\n')[0]; // 'variant,size,pad,...'
 */
export function tableToCsv(t: ReportTable): string {
  const isCi = (c: TableColumn): boolean => c.kind === 'loss-ci' || c.kind === 'signed-ci';
  const header = t.columns.flatMap((c) => (isCi(c) ? [`${c.header} mean`, `${c.header} 95% CI low${c.kind === 'loss-ci' ? ' (t; cut at 0)' : ''}`, `${c.header} 95% CI high`] : [c.header]));
  const num = (x: number | null): string => (x === null ? '' : String(x));
  const lines = [header.map(csvField).join(',')];
  for (const r of t.rows) {
    const fields = r.flatMap((v, i) => {
      if (isCi(t.columns[i])) return isInterval(v) ? [num(v.mean), num(v.lo), num(v.hi)] : [typeof v === 'number' ? String(v) : '', '', ''];
      if (isInterval(v)) return [num(v.mean)];
      // Numbers as they are (a negative one is no formula); text neutralised against spreadsheet formulas.
      return [v === null ? '' : typeof v === 'number' ? String(v) : csvField(v)];
    });
    lines.push(fields.join(','));
  }
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
  return `**${markdownCell(t.title)}**\n\n${[head, align, ...body].join('\n')}\n${t.note ? `\n${markdownCell(t.note)}\n` : ''}`;
}

/**
 * A LaTeX booktabs table (`\toprule`, `\midrule`, `\bottomrule`) with escaped cells, in a `table` float,
 * shrunk to the text width when wider (`\resizebox`, graphicx).
 *
 * @example
 * tableToLatex(gapTermTable(summary)); // '\\begin{table}...\\toprule...'
 */
export function tableToLatex(t: ReportTable): string {
  const spec = t.columns.map((c) => (c.kind === 'text' ? 'l' : 'r')).join('');
  const lines = [
    '% requires \\usepackage{booktabs} and \\usepackage{graphicx}',
    '\\begin{table}[htbp]',
    '\\centering',
    `\\caption{${escapeLatex(t.title)}}`,
    `\\label{tab:${t.name}}`,
    // Shrunk to the text width only when wider (the report's tables have many columns).
    '\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%',
    `\\begin{tabular}{${spec}}`,
    '\\toprule',
    `${t.columns.map((c) => escapeLatex(c.header)).join(' & ')} \\\\`,
    '\\midrule',
    ...t.rows.map((r) => `${r.map((v, i) => escapeLatex(formatCell(v, t.columns[i].kind))).join(' & ')} \\\\`),
    '\\bottomrule',
    '\\end{tabular}%',
    '}',
    ...(t.note ? [`\\par\\footnotesize ${escapeLatex(t.note)}`] : []),
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
  const note = t.note ? `\n<p class="note">${escapeHtml(t.note)}</p>` : '';
  return `<table class="data" id="table-${escapeHtml(t.name)}">\n<caption>${escapeHtml(t.title)}</caption>\n<thead><tr>${th}</tr></thead>\n<tbody>\n${rows}\n</tbody>\n</table>${note}`;
}
