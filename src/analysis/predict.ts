import { AnalysisError } from './errors.js';
import { checkImageGeometry, imageOriginalMask, type SidePads } from './image-geometry.js';
import { DEFAULT_ORIGINAL_SIZE, originalMask, resolveGeometry } from './regions.js';
import { assertFiniteMap, assertMap, assertNonNegativeInteger, sum64, type FloatArray } from './validate.js';

/** Input of {@link predictPaddedLoss}. */
export interface PadPrediction {
  /** The unpadded model's mean per-pixel loss map, `originalSize x originalSize`. */
  map28: FloatArray;
  /** Side of the unpadded image (default 28). */
  originalSize?: number;
  /** Pad width p of the padded variant (its side is `originalSize + 2p`). */
  pad: number;
  /**
   * Assumed mean loss per pad pixel: e.g. measured from a padded run ({@link measurePadCost}), the pad targets'
   * entropy floor (`padContent(...).meanFloor`), or any what-if value.
   */
  padCost: number;
}

/** Result of {@link predictPaddedLoss}. */
export interface PaddedLossPrediction {
  /** `(originalPixels * originalMean + padPixels * padCost) / totalPixels`. */
  predicted: number;
  /** Mean of `map28`: the unpadded model's loss. */
  originalMean: number;
  originalPixels: number;
  padPixels: number;
  totalPixels: number;
  padCost: number;
  /** `predicted - originalMean`: the predicted change from padding alone (negative = padded loss lower). */
  change: number;
}

/**
 * The mean over `totalPixels` when the original map keeps its losses and every other pixel costs
 * `padCost` (checked finite here): the arithmetic both predictions share once their geometry is checked.
 */
function dilutedMean(originalMap: FloatArray, totalPixels: number, padCost: number): PaddedLossPrediction {
  if (!Number.isFinite(padCost)) {
    throw new AnalysisError('value', `padCost must be a finite number (mean loss per pad pixel), got ${String(padCost)}.`);
  }
  const originalPixels = originalMap.length;
  const padPixels = totalPixels - originalPixels;
  const originalMean = sum64(originalMap) / originalPixels;
  const predicted = (originalPixels * originalMean + padPixels * padCost) / totalPixels;
  return { predicted, originalMean, originalPixels, padPixels, totalPixels, padCost, change: predicted - originalMean };
}

/**
 * Predicts a padded model's mean loss if its original pixels kept the unpadded model's losses and each pad pixel cost
 * `padCost`: `predicted = (n_O * mean(map28) + n_pad * padCost) / (n_O + n_pad)`. With cheap pad pixels
 * (edge-padded black border: padCost ~0) the mean is diluted by the factor `n_O / N` (784/1024 = 0.766 for 28 -> 32).
 *
 * @example
 * // 2x2 original all at 0.1, pad 1 (4x4 output), pad pixels cost 0
 * predictPaddedLoss({ map28: new Float64Array(4).fill(0.1), originalSize: 2, pad: 1, padCost: 0 });
 * // { predicted: 0.025, originalMean: 0.1, originalPixels: 4, padPixels: 12, totalPixels: 16, padCost: 0, change: -0.075 }
 */
export function predictPaddedLoss(input: PadPrediction): PaddedLossPrediction {
  const originalSize = input.originalSize ?? DEFAULT_ORIGINAL_SIZE;
  const g = resolveGeometry({ pad: input.pad, originalSize });
  assertMap(input.map28, 'map28', originalSize, originalSize);
  assertFiniteMap(input.map28, 'map28', originalSize, originalSize);
  return dilutedMean(input.map28, g.size * g.size, input.padCost);
}

/** Mean of `map` over the pixels where `inside` is 0 (the pad), with how many there are. */
function meanOutside(map: FloatArray, inside: Uint8Array): { mean: number; count: number } {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < map.length; i++) {
    if (inside[i] === 0) {
      sum += map[i];
      count++;
    }
  }
  return { mean: sum / count, count };
}

/**
 * Mean loss per pad pixel of a padded run's map (`size x size`, original at offset `pad`): the pad cost to feed
 * {@link predictPaddedLoss}. Throws when pad = 0 (there is no pad ring to measure).
 *
 * @example
 * measurePadCost(new Float64Array([0,0,0,0, 0,0.1,0.1,0, 0,0.1,0.1,0, 0,0,0,0.12]), 4, 1); // 0.01
 */
export function measurePadCost(map: FloatArray, size: number, pad: number): number {
  assertNonNegativeInteger(pad, 'pad');
  if (pad === 0) throw new AnalysisError('geometry', 'pad is 0, so the map has no pad ring to measure; pass the padded run\'s map and pad width.');
  const g = resolveGeometry({ size, pad });
  assertMap(map, 'map', g.size, g.size);
  assertFiniteMap(map, 'map', g.size, g.size);
  const inside = originalMask(g);
  return meanOutside(map, inside).mean;
}

/** Input of {@link predictPaddedLossFor}: the unpadded model's map (any shape) and the pads to add. */
export interface ImagePadPrediction {
  /** The unpadded model's mean per-pixel loss map, `originalHeight x originalWidth`. */
  originalMap: FloatArray;
  originalHeight: number;
  originalWidth: number;
  /** Pads of the padded variant, per side. */
  pads: SidePads;
  /** Assumed mean loss per pad pixel (see {@link PadPrediction.padCost}). */
  padCost: number;
}

/**
 * {@link predictPaddedLoss} for any shape and per-side pads:
 * `predicted = (n_O * mean(originalMap) + n_pad * padCost) / (n_O + n_pad)`.
 *
 * @example
 * // 2x3 original all at 0.1, one row of pad on top (3x3 output), pad pixels cost 0
 * predictPaddedLossFor({ originalMap: new Float64Array(6).fill(0.1), originalHeight: 2, originalWidth: 3,
 *   pads: { top: 1, bottom: 0, left: 0, right: 0 }, padCost: 0 }).predicted; // 0.0666... (6 * 0.1 / 9)
 */
export function predictPaddedLossFor(input: ImagePadPrediction): PaddedLossPrediction {
  const { originalHeight, originalWidth, pads } = input;
  const g = checkImageGeometry(
    { height: originalHeight + pads.top + pads.bottom, width: originalWidth + pads.left + pads.right, pads, edgeWidth: 0 },
    { allowEmptyInterior: true },
  );
  assertMap(input.originalMap, 'originalMap', originalHeight, originalWidth);
  assertFiniteMap(input.originalMap, 'originalMap', originalHeight, originalWidth);
  return dilutedMean(input.originalMap, g.height * g.width, input.padCost);
}

/**
 * {@link measurePadCost} for any shape and per-side pads: the mean of the map over its pad pixels.
 * Throws `AnalysisError` 'geometry' when every pad is 0 (there is nothing to measure).
 *
 * @example
 * measurePadCostFor(new Float64Array([0.2, 0.2, 0.1, 0.1]), { height: 2, width: 2, pads: { top: 1, bottom: 0, left: 0, right: 0 } }); // 0.2
 */
export function measurePadCostFor(map: FloatArray, geometry: { height: number; width: number; pads: SidePads }): number {
  const inside = imageOriginalMask({ ...geometry, edgeWidth: 0 });
  assertMap(map, 'map', geometry.height, geometry.width);
  assertFiniteMap(map, 'map', geometry.height, geometry.width);
  const { mean, count } = meanOutside(map, inside);
  if (count === 0) throw new AnalysisError('geometry', 'every pad is 0, so the map has no pad pixels to measure; pass the padded run\'s map and pads.');
  return mean;
}
