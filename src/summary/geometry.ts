/**
 * The one place where the summary turns a run's geometry into regions, gap inputs and pad
 * predictions. Today these use src/analysis's square functions (`{ size, pad }`), so a map must be
 * square with the same pad on every side; general geometry (non-square, per-side pads) replaces
 * the body of these functions, not their callers.
 */
import type { VariantMap } from '../analysis/gap.js';
import { measurePadCost, predictPaddedLoss } from '../analysis/predict.js';
import { regionMasks, type RegionSet } from '../analysis/regions.js';
import type { LossMapRecord } from '../run-format/run-record.js';
import { SummaryError } from './errors.js';
import type { LossRegion } from './types.js';

/** Side and pad of a square map with the same pad on every side. */
export interface SquareGeometry {
  size: number;
  pad: number;
}

/**
 * The square geometry of a map; a SummaryError for non-square maps or unequal pads (not supported
 * by the square analysis functions yet).
 *
 * @example
 * squareGeometry({ height: 32, width: 32, pads: { top: 2, bottom: 2, left: 2, right: 2 } }, 'edge32'); // { size: 32, pad: 2 }
 */
export function squareGeometry(map: Pick<LossMapRecord, 'height' | 'width' | 'pads'>, what: string): SquareGeometry {
  const { top, bottom, left, right } = map.pads;
  if (map.height !== map.width || top !== bottom || top !== left || top !== right) {
    throw new SummaryError(
      `${what}: a ${map.height}x${map.width} map with pads ${JSON.stringify(map.pads)}; the summary needs square maps with the same pad on every side.`,
    );
  }
  return { size: map.height, pad: top };
}

/**
 * The regions (pad, edge ring, interior) of a run's loss map.
 *
 * @example
 * regionsOf(record.lossMap, 2, 'runs/edge32/seed-1').regions.map((r) => r.name); // ['pad', 'edge', 'interior']
 */
export function regionsOf(lossMap: LossMapRecord, edgeWidth: number, what: string): RegionSet {
  const { size, pad } = squareGeometry(lossMap, what);
  const original = size - 2 * pad;
  if (2 * edgeWidth >= original) {
    throw new SummaryError(`${what}: an edge ring of width ${edgeWidth} leaves no interior in the ${original}x${original} original; use an edge width below ${original / 2}.`);
  }
  return regionMasks({ size, pad, edgeWidth });
}

/**
 * A run's map as the gap decomposition takes it.
 *
 * @example
 * decomposeGap(variantMapOf(a.lossMap, 'all', 'a'), variantMapOf(b.lossMap, 'all', 'b'), { edgeWidth: 2 });
 */
export function variantMapOf(lossMap: LossMapRecord, lossRegion: LossRegion, what: string): VariantMap {
  const { size, pad } = squareGeometry(lossMap, what);
  return { map: lossMap.values, size, pad, lossRegion };
}

/**
 * The mean loss of a padded map's pad pixels.
 *
 * @example
 * padCostOf(record.lossMap, 'runs/edge32/seed-1'); // 0.00037
 */
export function padCostOf(lossMap: LossMapRecord, what: string): number {
  const { size, pad } = squareGeometry(lossMap, what);
  return measurePadCost(lossMap.values, size, pad);
}

/**
 * The padded loss predicted from an unpadded map: its pixels keep their loss, the pad pixels of
 * `padded` cost `padCost` each.
 *
 * @example
 * predictPadded(map28, 28, { height: 32, width: 32, pads: { top: 2, bottom: 2, left: 2, right: 2 } }, 0.0004, 'edge32');
 */
export function predictPadded(reference: Float64Array, referenceSize: number, padded: Pick<LossMapRecord, 'height' | 'width' | 'pads'>, padCost: number, what: string): number {
  const { pad } = squareGeometry(padded, what);
  return predictPaddedLoss({ map28: reference, originalSize: referenceSize, pad, padCost }).predicted;
}
