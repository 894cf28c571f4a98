import { AnalysisError } from './errors.js';

/** The clipping epsilon of the training loss (Keras / tfjs-layers `epsilon()`): p is clipped to [1e-7, 1 - 1e-7]. */
export const BCE_EPSILON = 1e-7;

function bceScalar(target: number, prediction: number, index: number | null): number {
  const where = index === null ? '' : ` at index ${index}`;
  if (!(target >= 0 && target <= 1)) {
    throw new AnalysisError('value', `target${where} is ${String(target)}; targets must lie in [0, 1].`);
  }
  if (Number.isNaN(prediction)) {
    throw new AnalysisError('value', `prediction${where} is NaN; check the model output before computing the loss.`);
  }
  const p = prediction < BCE_EPSILON ? BCE_EPSILON : prediction > 1 - BCE_EPSILON ? 1 - BCE_EPSILON : prediction;
  // t = 0 or 1 drop a term exactly (0 * log(...) = 0), as in the formula.
  let loss = 0;
  if (target !== 0) loss -= target * Math.log(p);
  if (target !== 1) loss -= (1 - target) * Math.log1p(-p);
  return loss;
}

/**
 * Per-pixel binary cross-entropy in nats, the reference (float64) form of the training loss:
 * `-(t ln p + (1 - t) ln(1 - p))` with `p` clipped to `[1e-7, 1 - 1e-7]` (tfjs-layers / Keras).
 * On two arrays of equal length it returns a `Float64Array` of per-element losses.
 * Targets must be in [0, 1]; predictions may be anything but NaN (they are clipped).
 *
 * @example
 * pixelBce(1, 0.5);            // 0.6931471805599453 (ln 2)
 * pixelBce(0, 0);              // 1.00000005e-7 (clipped: -ln(1 - 1e-7))
 * pixelBce([0, 1], [0.5, 0.5]); // Float64Array [0.693..., 0.693...]
 */
export function pixelBce(target: number, prediction: number): number;
export function pixelBce(target: ArrayLike<number>, prediction: ArrayLike<number>): Float64Array;
export function pixelBce(
  target: number | ArrayLike<number>,
  prediction: number | ArrayLike<number>,
): number | Float64Array {
  if (typeof target === 'number' && typeof prediction === 'number') return bceScalar(target, prediction, null);
  if (typeof target === 'number' || typeof prediction === 'number') {
    throw new AnalysisError('value', 'pixelBce takes two numbers or two arrays, not a mix; wrap the scalar in an array.');
  }
  if (target.length !== prediction.length) {
    throw new AnalysisError(
      'length',
      `target has length ${target.length} but prediction has length ${prediction.length}; pass arrays of equal length.`,
    );
  }
  const out = new Float64Array(target.length);
  for (let i = 0; i < out.length; i++) out[i] = bceScalar(target[i], prediction[i], i);
  return out;
}
