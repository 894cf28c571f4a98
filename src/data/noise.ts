import type { Rng } from './random.js';
import { ArgumentError } from '../errors.js';

/**
 * The seed's corruption: `clip(x + factor * N(0, 1), 0, 1)`, one normal per value drawn in index
 * order. Computed in float64 and stored as float32 (as numpy's float64 sum cast to float32).
 * Returns a fresh array unless `out` is given (which may be `clean` itself for in-place noise).
 *
 * @example
 * const noisy = addGaussianNoise(new Float32Array([0, 0.5, 1]), 0.5, createRng(7));
 * // every value in [0, 1]; same seed, same noise
 */
export function addGaussianNoise(clean: Float32Array, factor: number, rng: Rng, out?: Float32Array): Float32Array {
  if (!Number.isFinite(factor) || factor < 0) {
    throw new ArgumentError(`Noise factor must be a finite number >= 0, got ${String(factor)}.`);
  }
  const n = clean.length;
  const dest = out ?? new Float32Array(n);
  if (dest.length !== n) {
    throw new ArgumentError(`addGaussianNoise: out has ${dest.length} values but clean has ${n}; pass an array of the same length.`);
  }
  for (let i = 0; i < n; i++) {
    const v = clean[i] + factor * rng.normal();
    dest[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return dest;
}
