import { AnalysisError } from './errors.js';
import { validateRegionSet, type RegionSet } from './regions.js';
import { assertFiniteMap, assertMap, sum64, type FloatArray } from './validate.js';

/** Identities are checked to this absolute tolerance (scaled by max(1, |total|)). */
export const IDENTITY_TOLERANCE = 1e-9;

/** One region's part of a map's mean. */
export interface RegionContribution {
  name: string;
  /** Pixels (locations) in the region. */
  count: number;
  /** `count / N`, N = all pixels of the map. */
  weight: number;
  /** Mean of the map over the region; null when the region is empty. */
  mean: number | null;
  /** `weight * mean` (0 for an empty region): this region's additive part of the total. */
  contribution: number;
  /** `contribution / total` (0 when total is 0). */
  share: number;
}

/** `total = sum over regions of contribution`, exactly up to rounding (`identityError`). */
export interface LossDecomposition {
  /** Mean of the whole map. */
  total: number;
  /** N, the number of pixels of the map. */
  pixels: number;
  regions: RegionContribution[];
  /** `sum(contribution) - total`; |identityError| <= 1e-9 or the call throws. */
  identityError: number;
}

/**
 * Exact decomposition of a map's mean over disjoint regions that cover it:
 * `mean = sum_r (n_r / N) * mean_r`. Per region: pixel count, weight, mean, contribution, share.
 * Throws `AnalysisError` 'identity' if the parts do not add up to 1e-9 (only possible through a bug).
 *
 * @example
 * // 4x4 map: 1 on the outer ring (12 px), 3 in the 2x2 centre (4 px); mean = (12 + 12) / 16 = 1.5
 * const map = new Float64Array([1,1,1,1, 1,3,3,1, 1,3,3,1, 1,1,1,1]);
 * const d = decomposeLoss(map, regionMasks({ size: 4, pad: 1, edgeWidth: 1 }));
 * d.total;                                  // 1.5
 * d.regions.map((r) => r.contribution);     // [0.75, 0.75, 0]  (pad, edge, interior)
 */
export function decomposeLoss(map: FloatArray, regions: RegionSet): LossDecomposition {
  const { height, width } = regions;
  assertMap(map, 'map', height, width);
  assertFiniteMap(map, 'map', height, width);
  const counts = validateRegionSet(regions);
  const pixels = height * width;
  const total = sum64(map) / pixels;
  const parts: RegionContribution[] = regions.regions.map((region, r) => {
    const count = counts[r];
    let s = 0;
    for (let i = 0; i < pixels; i++) if (region.mask[i] === 1) s += map[i];
    const contribution = s / pixels;
    return {
      name: region.name,
      count,
      weight: count / pixels,
      mean: count > 0 ? s / count : null,
      contribution,
      share: total === 0 ? 0 : contribution / total,
    };
  });
  const identityError = sum64(parts.map((p) => p.contribution)) - total;
  checkIdentity(identityError, total, 'region decomposition of the mean');
  return { total, pixels, regions: parts, identityError };
}

/** Throws `AnalysisError` 'identity' when `|error| > 1e-9 * max(1, |scale|)`. @internal */
export function checkIdentity(error: number, scale: number, what: string): void {
  if (!(Math.abs(error) <= IDENTITY_TOLERANCE * Math.max(1, Math.abs(scale)))) {
    throw new AnalysisError(
      'identity',
      `the ${what} does not add up: error ${String(error)} exceeds ${IDENTITY_TOLERANCE}; this is a bug in src/analysis, please report it with the inputs.`,
    );
  }
}
