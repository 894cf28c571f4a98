/**
 * Figure 4 — the difference map on the original 28x28 pixels: loss map of a minus the central crop of
 * the loss map of b (e.g. baseline28 − edge32), on a diverging colour scale centred at 0.
 */
import { originalShape, variantGeometry } from '../../summary/variant-geometry.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Summary, VariantSummary } from '../../summary/types.js';
import { figureContext, findVariant, withTheme, type FigureContext } from './common.js';
import { cellPosition, compactValues, imageCellLayer, regionOutlines, type ImageRow, type OutlineRow } from './image-grid.js';
import { comparisonLabel } from './waterfall.js';

/** One comparison's difference map on the original pixels. */
export interface DifferenceMapRow extends ImageRow {
  comparison: string;
  a: string;
  b: string;
  /** Mean of the differences (= the same-pixel change). */
  mean: number;
}

/** The difference-map figure's data. */
export interface DifferenceMapData {
  maps: DifferenceMapRow[];
  outlines: OutlineRow[];
  /** Symmetric colour domain [-limit, limit]. */
  limit: number;
}

/**
 * The central `originalSize x originalSize` crop of a variant's loss map (row-major).
 *
 * @example
 * cropOriginal(edge32Summary, 28).length; // 784
 */
export function cropOriginal(v: Pick<VariantSummary, 'meanLossMap' | 'size' | 'pad' | 'geometry'>): number[] {
  const g = variantGeometry(v);
  const o = originalShape(g);
  const out: number[] = [];
  for (let y = 0; y < o.height; y++) {
    for (let x = 0; x < o.width; x++) out.push(v.meanLossMap[(y + g.pads.top) * g.width + (x + g.pads.left)]);
  }
  return out;
}

/**
 * The difference maps (a − crop of b) of every comparison whose variants share the original image.
 *
 * @example
 * differenceMapData(summary).maps[0].comparison; // 'baseline28 − edge32'
 */
export function differenceMapData(summary: Summary, ctx: FigureContext = figureContext(summary)): DifferenceMapData {
  const maps: DifferenceMapRow[] = [];
  for (const c of summary.comparisons) {
    const va = findVariant(summary, c.a);
    const vb = findVariant(summary, c.b);
    if (!va || !vb) continue;
    const ga = variantGeometry(va);
    const gb = variantGeometry(vb);
    const oa = originalShape(ga);
    const ob = originalShape(gb);
    if (oa.height !== ob.height || oa.width !== ob.width || va.meanLossMap.length !== ga.height * ga.width || vb.meanLossMap.length !== gb.height * gb.width) continue;
    const ca = cropOriginal(va);
    const cb = cropOriginal(vb);
    const diff = ca.map((x, i) => x - cb[i]);
    const comparison = comparisonLabel(c);
    maps.push({ key: comparison, comparison, a: c.a, b: c.b, width: oa.width, height: oa.height, padLeft: 0, padTop: 0, values: compactValues(diff), mean: diff.reduce((s, d) => s + d, 0) / diff.length });
  }
  const outlines = maps.flatMap((m) => regionOutlines(m.key, 0, m.width, ctx.edgeWidth, m.height));
  const limit = maps.reduce((acc, m) => m.values.reduce((a, v) => (Number.isFinite(v) ? Math.max(a, Math.abs(v)) : a), acc), 0);
  return { maps, outlines, limit };
}

const CELL = 6;

/**
 * The difference maps' encoding: one panel per comparison, diverging blue–orange scale centred at 0
 * (orange: a's loss higher, i.e. b predicts the pixel better), dashed edge-ring boundary.
 *
 * @example
 * const spec = differenceMapSpec(differenceMapData(summary), figureContext(summary));
 */
export function differenceMapSpec(data: DifferenceMapData, ctx: FigureContext): TopLevelSpec {
  const side = ctx.originalWidth * CELL;
  const tall = ctx.originalHeight * CELL;
  const pos = cellPosition(0, ctx.originalWidth, true, ctx.originalWidth, { lo: 0, hi: ctx.originalHeight, originalHeight: ctx.originalHeight });
  const limit = data.limit || 1e-6;
  const color = {
    field: 'value',
    type: 'quantitative' as const,
    title: ['Δ BCE, a − b', '(nats/pixel)'] /* LOSS_DIFF_AXIS_TITLE */,
    scale: { scheme: 'blueorange', domain: [-limit, limit], domainMid: 0, nice: false },
    legend: { gradientLength: Math.max(120, side - 20), format: '.3f' },
  };
  return withTheme({
    title: {
      text: 'Same pixels, different loss: a − b on the original image',
      subtitle: [
        'Per-pixel mean test loss of a minus that of b on the original pixels (the central crop of the padded map); diverging scale centred at 0.',
        `Orange: b predicts the pixel better; blue: worse. Dashed: inner boundary of the ${ctx.edgeWidth}-pixel edge ring.`,
      ],
    },
    columns: Math.min(3, data.maps.length),
    resolve: { scale: { color: 'shared' }, legend: { color: 'shared' } },
    concat: data.maps.map((m) => ({
      title: { text: m.comparison, subtitle: `mean ${m.mean >= 0 ? '+' : '−'}${Math.abs(m.mean).toFixed(4)}`, fontSize: 12, anchor: 'middle' as const, offset: 4 },
      width: side,
      height: tall,
      layer: [
        imageCellLayer(m, pos, color, { format: '+.4f', title: 'a − b' }),
        {
          data: { values: data.outlines.filter((o) => o.key === m.key && o.boundary === 'edge-ring') },
          mark: { type: 'rect' as const, fillOpacity: 0, stroke: '#333333', strokeWidth: 1.2, strokeDash: [4, 3], tooltip: 'inner boundary of the edge ring' },
          encoding: pos,
        },
      ],
    })),
  });
}

/**
 * Figure 4 from a summary.
 *
 * @example
 * const spec = differenceMapFigure(summary);
 */
export function differenceMapFigure(summary: Summary): TopLevelSpec {
  const ctx = figureContext(summary);
  return differenceMapSpec(differenceMapData(summary, ctx), ctx);
}
