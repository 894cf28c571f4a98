/**
 * Figure 3 — per-pixel mean test loss of each variant (averaged over seeds) on one shared colour scale,
 * square cells in original-image coordinates (y downward), with the region boundaries drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../summary/types.js';
import { isPadded, variantGeometry } from '../../summary/variant-geometry.js';
import { figureContext, withTheme, type FigureContext } from './common.js';
import { cellPosition, compactValues, imageCellLayer, regionOutlines, type ImageRow, type OutlineRow } from './image-grid.js';

/** One variant's loss map. */
export interface LossMapRow extends ImageRow {
  variant: string;
  /** True when the variant has a pad on some side (its original image is outlined). */
  padded: boolean;
}

/** The loss-map figure's data. */
export interface LossMapData {
  maps: LossMapRow[];
  outlines: OutlineRow[];
  /** Shared colour domain [0, max over all maps]. */
  max: number;
}

/**
 * The per-variant loss maps, their region outlines and the shared colour domain.
 *
 * @example
 * lossMapData(summary).maps.map((m) => m.values.length); // [784, 1024, ...]
 */
export function lossMapData(summary: Summary, ctx: FigureContext = figureContext(summary)): LossMapData {
  const maps: LossMapRow[] = summary.variants
    .map((v) => ({ v, g: variantGeometry(v) }))
    .filter(({ v, g }) => v.meanLossMap.length === g.height * g.width)
    .map(({ v, g }) => ({ key: v.variant, variant: v.variant, width: g.width, height: g.height, padLeft: g.pads.left, padTop: g.pads.top, padded: isPadded(g), values: compactValues(v.meanLossMap) }));
  const outlines = maps.flatMap((m) => regionOutlines(m.key, m.padded ? 1 : 0, ctx.originalWidth, ctx.edgeWidth, ctx.originalHeight));
  const max = maps.reduce((acc, m) => m.values.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, v) : a), acc), 0);
  return { maps, outlines, max };
}

/** Screen pixels per image pixel in the loss maps. */
const CELL = 6;

/**
 * The loss maps' encoding: one panel per variant (concatenated, shared sqrt colour scale, viridis),
 * white outlines: solid = original image boundary (pad ring outside), dashed = inner boundary of the edge ring.
 *
 * @example
 * const spec = lossMapSpec(lossMapData(summary), figureContext(summary));
 */
export function lossMapSpec(data: LossMapData, ctx: FigureContext): TopLevelSpec {
  // One pixel of margin around the widest image, so every panel shows the same white frame (the
  // widest variant's cells otherwise cover its panel's border).
  const lo = -ctx.maxPad - 1;
  const hi = ctx.originalWidth + ctx.maxPad + 1;
  const yHi = ctx.originalHeight + ctx.maxPad + 1;
  const side = (hi - lo) * CELL;
  const tall = (yHi - lo) * CELL;
  const pos = cellPosition(lo, hi, true, ctx.originalWidth, { lo, hi: yHi, originalHeight: ctx.originalHeight });
  const color = {
    field: 'value',
    type: 'quantitative' as const,
    title: ['mean BCE', '(nats/pixel)'],
    scale: { type: 'sqrt' as const, scheme: 'viridis', domain: [0, data.max || 1], nice: false },
    legend: { gradientLength: Math.max(120, side - 20), format: '.2f' },
  };
  return withTheme({
    title: {
      text: 'Where the loss is: per-pixel mean test loss',
      subtitle: [
        `Mean over test images and seeds, on one shared colour scale (square-root scale). Coordinates of the original ${ctx.originalHeight}×${ctx.originalWidth} image; pad pixels lie outside it.`,
        `Solid white: boundary of the original image (the pad ring is outside); dashed white: inner boundary of the ${ctx.edgeWidth}-pixel edge ring.`,
      ],
    },
    columns: Math.min(3, data.maps.length),
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    concat: data.maps.map((m) => ({
      title: { text: m.variant, fontSize: 12, anchor: 'middle' as const, offset: 4 },
      width: side,
      height: tall,
      layer: [
        imageCellLayer(m, pos, color, { format: '.4f', title: 'mean BCE' }, { x: 'x (original coords)', y: 'y (original coords)' }),
        ...(['original', 'edge-ring'] as const).map((boundary) => ({
          data: { values: data.outlines.filter((o) => o.key === m.key && o.boundary === boundary) },
          mark: {
            type: 'rect' as const,
            fillOpacity: 0,
            stroke: '#ffffff',
            strokeWidth: 1.5,
            strokeDash: boundary === 'original' ? [] : [4, 3],
            tooltip: boundary === 'original' ? 'boundary of the original image' : 'inner boundary of the edge ring',
          },
          encoding: pos,
        })),
      ],
    })),
  });
}

/**
 * Figure 3 from a summary.
 *
 * @example
 * const spec = lossMapFigure(summary);
 */
export function lossMapFigure(summary: Summary): TopLevelSpec {
  const ctx = figureContext(summary);
  return lossMapSpec(lossMapData(summary, ctx), ctx);
}
