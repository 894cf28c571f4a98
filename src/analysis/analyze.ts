import { AnalysisError } from './errors.js';
import { decomposeLoss, type LossDecomposition } from './decompose.js';
import { intensityBins, type IntensityBin } from './intensity-bins.js';
import { intensityByRegion, type IntensityBreakdown } from './intensity-region.js';
import { intensityTable, type IntensityTable } from './intensity-table.js';
import { meanLossMap, perImageMeanLoss } from './loss-map.js';
import { regionMasks, type RegionSet } from './regions.js';
import { sum64, type FloatArray } from './validate.js';

/** Options of {@link analyzeLosses}: give `pad` (standard pad/edge/interior regions) or your own `regions`. */
export interface LossAnalysisOptions {
  /** Pad width of the output (0 for an unpadded variant); needed unless `regions` is given. */
  pad?: number;
  /** Edge-ring width for the standard regions (default 2). */
  edgeWidth?: number;
  /** Intensity bins (default: `intensityBins()`). */
  bins?: readonly IntensityBin[];
  /** Custom regions instead of pad/edge/interior. */
  regions?: RegionSet;
}

/** Everything the analysis derives from one variant's per-pixel test losses. */
export interface LossAnalysis {
  images: number;
  height: number;
  width: number;
  /** Mean of all per-pixel losses. */
  meanLoss: number;
  /** H x W mean loss map. */
  map: Float64Array;
  /** Mean loss per image. */
  perImage: Float64Array;
  regions: RegionSet;
  decomposition: LossDecomposition;
  table: IntensityTable;
  intensity: IntensityBreakdown;
}

/**
 * The direct path from full per-pixel arrays (NHWC, C = 1): mean loss map, per-image means, region decomposition,
 * location x intensity table and the region x bin breakdown, in one call. The per-pixel arrays are only read,
 * so the caller keeps them for further analyses.
 *
 * @example
 * const a = analyzeLosses(losses, targets, 10000, 32, 32, { pad: 2 });
 * a.meanLoss; a.decomposition.regions; a.intensity.byBin;
 */
export function analyzeLosses(
  losses: FloatArray,
  targets: FloatArray,
  count: number,
  height: number,
  width: number,
  options: LossAnalysisOptions,
): LossAnalysis {
  let regions: RegionSet;
  if (options.regions !== undefined) {
    regions = options.regions;
    if (regions.height !== height || regions.width !== width) {
      throw new AnalysisError('mask', `the regions are ${regions.height}x${regions.width} but the losses are ${height}x${width}; build masks for the loss size.`);
    }
  } else {
    if (options.pad === undefined) {
      throw new AnalysisError('geometry', 'give options.pad (0 for an unpadded variant) or options.regions, so the pad/edge/interior regions are known.');
    }
    if (height !== width) throw new AnalysisError('geometry', `standard regions need square images, got ${height}x${width}; pass options.regions instead.`);
    regions = regionMasks({ size: height, pad: options.pad, edgeWidth: options.edgeWidth });
  }
  const map = meanLossMap(losses, count, height, width);
  const perImage = perImageMeanLoss(losses, count, height, width);
  const table = intensityTable(losses, targets, count, height, width, options.bins ?? intensityBins());
  const decomposition = decomposeLoss(map, regions);
  const intensity = intensityByRegion(table, regions);
  return { images: count, height, width, meanLoss: sum64(perImage) / count, map, perImage, regions, decomposition, table, intensity };
}
