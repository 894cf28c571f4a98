import { AnalysisError } from './errors.js';
import { originalMask, resolveGeometry } from './regions.js';
import { assertImageArray, assertNonNegativeInteger, describeIndex, type FloatArray } from './validate.js';

/** What the pad ring of padded clean targets contains. Means are null when there are no pad pixels (pad = 0). */
export interface PadContent {
  images: number;
  size: number;
  pad: number;
  /** Pad pixels per image: `size^2 - (size - 2 pad)^2`. */
  padPixelsPerImage: number;
  /** Pad pixels over all images. */
  padPixels: number;
  /** Pad pixels whose target is > `threshold` (default 0). */
  nonZeroPixels: number;
  /** `nonZeroPixels / padPixels`. */
  nonZeroShare: number | null;
  /** Mean target value over the pad pixels. */
  meanTarget: number | null;
  /** Mean binary entropy `H(t)` of the pad targets (nats): the loss floor of the pad ring. */
  meanFloor: number | null;
}

/**
 * Measures the pad ring of padded clean targets (`count` images of `size x size`, original at offset `pad`):
 * the share of pad pixels that are not zero, their mean target and mean entropy floor. The caller pads with
 * each mode (edge, reflect, ...) and measures each; edge padding copies MNIST's almost always black border,
 * so its pad ring is almost all zeros (floor ~0: the pad pixels are nearly free for the model).
 *
 * @example
 * // one 3x3 image, pad 1: the ring is 8 pixels, one of them 0.5
 * const c = padContent(new Float32Array([0,0,0, 0,1,0, 0,0,0.5]), 1, 3, 1);
 * c.padPixels;     // 8
 * c.nonZeroShare;  // 0.125
 * c.meanTarget;    // 0.0625
 */
export function padContent(
  targets: FloatArray,
  count: number,
  size: number,
  pad: number,
  options: { threshold?: number } = {},
): PadContent {
  assertNonNegativeInteger(pad, 'pad');
  const g = resolveGeometry({ size, pad });
  assertImageArray(targets, 'targets', count, size, size);
  const threshold = options.threshold ?? 0;
  if (!Number.isFinite(threshold)) throw new AnalysisError('value', `threshold must be a finite number, got ${String(threshold)}.`);
  const plane = size * size;
  const inside = originalMask(g);
  const ring: number[] = [];
  for (let i = 0; i < plane; i++) if (inside[i] === 0) ring.push(i);
  let nonZero = 0;
  let sum = 0;
  let floor = 0;
  for (let n = 0; n < count; n++) {
    const base = n * plane;
    for (const i of ring) {
      const t = targets[base + i];
      if (!(t >= 0 && t <= 1)) {
        throw new AnalysisError('value', `targets has ${String(t)} at ${describeIndex(base + i, size, size)}; clean targets must lie in [0, 1].`);
      }
      if (t > threshold) nonZero++;
      sum += t;
      if (t > 0 && t < 1) floor -= t * Math.log(t) + (1 - t) * Math.log1p(-t);
    }
  }
  const padPixels = ring.length * count;
  return {
    images: count,
    size,
    pad,
    padPixelsPerImage: ring.length,
    padPixels,
    nonZeroPixels: nonZero,
    nonZeroShare: padPixels > 0 ? nonZero / padPixels : null,
    meanTarget: padPixels > 0 ? sum / padPixels : null,
    meanFloor: padPixels > 0 ? floor / padPixels : null,
  };
}
