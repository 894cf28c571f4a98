/**
 * Floating-point work of one training step of a conv net, to turn a measured convolution rate
 * into a floor for the step (the benchmark's "engine fraction of the floor").
 */
import { tf } from '../engine/tf.js';
import { ArgumentError } from '../errors.js';

/**
 * FLOPs (multiply and add counted apart) of the convolutions of one training step on `batch`
 * images: per Conv2D layer the forward pass, the filter gradient and, except for a layer fed by
 * the model's input (whose input gradient is never needed), the input gradient, each
 * `2 * batch * OH * OW * KH * KW * CI * CO`. Elementwise work (activations, pooling, the loss,
 * Adam) is not counted: the floor is what the convolutions alone cost at the measured rate.
 *
 * @example
 * convStepFlops(buildAutoencoder(28, createRng(1)), 128); // 3.47e9 (27 MFLOP per image)
 */
export function convStepFlops(model: tf.LayersModel, batch: number): number {
  const inputNames = new Set(model.inputs.map((input) => input.name));
  let flops = 0;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'Conv2D') continue;
    const kernel = layer.getWeights()[0];
    const out = layer.outputShape;
    if (kernel === undefined || kernel.shape.length !== 4 || !Array.isArray(out) || Array.isArray(out[0])) {
      throw new ArgumentError(`layer ${layer.name}: expected a 2-D convolution with a [KH, KW, CI, CO] kernel and one output`);
    }
    const [kh, kw, ci, co] = kernel.shape;
    const [oh, ow] = (out as Array<number | null>).slice(1, 3).map((d) => d ?? 0);
    const one = 2 * batch * oh * ow * kh * kw * ci * co;
    const fedByInput = layer.inboundNodes.some((node) => node.inputTensors.some((t) => inputNames.has(t.name)));
    flops += one * (fedByInput ? 2 : 3);
  }
  return flops;
}
