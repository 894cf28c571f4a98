/**
 * The one place where the summary turns a run's geometry into regions, gap inputs and pad
 * predictions, with src/analysis's general geometry: any height x width, pads per side.
 */
import { AnalysisError } from '../analysis/errors.js';
import type { VariantMap } from '../analysis/gap.js';
import { imageRegionMasks } from '../analysis/image-geometry.js';
import { measurePadCostFor, predictPaddedLossFor } from '../analysis/predict.js';
import type { RegionSet } from '../analysis/regions.js';
import type { LossMapRecord } from '../run-format/run-record.js';
import { SummaryError } from './errors.js';
import type { LossRegion } from './types.js';

/**
 * The regions (pad, edge ring, interior) of a run's loss map.
 *
 * @example
 * regionsOf(record.lossMap, 2, 'runs/edge32/seed-1').regions.map((r) => r.name); // ['pad', 'edge', 'interior']
 */
export function regionsOf(lossMap: LossMapRecord, edgeWidth: number, what: string): RegionSet {
  try {
    return imageRegionMasks({ height: lossMap.height, width: lossMap.width, pads: lossMap.pads, edgeWidth });
  } catch (e) {
    // An edge ring that leaves no interior, or pads larger than the map: a problem of the experiment's settings.
    if (e instanceof AnalysisError) throw new SummaryError(`${what}: ${e.message}`);
    throw e;
  }
}

/**
 * A run's map as the gap decomposition takes it.
 *
 * @example
 * decomposeGap(variantMapOf(a.lossMap, 'all', 'a'), variantMapOf(b.lossMap, 'all', 'b'), { edgeWidth: 2 });
 */
export function variantMapOf(lossMap: LossMapRecord, lossRegion: LossRegion, what: string): VariantMap {
  regionsOf(lossMap, 0, what); // checks the geometry, naming the run
  return { map: lossMap.values, height: lossMap.height, width: lossMap.width, pads: lossMap.pads, lossRegion };
}

/**
 * The mean loss of a padded map's pad pixels.
 *
 * @example
 * padCostOf(record.lossMap, 'runs/edge32/seed-1'); // 0.00037
 */
export function padCostOf(lossMap: LossMapRecord, what: string): number {
  regionsOf(lossMap, 0, what);
  return measurePadCostFor(lossMap.values, lossMap);
}

/**
 * The padded loss predicted from an unpadded map: its pixels keep their loss, the pad pixels of
 * `padded` cost `padCost` each.
 *
 * @example
 * predictPadded({ values: map28, height: 28, width: 28 }, { height: 32, width: 32, pads: { top: 2, bottom: 2, left: 2, right: 2 } }, 0.0004, 'edge32');
 */
export function predictPadded(
  reference: Pick<LossMapRecord, 'height' | 'width'> & { values: Float64Array },
  padded: Pick<LossMapRecord, 'height' | 'width' | 'pads'>,
  padCost: number,
  what: string,
): number {
  const originalHeight = padded.height - padded.pads.top - padded.pads.bottom;
  const originalWidth = padded.width - padded.pads.left - padded.pads.right;
  if (originalHeight !== reference.height || originalWidth !== reference.width) {
    throw new SummaryError(`${what}: its original image is ${originalHeight}x${originalWidth}, the unpadded reference's map is ${reference.height}x${reference.width}; predict only variants of the same original image.`);
  }
  return predictPaddedLossFor({ originalMap: reference.values, originalHeight, originalWidth, pads: padded.pads, padCost }).predicted;
}
