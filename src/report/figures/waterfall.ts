/**
 * Figure 2 — the gap as a waterfall, per comparison: L(a), the same-pixel change on the edge ring and on
 * the interior, the dilution by pad pixels, L(b); each step with its 95% CI.
 */
import { largest } from '../../stats/extremes.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonSummary, GapTermSummary, Summary } from '../../summary/types.js';
import { ciBounds, decimalsFromCi, decisiveP, fmtLossEstimate, fmtP, fmtSigned, nonNegativeInterval, round6 } from '../format.js';
import { LOSS_AXIS_TITLE } from '../theme.js';
import { figureContext, findVariant, withTheme, type FigureContext } from './common.js';

/** One bar of a waterfall. */
export interface WaterfallRow {
  /** `a − b`, the facet. */
  comparison: string;
  step: string;
  order: number;
  kind: 'total' | 'step';
  /** Bar from `start` to `end` (for a step, `end = start − term`). */
  start: number;
  end: number;
  /** The term (a step's signed contribution to the gap) or the total loss. */
  value: number;
  /** 95% CI of the bar's end (for a step: `start − CI of the term`). */
  lo: number;
  hi: number;
  hasCi: boolean;
  /** What the bar is: a total loss, or a term that lowers or raises the loss (the colour, with a legend). */
  effect: 'test loss' | 'lowers the loss' | 'raises the loss';
  /** The bar's value as in the text: a total's loss, or a term signed as its part of the gap (positive lowers the loss). */
  label: string | string[];
  p: string;
}

const STEPS: Array<{ term: GapTermSummary['term']; step: string }> = [
  { term: 'samePixelEdge', step: 'edge ring' },
  { term: 'samePixelInterior', step: 'interior' },
  { term: 'dilution', step: 'pad dilution' },
];

/** The label of a comparison, `a − b`. */
export function comparisonLabel(c: Pick<ComparisonSummary, 'a' | 'b'>): string {
  return `${c.a} − ${c.b}`;
}

/**
 * The waterfall bars of every comparison: L(a), the three exact terms of the gap, L(b).
 * Terms are signed so that `L(a) − edge − interior − dilution = L(b)`.
 *
 * @example
 * waterfallData(summary).filter((r) => r.comparison === 'baseline28 − edge32').map((r) => r.step);
 * // ['L(baseline28)', 'edge ring', 'interior', 'pad dilution', 'L(edge32)']
 */
export function waterfallData(summary: Summary, ctx: FigureContext = figureContext(summary)): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  for (const c of summary.comparisons) {
    const va = findVariant(summary, c.a);
    const vb = findVariant(summary, c.b);
    if (!va || !vb) continue;
    const comparison = comparisonLabel(c);
    const total = (variant: string, order: number, e: typeof va.testLoss): WaterfallRow => {
      const iv = nonNegativeInterval(e);
      const b = iv === null ? { lo: e.mean, hi: e.mean, hasCi: false } : { lo: iv.lo, hi: iv.hi, hasCi: true };
      return {
        comparison,
        step: `L(${variant})`,
        order,
        kind: 'total',
        start: 0,
        end: round6(e.mean),
        value: round6(e.mean),
        lo: round6(b.lo),
        hi: round6(b.hi),
        hasCi: b.hasCi,
        effect: 'test loss',
        // Two lines like the steps' (value, p), the second empty, so that every label ends above its bar.
        label: [fmtLossEstimate(e).split(' [')[0], ''],
        p: '',
      };
    };
    rows.push(total(c.a, 0, va.testLoss));
    let level = va.testLoss.mean;
    STEPS.forEach(({ term, step }, k) => {
      const t = c.terms.find((x) => x.term === term);
      if (!t) return;
      const b = ciBounds(t.estimate);
      const end = level - t.estimate.mean;
      rows.push({
        comparison,
        step,
        order: k + 1,
        kind: 'step',
        start: round6(level),
        end: round6(end),
        value: round6(t.estimate.mean),
        // The whisker lies on the loss scale (where the step would end); a loss cannot go below 0,
        // so a wide CI (two seeds) is cut there as every loss interval is.
        lo: round6(Math.max(0, level - b.hi)),
        hi: round6(Math.max(0, level - b.lo)),
        hasCi: b.hasCi,
        effect: t.estimate.mean >= 0 ? 'lowers the loss' : 'raises the loss',
        // The term as the text writes it (gap = L(a) − L(b) = sum of terms): positive lowers the loss.
        label: [fmtSigned(t.estimate.mean, decimalsFromCi(t.estimate.mean, t.estimate.ci95)), `p ${fmtP(decisiveP(t.test))}`],
        p: `p_Holm ${fmtP(decisiveP(t.test))}`,
      });
      level = end;
    });
    rows.push(total(c.b, STEPS.length + 1, vb.testLoss));
  }
  return rows;
}

