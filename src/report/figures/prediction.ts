/**
 * Figure 10 — measured test loss of padded variants against the loss predicted from the unpadded one
 * (original-pixel loss kept, pad pixels costed as stated), with the identity line.
 */
import { largest, smallest } from '../../stats/extremes.js';
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

/** One row of the residual panel: measured minus predicted, with the measurement's CI moved along. */
export interface PredictionResidualRow {
  variant: string;
  padCostKind: PredictionRow['padCostKind'];
  /** The panel's row label: variant and pad cost. */
  row: string;
  residual: number;
  lo: number;
  hi: number;
  hasCi: boolean;
}

/**
 * Measured minus predicted per prediction: the prediction holds where the CI covers zero.
 *
 * @example
 * predictionResiduals(predictionData(summary)).filter((r) => r.lo <= 0 && 0 <= r.hi).length;
 */
export function predictionResiduals(rows: readonly PredictionRow[]): PredictionResidualRow[] {
  return rows.map((r) => ({
    variant: r.variant,
    padCostKind: r.padCostKind,
    row: `${r.variant} · ${r.padCostKind}`,
    residual: round6(r.mean - r.predicted),
    lo: round6(r.lo - r.predicted),
    hi: round6(r.hi - r.predicted),
    hasCi: r.hasCi,
  }));
}

/**
 * The prediction figure's encoding. Left: measured (mean, 95% CI) against predicted, with the
 * identity line; variants span a wide range (a 36×36 pad dilutes far more than a 32×32 one), so
 * points of similar variants crowd. Right: measured − predicted per variant and pad cost, which
 * keeps the question "does the CI cover the prediction?" readable at any spread.
 *
 * @example
 * const spec = predictionSpec(predictionData(summary), figureContext(summary));
 */
