/**
 * Figure 10 — measured test loss of padded variants against the loss predicted from the unpadded one
 * (original-pixel loss kept, pad pixels costed as stated), with the identity line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../summary/types.js';
import { round6 } from '../format.js';
import { subPalette } from '../theme.js';
import { estimateFields, figureContext, variantColor, withTheme, type EstimateFields, type FigureContext } from './common.js';
import { spreadLabels } from './label-layout.js';

/** One prediction against its measurement. */
export interface PredictionRow extends EstimateFields {
  variant: string;
  from: string;
  padCostSource: string;
  /** The kind of pad cost, for the point's shape: the pad's measured loss or its entropy floor. */
  padCostKind: 'measured pad loss' | 'pad entropy floor';
  /** The variant's name on its first row only, so that its rows (one per pad cost) share one label. */
  label: string;
  padCost: number;
  predicted: number;
}

/**
 * The prediction rows (empty when the summary has no predictions).
 *
 * @example
 * predictionData(summary).map((r) => [r.variant, r.predicted, r.mean]);
 */
export function predictionData(summary: Summary): PredictionRow[] {
  return summary.predictions.map((p, i) => ({
    variant: p.variant,
    from: p.from,
    padCostSource: p.padCostSource,
    padCostKind: p.padCostSource.startsWith('entropy floor') ? ('pad entropy floor' as const) : ('measured pad loss' as const),
    label: summary.predictions.findIndex((q) => q.variant === p.variant) === i ? p.variant : '',
    padCost: round6(p.padCost),
    predicted: round6(p.predicted),
    ...estimateFields(p.measured),
  }));
}

/**
 * The prediction figure's encoding: measured (mean, 95% CI) against predicted, dashed identity line, labels.
 *
 * @example
 * const spec = predictionSpec(predictionData(summary), figureContext(summary));
 */
export function predictionSpec(rows: PredictionRow[], ctx: FigureContext): TopLevelSpec {
  const vals = rows.flatMap((r) => [r.lo, r.hi, r.predicted]);
  const lo = vals.length ? Math.min(...vals) : 0;
  const hi = vals.length ? Math.max(...vals) : 1;
  const m = (hi - lo) * 0.12 || 0.005;
  const domain: [number, number] = [Math.max(0, lo - m), hi + m];
  const variants = [...new Set(rows.map((r) => r.variant))];
  const color = variantColor(subPalette(ctx.palette, variants));
  const x = { field: 'predicted', type: 'quantitative' as const, title: 'predicted BCE (nats/pixel)', scale: { domain, nice: false, zero: false } };
  const size = 340;
  const labelled = rows.filter((r) => r.label !== '');
  const labelYs = spreadLabels(
    labelled.map((r) => ({ x: r.predicted, y: r.mean })),
    { xDomain: domain, yDomain: domain, width: size, height: size },
  );
  const labels = labelled.map((r, i) => ({ variant: r.variant, predicted: r.predicted, label: r.label, labelY: round6(labelYs[i]!) }));
  const yScale = { domain, nice: false, zero: false };
  return withTheme({
    title: {
      text: 'Does dilution predict the padded losses?',
      subtitle: [
        'Predicted: the unpadded variant’s per-pixel loss on the original pixels, pad pixels at the stated pad cost, averaged over all pixels.',
        'Measured: mean test loss over seeds with 95% CI. Shape: the pad cost used. Dashed: measured = predicted.',
      ],
    },
    width: size,
    height: size,
    layer: [
      {
        data: { values: [{ v: domain[0] }, { v: domain[1] }] },
        mark: { type: 'line', strokeDash: [5, 4], color: '#777777', strokeWidth: 1 },
        encoding: { x: { ...x, field: 'v' }, y: { field: 'v', type: 'quantitative', scale: yScale, title: 'measured BCE (nats/pixel)' } },
      },
      {
        data: { values: rows },
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative', scale: yScale }, y2: { field: 'hi' }, color: { ...color, legend: null } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', size: 70, filled: true },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative', scale: yScale },
          color,
          shape: { field: 'padCostKind', type: 'nominal', title: 'pad cost', scale: { domain: ['measured pad loss', 'pad entropy floor'], range: ['circle', 'triangle-up'] } },
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'from', type: 'nominal', title: 'predicted from' },
            { field: 'padCostSource', type: 'nominal', title: 'pad cost' },
            { field: 'predicted', type: 'quantitative', format: '.4f' },
            { field: 'mean', type: 'quantitative', format: '.4f', title: 'measured' },
          ],
        },
      },
      {
        // Labels lifted clear of each other where points crowd (spreadLabels).
        data: { values: labels },
        mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 10 },
        encoding: { x, y: { field: 'labelY', type: 'quantitative', scale: yScale }, text: { field: 'label' } },
      },
    ],
  });
}

/**
 * Figure 10 from a summary.
 *
 * @example
 * const spec = predictionFigure(summary);
 */
export function predictionFigure(summary: Summary): TopLevelSpec {
  return predictionSpec(predictionData(summary), figureContext(summary));
}
