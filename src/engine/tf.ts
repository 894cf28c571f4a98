/**
 * The one place in the project that imports `@tensorflow/tfjs`.
 *
 * Every module imports tfjs from here so that all of them share one engine, one kernel registry
 * and one set of backends (two copies of tfjs-core would each have their own registry, and a
 * tensor made by one could not be used by the other).
 *
 * @example
 * ```ts
 * import { tf } from '../engine/tf.js';
 * const y = tf.tidy(() => tf.scalar(2).mul(3));
 * ```
 */
import * as tf from '@tensorflow/tfjs';

export { tf };
export type {
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  Rank,
  Tensor,
  Tensor4D,
  TensorInfo,
} from '@tensorflow/tfjs';