export function predictionSpec(rows: PredictionRow[], ctx: FigureContext): TopLevelSpec {
  const vals = rows.flatMap((r) => [r.lo, r.hi, r.predicted]);
  const lo = smallest(vals, 0);
  const hi = largest(vals, 1);
  const m = (hi - lo) * 0.12 || 0.005;
  const domain: [number, number] = [Math.max(0, lo - m), hi + m];
  const variants = [...new Set(rows.map((r) => r.variant))];
  const color = variantColor(subPalette(ctx.palette, variants));
  const shape = {
    field: 'padCostKind',
    type: 'nominal' as const,
    title: 'pad cost',
    scale: { domain: ['measured pad loss', 'pad entropy floor'], range: ['circle', 'triangle-up'] },
  };
  // Few ticks: with the default count, labels of a 0.058–0.078 axis touch one another.
  const x = { field: 'predicted', type: 'quantitative' as const, title: 'predicted BCE (nats/pixel)', scale: { domain, nice: false, zero: false }, axis: { tickCount: 5 } };
  const size = 340;
  const labelled = rows.filter((r) => r.label !== '');
  const labelYs = spreadLabels(
    labelled.map((r) => ({ x: r.predicted, y: r.mean })),
    { xDomain: domain, yDomain: domain, width: size, height: size },
  );
  const labels = labelled.map((r, i) => ({ variant: r.variant, predicted: r.predicted, mean: r.mean, label: r.label, labelY: round6(labelYs[i]!) }));
  const yScale = { domain, nice: false, zero: false };
  const residuals = predictionResiduals(rows);
  const residualReach = Math.max(1e-4, largest(residuals.flatMap((r) => [Math.abs(r.lo), Math.abs(r.hi)]))) * 1.15;
  const scatter = {
    width: size,
    height: size,
    title: { text: 'measured against predicted', fontSize: 12 },
    layer: [
      {
        data: { values: [{ v: domain[0] }, { v: domain[1] }] },
        mark: { type: 'line' as const, strokeDash: [5, 4], color: '#777777', strokeWidth: 1 },
        encoding: {
          x: { ...x, field: 'v' },
          y: { field: 'v', type: 'quantitative' as const, scale: yScale, title: 'measured BCE (nats/pixel)' },
          tooltip: { value: 'measured = predicted' },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'rule' as const, strokeWidth: 1.5 },
        encoding: {
          x,
          y: { field: 'lo', type: 'quantitative' as const, scale: yScale },
          y2: { field: 'hi' },
          color,
          tooltip: [
            { field: 'variant', type: 'nominal' as const },
            { field: 'lo', type: 'quantitative' as const, format: '.5f', title: 'measured 95% CI low' },
            { field: 'hi', type: 'quantitative' as const, format: '.5f', title: 'measured 95% CI high' },
          ],
        },
      },
      {
        data: { values: rows },
        // Open markers: two variants at the same place (edge32 and zero32 on MNIST) both stay visible.
        mark: { type: 'point' as const, size: 70, filled: false, strokeWidth: 2 },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative' as const, scale: yScale },
          color,
          shape,
          tooltip: [
            { field: 'variant', type: 'nominal' as const },
            { field: 'from', type: 'nominal' as const, title: 'predicted from' },
            { field: 'padCostSource', type: 'nominal' as const, title: 'pad cost' },
            { field: 'padCost', type: 'quantitative' as const, format: '.6f', title: 'pad cost (nats/pixel)' },
            { field: 'predicted', type: 'quantitative' as const, format: '.5f' },
            { field: 'mean', type: 'quantitative' as const, format: '.5f', title: 'measured' },
            { field: 'lo', type: 'quantitative' as const, format: '.5f', title: 'measured 95% CI low' },
            { field: 'hi', type: 'quantitative' as const, format: '.5f', title: 'measured 95% CI high' },
          ],
        },
      },
      {
        // A leader from each point to its label, so a label lifted off its point still names it.
        data: { values: labels },
        mark: { type: 'rule' as const, strokeWidth: 0.8, opacity: 0.8 },
        encoding: {
          x,
          y: { field: 'mean', type: 'quantitative' as const, scale: yScale },
          y2: { field: 'labelY' },
          color,
          tooltip: [{ field: 'variant', type: 'nominal' as const }],
        },
      },
      {
        // Labels lifted clear of each other where points crowd (spreadLabels).
        data: { values: labels },
        mark: { type: 'text' as const, align: 'left' as const, dx: 7, dy: -7, fontSize: 10 },
        encoding: { x, y: { field: 'labelY', type: 'quantitative' as const, scale: yScale }, text: { field: 'label' }, color },
      },
    ],
  };
  const residualX = {
    field: 'residual',
    type: 'quantitative' as const,
    title: 'measured − predicted (nats/pixel)',
    scale: { domain: [-residualReach, residualReach], nice: false },
    axis: { format: '+.4f', tickCount: 5 },
  };
  const rowY = { field: 'row', type: 'nominal' as const, title: null, sort: residuals.map((r) => r.row), axis: { labelLimit: 260 } };
  const residualPanel = {
    width: 260,
    height: { step: 22 },
    title: { text: 'measured − predicted, 95% CI', fontSize: 12 },
    data: { values: residuals },
    layer: [
      { mark: { type: 'rule' as const, strokeDash: [5, 4], color: '#777777' }, encoding: { x: { datum: 0, type: 'quantitative' as const }, tooltip: { value: 'measured = predicted' } } },
      {
        mark: { type: 'rule' as const, strokeWidth: 1.5 },
        encoding: {
          x: { ...residualX, field: 'lo' },
          x2: { field: 'hi' },
          y: rowY,
          color,
          tooltip: [
            { field: 'row', type: 'nominal' as const, title: 'prediction' },
            { field: 'lo', type: 'quantitative' as const, format: '+.5f', title: 'CI low' },
            { field: 'hi', type: 'quantitative' as const, format: '+.5f', title: 'CI high' },
          ],
        },
      },
      {
        mark: { type: 'point' as const, size: 60, filled: true },
        encoding: {
          x: residualX,
          y: rowY,
          color,
          shape,
          tooltip: [
            { field: 'row', type: 'nominal' as const, title: 'prediction' },
            { field: 'residual', type: 'quantitative' as const, format: '+.5f', title: 'measured − predicted' },
            { field: 'lo', type: 'quantitative' as const, format: '+.5f', title: 'CI low' },
            { field: 'hi', type: 'quantitative' as const, format: '+.5f', title: 'CI high' },
          ],
        },
      },
    ],
  };
  return withTheme({
    title: {
      text: 'Does dilution predict the padded losses?',
      subtitle: [
        'Predicted: the unpadded variant’s per-pixel loss on the original pixels, pad pixels at the stated pad cost, averaged over all pixels.',
        'Measured: mean test loss over seeds with 95% CI. Shape: the pad cost used. Dashed: measured = predicted.',
      ],
    },
    hconcat: [scatter, residualPanel],
    spacing: 40,
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
