/**
 * Figure 7 — training curves: mean loss per epoch with a 95% CI band across seeds, train and test panels.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../summary/types.js';
import { LOSS_AXIS_TITLE } from '../theme.js';
import { estimateFields, figureContext, variantColor, withTheme, type EstimateFields, type FigureContext } from './common.js';

/** One variant's loss at one epoch on one split. */
export interface CurveRow extends EstimateFields {
  variant: string;
  split: 'train' | 'test';
  epoch: number;
}

/**
 * The curve rows of every variant: train and test loss per epoch.
 *
 * @example
 * curveData(summary).filter((r) => r.variant === 'edge32' && r.split === 'test').length; // epochs
 */
export function curveData(summary: Summary): CurveRow[] {
  return summary.variants.flatMap((v) =>
    v.curves.flatMap((c) => [
      { variant: v.variant, split: 'train' as const, epoch: c.epoch, ...estimateFields(c.trainLoss) },
      { variant: v.variant, split: 'test' as const, epoch: c.epoch, ...estimateFields(c.testLoss) },
    ]),
  );
}

/**
 * The curves' encoding: a column per split, a CI band (area) and mean line per variant.
 *
 * @example
 * const spec = curveSpec(curveData(summary), figureContext(summary));
 */
export function curveSpec(rows: CurveRow[], ctx: FigureContext): TopLevelSpec {
  const color = { ...variantColor(ctx.palette), legend: { symbolType: 'stroke', symbolStrokeWidth: 2.5, symbolOpacity: 1 } };
  const x = { field: 'epoch', type: 'quantitative' as const, title: 'epoch', axis: { tickMinStep: 1, format: 'd' } };
  const y = { type: 'quantitative' as const, title: LOSS_AXIS_TITLE, scale: { zero: false } };
  return withTheme({
    title: {
      text: 'Training curves',
      subtitle: 'Train loss (mean over the epoch’s batches) and test loss after each epoch; line: mean over seeds, band: 95% CI.',
    },
    data: { values: rows },
    facet: { column: { field: 'split', type: 'nominal', sort: ['train', 'test'], title: null, header: { labelFontSize: 12 } } },
    spec: {
      width: 330,
      height: 240,
      layer: [
        {
          mark: { type: 'area', opacity: 0.2 },
          encoding: {
            x,
            y: { ...y, field: 'lo' },
            y2: { field: 'hi' },
            color,
            tooltip: [
              { field: 'variant', type: 'nominal' },
              { field: 'epoch', type: 'quantitative' },
              { field: 'lo', type: 'quantitative', format: '.5f', title: '95% CI low' },
              { field: 'hi', type: 'quantitative', format: '.5f', title: '95% CI high' },
            ],
          },
        },
        {
          mark: { type: 'line', strokeWidth: 1.8, point: { size: 18 } },
          encoding: {
            x,
            y: { ...y, field: 'mean' },
            color,
            tooltip: [
              { field: 'variant', type: 'nominal' },
              { field: 'split', type: 'nominal' },
              { field: 'epoch', type: 'quantitative' },
              { field: 'mean', type: 'quantitative', format: '.4f', title: 'mean BCE' },
            ],
          },
        },
      ],
    },
  });
}

/**
 * Figure 7 from a summary.
 *
 * @example
 * const spec = curveFigure(summary);
 */
export function curveFigure(summary: Summary): TopLevelSpec {
  return curveSpec(curveData(summary), figureContext(summary));
}
