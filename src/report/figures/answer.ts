/**
 * Figure 1 — the answer in one picture: the reference model's test loss, the three exact terms of
 * the gap, the padded model's test loss (left, on the loss scale), and the same-pixel terms again on
 * their own, zoomed scale (right), where a term of 0.000035 is readable. Every term is signed as in
 * the text: its part of the gap L(a) − L(b), positive when it lowers the padded model's loss.
 */
import { largest } from '../../stats/extremes.js';
import type { TopLevelSpec } from 'vega-lite';
import type { ComparisonSummary, GapTermSummary, Summary } from '../../summary/types.js';
import { primaryComparison } from '../experiment.js';
import { decisiveP, fmtEstimate, fmtLossEstimate, fmtP, nonNegativeInterval, round6 } from '../format.js';
import { LOSS_AXIS_TITLE } from '../theme.js';
import { findVariant, withTheme } from './common.js';
import { ArgumentError } from '../../errors.js';

/** How a bar of the answer figure acts on the loss. */
export type AnswerEffect = 'test loss' | 'lowers the loss' | 'raises the loss';

/** One bar of the answer figure's left panel. */
export interface AnswerRow {
  step: string;
  order: number;
  kind: 'total' | 'term';
  effect: AnswerEffect;
  /** The bar runs from `start` to `end` on the loss scale. */
  start: number;
  end: number;
  /** The loss (totals) or the signed term (positive lowers the loss). */
  value: number;
  /** 95% CI of `value`; null without one. */
  lo: number | null;
  hi: number | null;
  /** `0.0973 [0.0968, 0.0979]` or `+0.0228 [+0.0227, +0.0229]`, as in the text. */
  label: string;
  /** Holm-adjusted (else raw) paired-t p of a term, as text; '' for totals. */
  p: string;
}

/** One point of the zoomed same-pixel panel. */
export interface AnswerZoomRow {
  step: string;
  order: number;
  effect: AnswerEffect;
  value: number;
  lo: number | null;
  hi: number | null;
  label: string;
  p: string;
}

/** The answer figure's data. */
export interface AnswerData {
  comparison: Pick<ComparisonSummary, 'a' | 'b'>;
  rows: AnswerRow[];
  zoom: AnswerZoomRow[];
}

const EFFECT_COLORS: Record<AnswerEffect, string> = { 'test loss': '#4d4d4d', 'lowers the loss': '#0072B2', 'raises the loss': '#D55E00' };

/**
 * The bars of the primary comparison (null when the summary has no comparison with its variants and terms).
 *
 * @example
 * answerData(summary)?.rows.map((r) => r.step);
 * // ['baseline28: test loss', 'dilution by 240 pad pixels', 'same pixels: edge ring (208 px)', 'same pixels: interior (576 px)', 'edge32: test loss']
 */
export function answerData(summary: Summary): AnswerData | null {
  const c = primaryComparison(summary);
  if (!c) return null;
  const va = findVariant(summary, c.a);
  const vb = findVariant(summary, c.b);
  const term = (name: GapTermSummary['term']) => c.terms.find((t) => t.term === name);
  const dil = term('dilution');
  const edge = term('samePixelEdge');
  const interior = term('samePixelInterior');
  const sp = term('samePixel');
  if (!va || !vb || !dil || !edge || !interior || !sp) return null;
  const pixels = (region: string): string => {
    const r = vb.regions.find((x) => x.region === region) ?? va.regions.find((x) => x.region === region);
    return r ? ` (${r.pixels} px)` : '';
  };
  const padPixels = vb.regions.find((x) => x.region === 'pad')?.pixels;
  const pText = (t: GapTermSummary): string => {
    const p = decisiveP(t.test);
    return p === null ? 'no test' : `${t.test.pHolm !== null ? 'p_Holm' : 'p'} ${fmtP(p)}`;
  };
  const effect = (x: number): AnswerEffect => (x >= 0 ? 'lowers the loss' : 'raises the loss');
  const total = (name: string, order: number, e: typeof va.testLoss): AnswerRow => {
    const iv = nonNegativeInterval(e);
    return {
      step: `${name}: test loss`,
      order,
      kind: 'total',
      effect: 'test loss',
      start: 0,
      end: round6(e.mean),
      value: round6(e.mean),
      lo: iv === null ? null : round6(iv.lo),
      hi: iv === null ? null : round6(iv.hi),
      label: fmtLossEstimate(e),
      p: '',
    };
  };
  const steps: Array<[string, GapTermSummary]> = [
    [`dilution by ${padPixels ?? 'the'} pad pixels`, dil],
    [`same pixels: edge ring${pixels('edge')}`, edge],
    [`same pixels: interior${pixels('interior')}`, interior],
  ];
  const rows: AnswerRow[] = [total(c.a, 0, va.testLoss)];
  let level = va.testLoss.mean;
  steps.forEach(([step, t], k) => {
    const end = level - t.estimate.mean;
    rows.push({
      step,
      order: k + 1,
      kind: 'term',
      effect: effect(t.estimate.mean),
      start: round6(level),
      end: round6(end),
      value: round6(t.estimate.mean),
      lo: t.estimate.ci95 === null ? null : round6(t.estimate.ci95[0]),
      hi: t.estimate.ci95 === null ? null : round6(t.estimate.ci95[1]),
      label: fmtEstimate(t.estimate.mean, t.estimate.ci95, true),
      p: pText(t),
    });
    level = end;
  });
  rows.push(total(c.b, steps.length + 1, vb.testLoss));
  const zoomTerms: Array<[string, GapTermSummary]> = [steps[1], steps[2], ['same pixels: both', sp]];
  const zoom = zoomTerms.map(([step, t], order): AnswerZoomRow => ({
    step,
    order,
    effect: effect(t.estimate.mean),
    value: round6(t.estimate.mean),
    lo: t.estimate.ci95 === null ? null : round6(t.estimate.ci95[0]),
    hi: t.estimate.ci95 === null ? null : round6(t.estimate.ci95[1]),
    label: `${fmtEstimate(t.estimate.mean, t.estimate.ci95, true)}, ${pText(t)}`,
    p: pText(t),
  }));
  return { comparison: { a: c.a, b: c.b }, rows, zoom };
}

