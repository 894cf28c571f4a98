/**
 * Shared pieces of the image figures (loss maps, difference maps, reconstructions): images travel as one
 * row each with a compact `values` array and are expanded into cells by Vega-Lite transforms
 * (flatten, row number, x/y), which keeps the inline data small; cells are drawn as rect marks in the
 * coordinates of the original image (pad pixels have negative or >= 28 coordinates), y downward.
 */
import type { Transform } from 'vega-lite/types_unstable/transform.js';
import { round6 } from '../format.js';

/** One image as a data row. */
export interface ImageRow {
  /** Key of the image (unique within a figure). */
  key: string;
  /** Width and height of the image (cells per row, rows). */
  width: number;
  height: number;
  /** Offset of the original image inside it: the left and top pads. */
  padLeft: number;
  padTop: number;
  /** Row-major pixel values. */
  values: number[];
}

/** A rectangle drawn as an outline (region boundary) in original-image coordinates. */
export interface OutlineRow {
  key: string;
  boundary: 'original' | 'edge-ring';
  x: number;
  x2: number;
  y: number;
  y2: number;
}

/** Transforms turning image rows into cells `x, x2, y, y2, value` (grouped by `key`). */
export function imageCellTransforms(valueScale = 1): Transform[] {
  return [
    { flatten: ['values'], as: ['raw'] },
    { window: [{ op: 'row_number', as: 'cellIndex' }], groupby: ['key'] },
    { calculate: '((datum.cellIndex - 1) % datum.width) - datum.padLeft', as: 'x' },
    { calculate: 'floor((datum.cellIndex - 1) / datum.width) - datum.padTop', as: 'y' },
    { calculate: 'datum.x + 1', as: 'x2' },
    { calculate: 'datum.y + 1', as: 'y2' },
    { calculate: valueScale === 1 ? 'datum.raw' : `datum.raw / ${valueScale}`, as: 'value' },
  ];
}

/**
 * Transforms for packed integer images (`values[i] = i * 256 + q`, q in 0..255): the cell index travels
 * with the value, so no window transform is needed (much faster for tens of thousands of cells).
 */
export function packedCellTransforms(): Transform[] {
  return [
    { flatten: ['values'], as: ['packed'] },
    { calculate: 'datum.packed % 256', as: 'raw' },
    { calculate: 'floor(datum.packed / 256)', as: 'cellIndex' },
    { calculate: '(datum.cellIndex % datum.width) - datum.padLeft', as: 'x' },
    { calculate: 'floor(datum.cellIndex / datum.width) - datum.padTop', as: 'y' },
    { calculate: 'datum.x + 1', as: 'x2' },
    { calculate: 'datum.y + 1', as: 'y2' },
    { calculate: 'datum.raw / 255', as: 'value' },
  ];
}

/**
 * Packs a [0, 1] image into integers `i * 256 + round(255 * v)`.
 *
 * @example
 * packImage([0, 1, 0.5]); // [0, 511, 640]
 */
export function packImage(values: readonly number[]): number[] {
  return values.map((v, i) => i * 256 + Math.round(Math.min(1, Math.max(0, v)) * 255));
}

/** Rounds map values for inline data. */
export function compactValues(values: readonly number[]): number[] {
  return values.map((v) => round6(Number(v.toPrecision(4))));
}

/**
 * Boundary outlines of a variant in original coordinates: the original image (pad ring outside it) when
 * pad > 0, and the inner boundary of the edge ring.
 *
 * @example
 * regionOutlines('edge32', 2, 28, 2).map((o) => o.boundary); // ['original', 'edge-ring']
 */
export function regionOutlines(key: string, pad: number, originalSize: number, edgeWidth: number, originalHeight = originalSize): OutlineRow[] {
  const out: OutlineRow[] = [];
  if (pad > 0) out.push({ key, boundary: 'original', x: 0, x2: originalSize, y: 0, y2: originalHeight });
  if (edgeWidth > 0 && 2 * edgeWidth < Math.min(originalSize, originalHeight)) {
    out.push({ key, boundary: 'edge-ring', x: edgeWidth, x2: originalSize - edgeWidth, y: edgeWidth, y2: originalHeight - edgeWidth });
  }
  return out;
}

/** Position channels of image cells on a fixed domain [lo, hi] (y downward). */
export function cellPosition(lo: number, hi: number, showAxis: boolean, originalSize: number, y: { lo: number; hi: number; originalHeight: number } = { lo, hi, originalHeight: originalSize }) {
  const axisOf = (side: number) => (showAxis ? { values: [0, side / 2, side], grid: false, title: null, labelFontSize: 9, tickSize: 3 } : null);
  return {
    x: { field: 'x', type: 'quantitative' as const, scale: { domain: [lo, hi], nice: false, zero: false }, axis: axisOf(originalSize) },
    x2: { field: 'x2' },
    y: { field: 'y', type: 'quantitative' as const, scale: { domain: [y.lo, y.hi], nice: false, zero: false, reverse: true }, axis: axisOf(y.originalHeight) },
    y2: { field: 'y2' },
  };
}

/**
 * The layer that draws one image row as coloured cells: the row expanded by
 * {@link imageCellTransforms}, rect marks at `position`, coloured by `value`, with x/y and the
 * value in the tooltip. Shared by the loss-map and difference-map figures.
 *
 * @example
 * imageCellLayer(row, cellPosition(0, 28, true, 28), { field: 'value', type: 'quantitative' }, { format: '.4f', title: 'mean BCE' });
 */
export function imageCellLayer<P extends object, C extends object>(
  row: ImageRow,
  position: P,
  color: C,
  value: { format: string; title: string },
  coordinateTitles: { x?: string; y?: string } = {},
) {
  const coordinate = (field: 'x' | 'y') => ({
    field,
    type: 'quantitative' as const,
    ...(coordinateTitles[field] === undefined ? {} : { title: coordinateTitles[field] }),
  });
  return {
    data: { values: [row] },
    transform: imageCellTransforms(),
    mark: { type: 'rect' as const, strokeWidth: 0 },
    encoding: {
      ...position,
      color,
      tooltip: [coordinate('x'), coordinate('y'), { field: 'value', type: 'quantitative' as const, ...value }],
    },
  };
}
