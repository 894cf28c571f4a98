import { tf } from '../engine/tf.js';
import { BCE_EPSILON } from '../analysis/bce.js';
import { ModelError } from './errors.js';

// Keras's `epsilon()`, one constant for the tfjs loss and the analysis' per-pixel BCE.
export { BCE_EPSILON };

/**
 * Per-pixel binary cross-entropy `-(t ln p + (1 - t) ln(1 - p))` with `p` clipped to
 * `[1e-7, 1 - 1e-7]` as Keras does, same shape as its inputs. Call inside `tf.tidy`.
 * Gradients through the clip are zero where the prediction is clipped, as in Keras.
 *
 * @example
 * pixelBinaryCrossEntropy(tf.tensor([1, 0]), tf.tensor([0.5, 0])).dataSync();
 * // Float32Array [0.6931, 1.0000e-7]
 */
export function pixelBinaryCrossEntropy(target: tf.Tensor, prediction: tf.Tensor): tf.Tensor {
  if (!tf.util.arraysEqual(target.shape, prediction.shape)) {
    throw new ModelError(
      'bad-shape',
      `target shape [${target.shape.join(', ')}] differs from prediction shape [${prediction.shape.join(', ')}]; pass tensors of one shape.`,
    );
  }
  return tf.tidy(() => {
    const p = tf.clipByValue(prediction, BCE_EPSILON, 1 - BCE_EPSILON);
    const positive = tf.mul(target, tf.log(p));
    const negative = tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p)));
    return tf.neg(tf.add(positive, negative));
  });
}

/**
 * Mean per-pixel BCE over the pixels selected by `mask` (weights broadcast against the batch,
 * e.g. shape `[1, H, W, 1]` with ones on the region to count), or over all pixels when `mask` is
 * null — Keras's `binary_crossentropy` loss averaged over the batch. With a 0/1 mask it is the mean
 * over masked pixels only, so pixels outside the region give neither loss nor gradient.
 *
 * @example
 * const mask = tf.tensor4d([1, 0], [1, 1, 2, 1]);
 * maskedMeanLoss(tf.tensor4d([1, 1], [1, 1, 2, 1]), tf.tensor4d([0.5, 0.1], [1, 1, 2, 1]), mask); // ln 2
 */
export function maskedMeanLoss(target: tf.Tensor, prediction: tf.Tensor, mask: tf.Tensor | null): tf.Scalar {
  return tf.tidy(() => {
    const losses = pixelBinaryCrossEntropy(target, prediction);
    if (mask === null) return tf.mean(losses);
    const broadcast = tf.broadcastTo(mask, losses.shape);
    return tf.div(tf.sum(tf.mul(losses, broadcast)), tf.sum(broadcast));
  });
}