/**
 * The answer figure's encoding: a horizontal waterfall on the loss scale with each bar's value
 * printed at its end, and the same-pixel terms with their CIs on a zoomed scale around 0.
 *
 * @example
 * const data = answerData(summary);
 * if (data) answerSpec(data);
 */
export function answerSpec(data: AnswerData): TopLevelSpec {
  const steps = data.rows.map((r) => r.step);
  const maxLoss = largest(data.rows.flatMap((r) => [r.start, r.end, r.hi ?? r.end]));
  const color = {
    field: 'effect',
    type: 'nominal' as const,
    title: null,
    scale: { domain: Object.keys(EFFECT_COLORS), range: Object.values(EFFECT_COLORS) },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const, symbolType: 'square' },
  };
  const y = { field: 'step', type: 'ordinal' as const, sort: steps, title: null, axis: { labelLimit: 400, labelFontSize: 12 } };
  // Room to the right of the longest bar for its label.
  const x = { type: 'quantitative' as const, title: LOSS_AXIS_TITLE, scale: { domain: [0, maxLoss * 1.55], nice: false }, axis: { tickCount: 5 } };
  const tooltip = [
    { field: 'step', type: 'nominal' as const, title: 'bar' },
    { field: 'value', type: 'quantitative' as const, format: '.6f', title: 'value (terms: positive lowers the loss)' },
    { field: 'lo', type: 'quantitative' as const, format: '.6f', title: '95% CI low' },
    { field: 'hi', type: 'quantitative' as const, format: '.6f', title: '95% CI high' },
    { field: 'p', type: 'nominal' as const, title: 'paired test' },
  ];
  const waterfall = {
    width: 360,
    height: { step: 34 },
    title: { text: `${data.comparison.a} → ${data.comparison.b}, on the loss scale`, fontSize: 12 },
    data: { values: data.rows },
    layer: [
      { mark: { type: 'bar' as const, height: { band: 0.62 } }, encoding: { y, x: { ...x, field: 'start' }, x2: { field: 'end' }, color, tooltip } },
      {
        transform: [{ calculate: 'max(datum.start, datum.end)', as: 'right' }],
        mark: { type: 'text' as const, align: 'left' as const, dx: 5, fontSize: 11, color: '#1d1d1d' },
        encoding: { y, x: { ...x, field: 'right' }, text: { field: 'label' } },
      },
    ],
  };
  const reach = Math.max(1e-6, largest(data.zoom.flatMap((r) => [Math.abs(r.lo ?? r.value), Math.abs(r.hi ?? r.value)]))) * 1.25;
  const zx = { type: 'quantitative' as const, title: 'term (nats/pixel), zoomed', scale: { domain: [-reach, reach], nice: false }, axis: { format: '+~r', tickCount: 3 } };
  const zy = { field: 'step', type: 'ordinal' as const, sort: data.zoom.map((r) => r.step), title: null, axis: { labelLimit: 400 } };
  const zoomTooltip = tooltip.slice(0, 5).map((t) => (t.field === 'step' ? { ...t, title: 'term' } : t));
  const zoom = {
    width: 290,
    height: { step: 50 },
    title: { text: 'the same-pixel terms, zoomed', fontSize: 12 },
    data: { values: data.zoom },
    layer: [
      { mark: { type: 'rule' as const, color: '#777777', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' as const }, tooltip: { value: 'zero: no change' } } },
      { mark: { type: 'rule' as const, strokeWidth: 2 }, encoding: { y: zy, x: { ...zx, field: 'lo' }, x2: { field: 'hi' }, color, tooltip: zoomTooltip } },
      { mark: { type: 'point' as const, size: 70, filled: true }, encoding: { y: zy, x: { ...zx, field: 'value' }, color, tooltip: zoomTooltip } },
      {
        // Above the row, starting at the panel's left edge, clear of the CI line and the right border.
        mark: { type: 'text' as const, align: 'left' as const, dy: -14, dx: 3, fontSize: 10, color: '#1d1d1d' },
        encoding: { y: zy, x: { datum: -reach, type: 'quantitative' as const, scale: zx.scale }, text: { field: 'label' } },
      },
    ],
  };
  return withTheme({
    title: {
      text: `Where the gap between ${data.comparison.a} and ${data.comparison.b} comes from`,
      subtitle: [
        `${data.comparison.a}'s test loss minus each term gives ${data.comparison.b}'s, exactly. A term is positive when it lowers the padded model's loss.`,
        'Labels: mean [95% CI] across paired seeds; p: paired t-test, Holm-adjusted. Right: the small terms on a scale of their own.',
      ],
    },
    hconcat: [waterfall, zoom],
    spacing: 36,
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
  });
}

/**
 * Figure 1 from a summary (a placeholder title when it has no comparison to split).
 *
 * @example
 * const spec = answerFigure(summary);
 */
export function answerFigure(summary: Summary): TopLevelSpec {
  const data = answerData(summary);
  if (data === null) throw new ArgumentError('answerFigure: the summary has no comparison with all its gap terms; check answerData first');
  return answerSpec(data);
}
