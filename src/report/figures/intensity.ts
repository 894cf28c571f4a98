/**
 * Figure 5 — mean loss by clean-target intensity bin, per variant, with the bin's entropy floor (the
 * loss a perfect probabilistic predictor still pays on grey targets).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { RegionName, Summary } from '../../summary/types.js';
import { round6 } from '../format.js';
import { LOSS_AXIS_TITLE, subPalette } from '../theme.js';
import { estimateFields, figureContext, variantColor, withTheme, type EstimateFields, type FigureContext } from './common.js';

/** One variant's mean loss in one intensity bin. */
export interface IntensityRow extends EstimateFields {
  variant: string;
  bin: string;
  order: number;
  /** Mean binary entropy of the bin's targets (the floor); null (no tick drawn) when the loss has none. */
  floor: number | null;
  pixels: number;
}

/**
 * The intensity rows of one region (default `all`), bins in summary order.
 *
 * @example
 * intensityData(summary).filter((r) => r.variant === 'baseline28').map((r) => r.bin); // ['0', '(0, 0.1]', ...]
 */
export function intensityData(summary: Summary, region: RegionName | 'all' = 'all'): IntensityRow[] {
  return summary.variants.flatMap((v) =>
    v.intensity
      .filter((b) => b.region === region)
      .map((b, order) => ({ variant: v.variant, bin: b.bin, order, floor: b.meanFloor === null ? null : round6(b.meanFloor.mean), pixels: b.pixels, ...estimateFields(b.meanLoss) })),
  );
}

/**
 * The intensity figure's encoding: per bin, variants side by side (points with 95% CI), the floor as a
 * dark tick per variant.
 *
 * @example
 * const spec = intensitySpec(intensityData(summary), figureContext(summary));
 */
export function intensitySpec(rows: IntensityRow[], ctx: FigureContext, region: RegionName | 'all' = 'all'): TopLevelSpec {
  const bins = [...new Map(rows.map((r) => [r.bin, r.order])).entries()].sort((a, b) => a[1] - b[1]).map(([b]) => b);
  const variants = [...new Set(rows.map((r) => r.variant))];
  const x = { field: 'bin', type: 'ordinal' as const, sort: bins, title: 'clean target intensity (bin of pixel value in [0, 1])', axis: { labelAngle: -30 } };
  const xOffset = { field: 'variant', type: 'nominal' as const, sort: variants, scale: { paddingOuter: 0.3 } };
  const y = { type: 'quantitative' as const, title: LOSS_AXIS_TITLE };
  // One legend for the variants' colours, shared by the CI rules and the points.
  const legendColor = { ...variantColor(subPalette(ctx.palette, variants)), legend: { orient: 'right' as const, title: 'variant' } };
  // mse and l1 have no floor: no ticks, and the subtitle says so.
  const hasFloor = rows.some((r) => r.floor !== null);
  return withTheme({
    title: {
      text: hasFloor ? 'Loss by target intensity, and the entropy floor' : 'Loss by target intensity',
      subtitle: [
        `Mean test loss of the pixels whose clean target falls in each bin (${region === 'all' ? 'all pixels' : `${region} region`}); points: mean over seeds, whiskers: 95% CI.`,
        hasFloor
          ? 'Black ticks: the entropy floor H(target), the loss even a perfect predictor pays on grey targets. Black 0 and white 1 targets have floor 0.'
          : 'This loss has no entropy floor: it reaches 0 when the prediction equals the clean target.',
      ],
    },
    data: { values: rows },
    width: 640,
    height: 300,
    layer: [
      ...(hasFloor ? [{
        mark: { type: 'tick' as const, color: '#000000', thickness: 2, bandSize: 9 },
        encoding: {
          x,
          xOffset,
          y: { ...y, field: 'floor' },
          tooltip: [
            { field: 'variant', type: 'nominal' as const },
            { field: 'bin', type: 'nominal' as const },
            { field: 'floor', type: 'quantitative' as const, format: '.5f', title: 'entropy floor' },
          ],
        },
      }] : []),
      {
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: {
          x,
          xOffset,
          y: { ...y, field: 'lo' },
          y2: { field: 'hi' },
          color: legendColor,
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'bin', type: 'nominal' },
            { field: 'lo', type: 'quantitative', format: '.5f', title: '95% CI low' },
            { field: 'hi', type: 'quantitative', format: '.5f', title: '95% CI high' },
          ],
        },
      },
      {
        mark: { type: 'point', size: 40 },
        encoding: {
          x,
          xOffset,
          y: { ...y, field: 'mean' },
          color: legendColor,
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'bin', type: 'nominal' },
            { field: 'mean', type: 'quantitative', format: '.5f', title: 'mean BCE' },
            { field: 'lo', type: 'quantitative', format: '.5f', title: '95% CI low' },
            { field: 'hi', type: 'quantitative', format: '.5f', title: '95% CI high' },
            { field: 'floor', type: 'quantitative', format: '.5f', title: 'entropy floor' },
            { field: 'pixels', type: 'quantitative', format: ',', title: 'pixels (test split)' },
          ],
        },
      },
    ],
  });
}

/**
 * Figure 5 from a summary.
 *
 * @example
 * const spec = intensityFigure(summary);
 */
export function intensityFigure(summary: Summary, region: RegionName | 'all' = 'all'): TopLevelSpec {
  return intensitySpec(intensityData(summary, region), figureContext(summary), region);
}
