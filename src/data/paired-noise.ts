import type { Rng } from './random.js';
import { ArgumentError } from '../errors.js';

/** Where the original image sits in a padded one. */
export interface PaddedLayout {
  /** Number of images. */
  count: number;
  /** Side of the padded (square) images. */
  size: number;
  /** Pad width on every side (0: no pad). */
  pad: number;
}

/**
 * The seed's corruption `clip(x + factor * N(0, 1), 0, 1)` on padded images, with the normals of the
 * original pixels drawn from `originalRng` in the ORIGINAL image's index order (image by image, row
 * by row of the unpadded image) and those of the pad pixels from `padRng` in the padded index order.
 * The original pixels thus get exactly the noise `addGaussianNoise` gives the unpadded images from the
 * same stream, and the pad's noise is independent of it. Every value still gets one independent
 * N(0, 1), so the law of a single noisy image is that of `addGaussianNoise`. Computed in float64,
 * stored as float32.
 *
 * @example
 * // Original pixels of an edge32 image get baseline28's noise from the same stream:
 * const noisy32 = addNoiseOriginalFirst(padded32, { count, size: 32, pad: 2 }, 0.5, createRng(s), createRng(p));
 * const noisy28 = addGaussianNoise(images28, 0.5, createRng(s)); // equal on the original pixels
 */
export function addNoiseOriginalFirst(
  clean: Float32Array,
  layout: PaddedLayout,
  factor: number,
  originalRng: Rng,
  padRng: Rng,
): Float32Array {
  const { count, size, pad } = layout;
  if (!Number.isFinite(factor) || factor < 0) {
    throw new ArgumentError(`Noise factor must be a finite number >= 0, got ${String(factor)}.`);
  }
  const inner = size - 2 * pad;
  if (!(Number.isInteger(pad) && pad >= 0 && inner > 0) || clean.length !== count * size * size) {
    throw new ArgumentError(
      `addNoiseOriginalFirst: ${clean.length} values do not hold ${count} images of ${size}x${size} with pad ${pad}; pass the padded images and their layout.`,
    );
  }
  const out = new Float32Array(clean.length);
  const noisy = (i: number, z: number): void => {
    const v = clean[i] + factor * z;
    out[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  };
  const plane = size * size;
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < inner; y++) {
      const row = n * plane + (y + pad) * size + pad;
      for (let x = 0; x < inner; x++) noisy(row + x, originalRng.normal());
    }
  }
  if (pad > 0) {
    for (let n = 0; n < count; n++) {
      for (let y = 0; y < size; y++) {
        const inRows = y >= pad && y < size - pad;
        for (let x = 0; x < size; x++) {
          if (inRows && x >= pad && x < size - pad) continue;
          noisy(n * plane + y * size + x, padRng.normal());
        }
      }
    }
  }
  return out;
}
