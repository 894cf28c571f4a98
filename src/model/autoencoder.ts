import type { Rng } from '../data/random.js';
import { tf } from '../engine/tf.js';
import { ModelError } from './errors.js';
import { glorotUniformKernel } from './glorot.js';

/** Filters of every hidden conv layer of the seed's autoencoder. */
export const HIDDEN_FILTERS = 32;

/**
 * Builds the seed's denoising autoencoder for `size x size x 1` inputs (size divisible by 4):
 * Conv(32, 3x3, relu, same) -> MaxPool(2, same) -> Conv(32) -> MaxPool(2, same) -> Conv(32) ->
 * UpSampling(2) -> Conv(32) -> UpSampling(2) -> Conv(1, 3x3, sigmoid, same).
 * Kernels are Keras's glorot-uniform drawn from `rng` (layer by layer, row-major), biases zero,
 * so the initial weights depend only on the rng, never on tfjs's own seeding.
 *
 * @example
 * const model = buildAutoencoder(32, createRng(deriveSeed(7, 'weights')));
 * model.outputs[0].shape; // [null, 32, 32, 1]
 * countParameters(model); // 28353
 */
export function buildAutoencoder(size: number, rng: Rng): tf.LayersModel {
  if (!Number.isInteger(size) || size < 4 || size % 4 !== 0) {
    throw new ModelError(
      'bad-size',
      `input size ${String(size)} is not a positive multiple of 4; the two 2x poolings and upsamplings need it (use 28, 32, 36, ...).`,
    );
  }
  const conv = (filters: number, activation: 'relu' | 'sigmoid'): tf.layers.Layer =>
    tf.layers.conv2d({
      filters,
      kernelSize: 3,
      activation,
      padding: 'same',
      // Placeholders: the real initial values are drawn from `rng` below.
      kernelInitializer: 'zeros',
      biasInitializer: 'zeros',
    });
  const input = tf.input({ shape: [size, size, 1] });
  let x = conv(HIDDEN_FILTERS, 'relu').apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = conv(HIDDEN_FILTERS, 'relu').apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = conv(HIDDEN_FILTERS, 'relu').apply(x) as tf.SymbolicTensor;
  x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
  x = conv(HIDDEN_FILTERS, 'relu').apply(x) as tf.SymbolicTensor;
  x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
  const output = conv(1, 'sigmoid').apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output, name: `autoencoder${size}` });

  const initial = model.weights.map((weight) => {
    // Weight shapes are fully known (no null dimensions) once the model is built.
    const shape = weight.shape as number[];
    if (shape.length === 4) {
      const kernelShape = shape as [number, number, number, number];
      return tf.tensor4d(glorotUniformKernel(kernelShape, rng), kernelShape);
    }
    return tf.zeros(shape);
  });
  model.setWeights(initial);
  tf.dispose(initial);
  return model;
}

/**
 * Total number of weights of a model (Keras's "Total params").
 *
 * @example
 * countParameters(buildAutoencoder(28, createRng(1))); // 28353
 */
export function countParameters(model: tf.LayersModel): number {
  return model.countParams();
}

/** One row of a Keras-style model summary. */
export interface LayerSummary {
  name: string;
  /** tfjs class name, e.g. `Conv2D`, `MaxPooling2D`, `UpSampling2D`, `InputLayer`. */
  type: string;
  /** Output shape without the batch dimension, e.g. `[28, 28, 32]`. */
  outputShape: number[];
  params: number;
}

/**
 * The rows of `model.summary()` as data: each layer's type, output shape (no batch axis) and
 * parameter count, in order, starting with the input layer.
 *
 * @example
 * summarizeLayers(buildAutoencoder(28, createRng(1)))[1];
 * // { name: 'conv2d_...', type: 'Conv2D', outputShape: [28, 28, 32], params: 320 }
 */
export function summarizeLayers(model: tf.LayersModel): LayerSummary[] {
  return model.layers.map((layer) => {
    const shape = layer.outputShape;
    if (!Array.isArray(shape) || Array.isArray(shape[0])) {
      throw new ModelError('bad-shape', `layer ${layer.name} has several outputs; the autoencoder has one per layer.`);
    }
    return {
      name: layer.name,
      type: layer.getClassName(),
      outputShape: (shape as Array<number | null>).slice(1).map((d) => d ?? -1),
      params: layer.countParams(),
    };
  });
}
