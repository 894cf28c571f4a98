import { tf } from '../engine/tf.js';
import { ModelError } from './errors.js';

/**
 * A `[size * size]` 0/1 map that is 1 on the central `(size - 2 * pad)` square (the original image
 * inside a pad of width `pad`), row-major.
 *
 * @example
 * regionMaskValues(4, 1); // Float32Array [0,0,0,0, 0,1,1,0, 0,1,1,0, 0,0,0,0]
 */
export function regionMaskValues(size: number, pad: number): Float32Array {
  if (!Number.isInteger(pad) || pad < 0 || 2 * pad >= size) {
    throw new ModelError('bad-shape', `pad ${String(pad)} does not leave a region inside a ${size}x${size} image; use 0 <= pad < size / 2.`);
  }
  const values = new Float32Array(size * size);
  for (let y = pad; y < size - pad; y++) {
    for (let x = pad; x < size - pad; x++) values[y * size + x] = 1;
  }
  return values;
}

/**
 * The region mask as a `[1, size, size, 1]` tensor for {@link maskedMeanLoss}. The caller disposes it.
 *
 * @example
 * const mask = regionMask(32, 2); // ones on the original 28x28, zeros on the 2-pixel pad
 */
export function regionMask(size: number, pad: number): tf.Tensor4D {
  return tf.tensor4d(regionMaskValues(size, pad), [1, size, size, 1]);
}
