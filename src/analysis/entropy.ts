import { AnalysisError } from './errors.js';
import { pixelBce } from './bce.js';

function entropyScalar(t: number, index: number | null): number {
  if (!(t >= 0 && t <= 1)) {
    const where = index === null ? '' : ` at index ${index}`;
    throw new AnalysisError('value', `target${where} is ${String(t)}; binary entropy needs a value in [0, 1].`);
  }
  if (t === 0 || t === 1) return 0;
  return -(t * Math.log(t) + (1 - t) * Math.log1p(-t));
}

/**
 * Binary entropy `H(t) = -(t ln t + (1 - t) ln(1 - t))` in nats (0 at t = 0 and t = 1).
 * It is the floor of binary cross-entropy with a soft target: `min_p BCE(t, p) = H(t)`, reached at `p = t`,
 * so a grey target pixel costs at least `H(t)` however good the model is.
 *
 * Choice for the loss floor used throughout `src/analysis`: floor = `H(t)` exactly, excess = loss - floor
 * (the KL divergence `KL(t || p)`). Clipping p to [1e-7, 1 - 1e-7] only restricts p, so with the float64
 * reference loss the excess is never negative; at t in {0, 1} the smallest attainable loss is ~1e-7
 * (1.19e-7 in float32, where 1 - 1e-7 rounds to 1 - 2^-23), not 0. Losses computed in float32 (tfjs) can make
 * the excess slightly negative, by float32 rounding (~1e-7 x loss); the TF-Keras variant that also adds
 * 1e-7 inside the log can too, by ~1e-7.
 *
 * @example
 * binaryEntropy(0.5);          // 0.6931471805599453
 * binaryEntropy(0);            // 0
 * binaryEntropy([0, 0.5, 1]);  // Float64Array [0, 0.693..., 0]
 */
export function binaryEntropy(target: number): number;
export function binaryEntropy(target: ArrayLike<number>): Float64Array;
export function binaryEntropy(target: number | ArrayLike<number>): number | Float64Array {
  if (typeof target === 'number') return entropyScalar(target, null);
  const out = new Float64Array(target.length);
  for (let i = 0; i < out.length; i++) out[i] = entropyScalar(target[i], i);
  return out;
}

/**
 * The part of the per-pixel BCE above its floor: `pixelBce(t, p) - binaryEntropy(t)`, i.e. the KL divergence
 * `KL(t || clip(p))` in nats. Non-negative for the float64 reference loss (see {@link binaryEntropy}).
 *
 * @example
 * bceExcess(0.5, 0.5); // 0
 * bceExcess(1, 0.5);   // 0.6931471805599453
 */
export function bceExcess(target: number, prediction: number): number {
  return pixelBce(target, prediction) - entropyScalar(target, null);
}
