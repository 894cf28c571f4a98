import { AnalysisError } from './errors.js';
import { BCE_EPSILON } from './bce.js';
import { assertPositiveInteger, describeIndex, type FloatArray } from './validate.js';

/** Per-pixel additive losses the analysis knows: binary cross-entropy (Keras-style clip), squared and absolute error. */
export type PixelLossKind = 'bce' | 'mse' | 'l1';

/** Every {@link PixelLossKind}, for parsers and help texts. */
export const PIXEL_LOSS_KINDS: readonly PixelLossKind[] = ['bce', 'mse', 'l1'];

/**
 * The loss floor of a kind: the smallest loss a perfect model can reach on a pixel with clean target t.
 * BCE against a soft target cannot go below the binary entropy H(t); MSE and L1 reach 0 at p = t, so they
 * have no irreducible part per pixel and the report must say "no floor" rather than print 0.
 */
export type LossFloorInfo =
  | { kind: 'binary-entropy'; description: string }
  | { kind: null; reason: string };

/**
 * What the floor of a loss is, as data for tables and reports.
 *
 * @example
 * lossFloorOf('bce').kind;   // 'binary-entropy'
 * lossFloorOf('l1');         // { kind: null, reason: 'l1 reaches 0 at p = t: ...' }
 */
export function lossFloorOf(kind: PixelLossKind): LossFloorInfo {
  if (kind === 'bce') {
    return { kind: 'binary-entropy', description: 'binary entropy H(t) of the clean target: the smallest BCE any prediction reaches (at p = t)' };
  }
  return {
    kind: null,
    reason: `${kind} reaches 0 at p = t: a perfect prediction costs nothing, so there is no irreducible floor to report (floor and excess are not defined)`,
  };
}

/**
 * One pixel's loss for a target t and a prediction p, in float64:
 * `bce` = -(t ln p + (1 - t) ln(1 - p)) with p clipped to [1e-7, 1 - 1e-7] (Keras / tfjs-layers), targets in [0, 1];
 * `mse` = (t - p)^2; `l1` = |t - p|. Throws `AnalysisError` 'value' on NaN or (for BCE) a target outside [0, 1].
 *
 * @example
 * pixelLoss('bce', 1, 0.5); // 0.6931471805599453
 * pixelLoss('mse', 0.2, 0.5); // 0.09 (up to rounding)
 * pixelLoss('l1', 0.2, 0.5);  // 0.3
 */
export function pixelLoss(kind: PixelLossKind, target: number, prediction: number): number {
  if (!Number.isFinite(target)) throw new AnalysisError('value', `target is ${String(target)}; targets must be finite numbers.`);
  if (Number.isNaN(prediction)) throw new AnalysisError('value', 'prediction is NaN; check the model output before computing the loss.');
  switch (kind) {
    case 'bce': {
      if (!(target >= 0 && target <= 1)) throw new AnalysisError('value', `target is ${String(target)}; BCE targets must lie in [0, 1].`);
      const p = prediction < BCE_EPSILON ? BCE_EPSILON : prediction > 1 - BCE_EPSILON ? 1 - BCE_EPSILON : prediction;
      let loss = 0;
      if (target !== 0) loss -= target * Math.log(p);
      if (target !== 1) loss -= (1 - target) * Math.log1p(-p);
      return loss;
    }
    case 'mse':
      return (target - prediction) * (target - prediction);
    case 'l1':
      return Math.abs(target - prediction);
  }
}

/** Binary entropy of one target in [0, 1] (nats). @internal */
function entropyOf(t: number): number {
  return t > 0 && t < 1 ? -(t * Math.log(t) + (1 - t) * Math.log1p(-t)) : 0;
}

/** Per-pixel losses of images with C >= 1 channels, reduced over channels, and the per-channel means. */
export interface ChannelPixelLosses {
  count: number;
  height: number;
  width: number;
  channels: number;
  /** N x H x W: the per-pixel loss, mean over channels (what a framework's mean loss averages). */
  loss: Float64Array;
  /** N x H x W: the clean target, mean over channels (the value pixels are binned by in the intensity table). */
  target: Float64Array;
  /** N x H x W: the floor, mean over channels of H(t_c); null when the loss has no floor ({@link lossFloorOf}). */
  floor: Float64Array | null;
  /** Per channel: mean loss over all images and pixels. */
  channelMeanLoss: Float64Array;
  /** Per channel: mean floor; null when the loss has no floor. */
  channelMeanFloor: Float64Array | null;
}

/**
 * Computes per-pixel losses from clean targets and predictions in NHWC order (C >= 1; C = 1 may be plain NHW),
 * float64 throughout. The per-pixel loss is the mean over channels; per-channel means are kept for tables.
 * Throws `AnalysisError` 'length' on a size mismatch and 'value' naming the image/row/column of a bad value.
 *
 * @example
 * // one 1x1 RGB pixel: targets (0, 0.5, 1), predictions (0, 0.5, 0.5), L1
 * const l = channelPixelLosses('l1', new Float64Array([0, 0.5, 1]), new Float64Array([0, 0.5, 0.5]), 1, 1, 1, 3);
 * l.loss;            // Float64Array [0.1666...]  ((0 + 0 + 0.5) / 3)
 * l.channelMeanLoss; // Float64Array [0, 0, 0.5]
 */
export function channelPixelLosses(
  kind: PixelLossKind,
  targets: FloatArray,
  predictions: FloatArray,
  count: number,
  height: number,
  width: number,
  channels: number,
): ChannelPixelLosses {
  assertPositiveInteger(count, 'count');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  assertPositiveInteger(channels, 'channels');
  const pixels = count * height * width;
  for (const [name, array] of [['targets', targets], ['predictions', predictions]] as const) {
    if (array.length !== pixels * channels) {
      throw new AnalysisError(
        'length',
        `${name} has length ${array.length}, but count x height x width x channels = ${count} x ${height} x ${width} x ${channels} = ${pixels * channels}; pass NHWC arrays of matching shape.`,
      );
    }
  }
  const hasFloor = lossFloorOf(kind).kind !== null;
  const loss = new Float64Array(pixels);
  const target = new Float64Array(pixels);
  const floor = hasFloor ? new Float64Array(pixels) : null;
  const channelLossSum = new Float64Array(channels);
  const channelFloorSum = new Float64Array(channels);
  for (let i = 0, k = 0; i < pixels; i++) {
    let sl = 0;
    let st = 0;
    let sf = 0;
    for (let c = 0; c < channels; c++, k++) {
      const t = targets[k];
      const p = predictions[k];
      let l: number;
      try {
        l = pixelLoss(kind, t, p);
      } catch (e) {
        const where = describeIndex(i, height, width) + (channels > 1 ? `, channel ${c}` : '');
        throw new AnalysisError('value', `at ${where}: ${e instanceof Error ? e.message : String(e)}`);
      }
      sl += l;
      st += t;
      channelLossSum[c] += l;
      if (floor !== null) {
        const h = entropyOf(t);
        sf += h;
        channelFloorSum[c] += h;
      }
    }
    loss[i] = sl / channels;
    target[i] = st / channels;
    if (floor !== null) floor[i] = sf / channels;
  }
  const channelMeanLoss = channelLossSum.map((s) => s / pixels);
  const channelMeanFloor = floor === null ? null : channelFloorSum.map((s) => s / pixels);
  return { count, height, width, channels, loss, target, floor, channelMeanLoss, channelMeanFloor };
}
