import type { Rng } from '../data/random.js';

/**
 * Half-width of Keras's `glorot_uniform` range for a conv kernel `[kh, kw, inChannels, outChannels]`:
 * `sqrt(6 / (fanIn + fanOut))` with `fanIn = kh * kw * inChannels`, `fanOut = kh * kw * outChannels`.
 *
 * @example
 * glorotLimit([3, 3, 1, 32]);  // sqrt(6 / (9 + 288)) = 0.14213...
 * glorotLimit([3, 3, 32, 32]); // sqrt(6 / 576) = 0.10206...
 */
export function glorotLimit(kernelShape: readonly [number, number, number, number]): number {
  const [kh, kw, inChannels, outChannels] = kernelShape;
  const receptiveField = kh * kw;
  return Math.sqrt(6 / (receptiveField * inChannels + receptiveField * outChannels));
}

/**
 * Draws a conv kernel from U(-limit, limit) with the Glorot limit of its shape, in row-major order
 * of `[kh, kw, inChannels, outChannels]` (tfjs's kernel layout), one `rng.uniform()` per value.
 *
 * @example
 * const kernel = glorotUniformKernel([3, 3, 1, 32], createRng(1)); // Float32Array(288), |v| <= 0.1421
 */
export function glorotUniformKernel(kernelShape: readonly [number, number, number, number], rng: Rng): Float32Array {
  const limit = glorotLimit(kernelShape);
  const size = kernelShape[0] * kernelShape[1] * kernelShape[2] * kernelShape[3];
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (2 * rng.uniform() - 1) * limit;
  return values;
}