/**
 * The waterfall's encoding: floating bars (`y` start to `y2` end), CI bars at each bar's end, value labels;
 * one panel per comparison.
 *
 * @example
 * const spec = waterfallSpec(waterfallData(summary));
 */
export function waterfallSpec(rows: WaterfallRow[]): TopLevelSpec {
  const comparisons = [...new Set(rows.map((r) => r.comparison))];
  const maxY = Math.max(largest(rows.map((r) => Math.max(r.end, r.hi, r.start))), 0);
  const y = { type: 'quantitative' as const, title: LOSS_AXIS_TITLE, scale: { domain: [0, maxY * 1.2], nice: false } };
  const x = { field: 'step', type: 'ordinal' as const, title: null, sort: { field: 'order' }, axis: { labelAngle: -30, labelLimit: 160 } };
  return withTheme({
    title: {
      text: 'The gap, split exactly: same pixels + dilution by pad pixels',
      subtitle: [
        'L(a), minus the change on the same original pixels (edge ring, interior), minus the dilution by the pad pixels, equals L(b).',
        'Bars: means across seeds; whiskers: 95% CI of each term (placed at the bar’s end). Labels: the term as in the text (positive lowers the loss) and its Holm-adjusted p.',
      ],
    },
    data: { values: rows },
    facet: { field: 'comparison', type: 'nominal', title: null, sort: comparisons, header: { labelFontSize: 12, labelFontWeight: 'bold' } },
    columns: Math.min(2, comparisons.length),
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 420,
      height: 240,
      layer: [
        {
          mark: { type: 'bar', width: { band: 0.6 } },
          encoding: {
            x,
            y: { ...y, field: 'start' },
            y2: { field: 'end' },
            color: {
              field: 'effect',
              type: 'nominal',
              title: null,
              scale: { domain: ['test loss', 'lowers the loss', 'raises the loss'], range: ['#4d4d4d', '#0072B2', '#D55E00'] },
              legend: { orient: 'top', direction: 'horizontal', symbolType: 'square' },
            },
            tooltip: [
              { field: 'comparison', type: 'nominal' },
              { field: 'step', type: 'nominal' },
              { field: 'value', type: 'quantitative', format: '.6f', title: 'loss, or term (positive lowers the loss)' },
              { field: 'lo', type: 'quantitative', format: '.5f', title: 'CI low (end)' },
              { field: 'hi', type: 'quantitative', format: '.5f', title: 'CI high (end)' },
              { field: 'p', type: 'nominal' },
            ],
          },
        },
        {
          transform: [{ filter: 'datum.hasCi' }],
          mark: { type: 'rule', color: '#000000', strokeWidth: 1.4 },
          encoding: {
            x,
            y: { ...y, field: 'lo' },
            y2: { field: 'hi' },
            tooltip: [
              { field: 'step', type: 'nominal' },
              { field: 'lo', type: 'quantitative', format: '.6f', title: 'CI low (end)' },
              { field: 'hi', type: 'quantitative', format: '.6f', title: 'CI high (end)' },
            ],
          },
        },
        {
          transform: [{ calculate: 'max(datum.start, datum.end, datum.hi)', as: 'top' }],
          // Multi-line text hangs its later lines below the first: lift the first by one line.
          mark: { type: 'text', baseline: 'bottom', dy: -14, fontSize: 10, color: '#222222', lineHeight: 11 },
          encoding: { x, y: { ...y, field: 'top' }, text: { field: 'label' } },
        },
      ],
    },
  });
}

/**
 * Figure 2 from a summary.
 *
 * @example
 * const spec = waterfallFigure(summary);
 */
export function waterfallFigure(summary: Summary): TopLevelSpec {
  return waterfallSpec(waterfallData(summary));
}
