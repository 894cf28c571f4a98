/**
 * A fast `Conv2DBackpropInput` for the wasm backend, composed of its XNNPACK `Conv2D`.
 *
 * The wasm backend's own Conv2DBackpropInput is a plain scalar loop (~0.73 s of a 1.84 s training
 * step). For stride 1 the input gradient is a forward convolution of dy with the filter rotated by
 * 180 degrees and its in/out channels swapped, padded by (K - 1 - pad) on each side, which XNNPACK
 * runs at full speed. Strides > 1 fall back to the backend's original kernel (the models here do
 * not use them, and the zero-dilated dy would need a kernel of its own).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { convGeometry, type ExplicitPad } from './conv-attrs.js';
import { conv2d, release, reverse, transpose, type WasmBackendLike } from './wasm-calls.js';
import { EngineError } from '../errors.js';

interface BackpropInputAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | ExplicitPad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  inputShape: [number, number, number, number];
}

let fallback: KernelFunc | null = null;

/** Remember the wasm backend's original kernel, used for strides > 1. */
export function setConv2DBackpropInputFallback(kernelFunc: KernelFunc | null): void {
  fallback = kernelFunc;
}

/**
 * Gradient of a conv2d with respect to its input, on the wasm backend.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); then, on the wasm backend:
 * const dx = tf.conv2dTranspose(dy, w, [8, 28, 28, 32], 1, 'same'); // or via tf.grads
 * ```
 */
export function conv2DBackpropInputWasm(args: {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}): TensorInfo {
  const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
  const attrs = args.attrs as unknown as BackpropInputAttrs;
  const b = args.backend;
  const g = convGeometry('Conv2DBackpropInput', attrs.inputShape, filter.shape, attrs);
  if (g.strideHeight !== 1 || g.strideWidth !== 1) {
    if (fallback === null) {
      throw new EngineError('kernel', 'Conv2DBackpropInput: strides > 1 need the wasm backend\'s original kernel, which was not found');
    }
    return fallback(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
  }
  const rotated = reverse(b, filter, [0, 1]);
  const swapped = transpose(b, rotated, [0, 1, 3, 2]); // [KH, KW, CO, CI]
  release(b, rotated);
  try {
    return conv2d(b, dy, swapped, [
      g.filterHeight - 1 - g.padTop,
      g.filterHeight - 1 - g.padBottom,
      g.filterWidth - 1 - g.padLeft,
      g.filterWidth - 1 - g.padRight,
    ]);
  } finally {
    release(b, swapped);
  }
}

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const conv2DBackpropInputWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropInput',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropInputWasm as unknown as KernelConfig['kernelFunc'],
};
