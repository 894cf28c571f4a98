import { assertFiniteMap, assertImageArray, assertMap, nonFiniteError, sum64, type FloatArray } from './validate.js';

/**
 * Mean per-pixel loss over images: the H x W map `m[y*W + x] = (1/count) * sum_n losses[n*H*W + y*W + x]`,
 * accumulated in float64. `losses` is NHWC (C = 1), e.g. the per-pixel BCE of a whole test split.
 * Throws an `AnalysisError` (code 'value') naming the image/row/column of the first NaN or infinity.
 *
 * @example
 * // two 1x2 "images"
 * meanLossMap(new Float32Array([1, 2, 3, 6]), 2, 1, 2); // Float64Array [2, 4]
 */
export function meanLossMap(losses: FloatArray, count: number, height: number, width: number): Float64Array {
  assertImageArray(losses, 'losses', count, height, width);
  const plane = height * width;
  const acc = new Float64Array(plane);
  for (let n = 0; n < count; n++) {
    const base = n * plane;
    for (let i = 0; i < plane; i++) {
      const v = losses[base + i];
      if (v - v !== 0) throw nonFiniteError('losses', v, base + i, height, width);
      acc[i] += v;
    }
  }
  for (let i = 0; i < plane; i++) acc[i] /= count;
  return acc;
}

/**
 * Mean loss of each image over its H x W pixels (float64), length `count`. Its mean equals the mean of
 * {@link meanLossMap} and the per-pixel mean of the whole array.
 *
 * @example
 * perImageMeanLoss(new Float32Array([1, 2, 3, 6]), 2, 1, 2); // Float64Array [1.5, 4.5]
 */
export function perImageMeanLoss(losses: FloatArray, count: number, height: number, width: number): Float64Array {
  assertImageArray(losses, 'losses', count, height, width);
  const plane = height * width;
  const out = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const base = n * plane;
    let s = 0;
    for (let i = 0; i < plane; i++) {
      const v = losses[base + i];
      if (v - v !== 0) throw nonFiniteError('losses', v, base + i, height, width);
      s += v;
    }
    out[n] = s / plane;
  }
  return out;
}

/**
 * Mean of an H x W map (float64): the overall mean loss when every location has the same number of images.
 *
 * @example
 * mapMean(new Float64Array([1, 2, 3, 6]), 2, 2); // 3
 */
export function mapMean(map: FloatArray, height: number, width: number): number {
  assertMap(map, 'map', height, width);
  assertFiniteMap(map, 'map', height, width);
  return sum64(map) / map.length;
}
