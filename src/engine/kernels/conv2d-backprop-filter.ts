/**
 * `Conv2DBackpropFilter` for the wasm backend (which has none), composed of its XNNPACK `Conv2D`.
 *
 * dW[kh, kw, ci, co] = sum over n, oh, ow of xpad[n, oh*s + kh, ow*s + kw, ci] * dy[n, oh, ow, co].
 * Read with the batch and channel axes swapped, that is one forward convolution: the "image" is x
 * as [CI, H, W, N] (CI plays the batch, N the channels), the "filter" is dy as [OH, OW, N, CO],
 * the forward stride becomes the dilation, and the result is [CI, KH, KW, CO]. XNNPACK then does
 * the whole reduction over N*OH*OW as one GEMM, instead of us building an im2col matrix (an
 * im2col Concat + BatchMatMul took 200 ms to 2.5 s per layer here; the conv route 5-30 ms).
 * When CO < CI (the last layer, CO = 1) the roles of x and dy are swapped, see viaDyAsImage.
 *
 * Where WebAssembly SIMD runs (Node 16.4+, current browsers) and a channel axis is a multiple of 4,
 * a kernel generated for the shape (wasm-simd/filter-gradient.ts) replaces these routes: XNNPACK's
 * GEMM reached a third of its convolution rate on this reduction-heavy shape, the generated kernel
 * about its full rate (14x14, 32->32, batch 128: 0.40 of the time, docs/engine-speed.md).
 */
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { convGeometry, type ConvGeometry, type ExplicitPad } from './conv-attrs.js';
import { filterGradientKernel, transposeTaps } from './wasm-simd/filter-gradient.js';
import { conv2d, f32, heapMemory, release, reshape, reverse, runWasmKernel, slice, transpose, type WasmBackendLike } from './wasm-calls.js';
import { EngineError } from '../errors.js';

interface BackpropFilterAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | ExplicitPad;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * Gradient of a conv2d with respect to its filter, on the wasm backend.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); reached through tf.grads of a conv on wasm, or:
 * const dW = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy },
 *   { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 1, 32] });
 * ```
 */
export function conv2DBackpropFilterWasm(args: {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}): TensorInfo {
  const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
  const attrs = args.attrs as unknown as BackpropFilterAttrs;
  const b = args.backend;
  const g = convGeometry('Conv2DBackpropFilter', x.shape, attrs.filterShape, attrs);
  if (dy.shape[1] !== g.outHeight || dy.shape[2] !== g.outWidth || dy.shape[3] !== g.outChannels) {
    throw new EngineError('kernel', `Conv2DBackpropFilter: dy shape [${dy.shape}] does not match the forward output [${g.batch},${g.outHeight},${g.outWidth},${g.outChannels}]`);
  }
  const simd = viaSimdKernel(b, x, dy, g, attrs.filterShape);
  if (simd !== null) return simd;
  const pads: [number, number, number, number] = [g.padTop, g.padBottom, g.padLeft, g.padRight];
  if (g.inChannels === 1 || g.outChannels === 1) return viaTapMatrix(b, x, dy, g);
  const unitStride = g.strideHeight === 1 && g.strideWidth === 1;
  return unitStride && g.outChannels < g.inChannels ? viaDyAsImage(b, x, dy, g) : viaXAsImage(b, x, dy, g, pads);
}

/**
 * The generated SIMD kernel, run in place on the backend's heap; null when it does not apply (no
 * SIMD, a channel count not a multiple of 4, or a heap that is not a plain WebAssembly.Memory).
 */
function viaSimdKernel(
  b: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  filterShape: [number, number, number, number],
): TensorInfo | null {
  const memory = heapMemory(b);
  if (memory === null) return null;
  const kernel = filterGradientKernel(g, memory);
  if (kernel === null) return null;
  const dW = b.makeOutput(filterShape, 'float32');
  const alongIn = kernel.plan.mode === 'vectors-along-in';
  const result = alongIn ? b.makeOutput(filterShape, 'float32') : dW;
  // Views (and the addresses read from them) only after the last allocation, which may grow the heap.
  const resultView = f32(b, result);
  resultView.fill(0);
  kernel.run(f32(b, x).byteOffset, f32(b, dy).byteOffset, resultView.byteOffset);
  if (alongIn) {
    transposeTaps(resultView, f32(b, dW), g.filterHeight * g.filterWidth, g.inChannels, g.outChannels);
    release(b, result);
  }
  return dW;
}

/**
 * One side has a single channel (first layer: CI = 1, last layer: CO = 1). Any conv formulation
 * then packs a huge "filter" (3.2M floats at 28x28, ~100 ms in XNNPACK's operator setup) for a
 * tiny GEMM, so instead build the [KH*KW, M] tap matrix of the single-channel tensor in JS and do
 * one BatchMatMul with the other tensor in its natural [M, C] layout:
 * - CI = 1: T[tap, (n,oh,ow)] = xpad[n, oh*s + a, ow*s + b];        dW = T x dy[M, CO]
 * - CO = 1: T[tap, (n,h,w)]   = dy[n, (h+pt-a)/s, (w+pl-b)/s] or 0; dW = T x x[M, CI]
 */
function viaTapMatrix(b: WasmBackendLike, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const { batch: n, inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = g;
  const { strideHeight: sh, strideWidth: sw, padTop: pt, padLeft: pl } = g;
  const singleIn = g.inChannels === 1;
  const [rowsH, rowsW] = singleIn ? [OH, OW] : [H, W];
  const m = n * rowsH * rowsW;
  const taps = b.makeOutput([1, KH * KW, m], 'float32');
  const t = f32(b, taps);
  const src = f32(b, singleIn ? x : dy);
  for (let a = 0; a < KH; a++) {
    for (let c = 0; c < KW; c++) {
      let o = (a * KW + c) * m;
      for (let bn = 0; bn < n; bn++) {
        for (let i = 0; i < rowsH; i++) {
          if (singleIn) {
            const h = i * sh + a - pt;
            const rowOk = h >= 0 && h < H;
            const rowBase = (bn * H + h) * W;
            for (let j = 0; j < rowsW; j++, o++) {
              const w = j * sw + c - pl;
              t[o] = rowOk && w >= 0 && w < W ? src[rowBase + w] : 0;
            }
          } else {
            const hh = i + pt - a;
            const oh = hh / sh;
            const rowOk = hh >= 0 && Number.isInteger(oh) && oh < OH;
            const rowBase = (bn * OH + oh) * OW;
            for (let j = 0; j < rowsW; j++, o++) {
              const ww = j + pl - c;
              const ow = ww / sw;
              t[o] = rowOk && ww >= 0 && Number.isInteger(ow) && ow < OW ? src[rowBase + ow] : 0;
            }
          }
        }
      }
    }
  }
  const other = singleIn ? dy : x;
  const rhs = reshape(b, other, [1, m, other.shape[3]]);
  let prod: TensorInfo;
  try {
    prod = runWasmKernel('BatchMatMul', b, { a: taps, b: rhs }, { transposeA: false, transposeB: false });
  } finally {
    release(b, taps, rhs);
  }
  const dW = reshape(b, prod, [KH, KW, g.inChannels, g.outChannels]);
  release(b, prod);
  return dW;
}

/** x as the image [CI, H, W, N], dy as the filter [OH, OW, N, CO]; any stride (as dilation). */
function viaXAsImage(
  b: WasmBackendLike,
  x: TensorInfo,
  dy: TensorInfo,
  g: ConvGeometry,
  pads: [number, number, number, number],
): TensorInfo {
  const xT = transpose(b, x, [3, 1, 2, 0]); // [CI, H, W, N]
  const dyT = transpose(b, dy, [1, 2, 0, 3]); // [OH, OW, N, CO]
  let full: TensorInfo;
  try {
    full = conv2d(b, xT, dyT, pads, [g.strideHeight, g.strideWidth]);
  } finally {
    release(b, xT, dyT);
  }
  // With 'valid' and a stride > 1, trailing rows/columns of x may be unused: drop their taps.
  const [, fh, fw] = full.shape;
  let cut = full;
  if (fh !== g.filterHeight || fw !== g.filterWidth) {
    if (fh < g.filterHeight || fw < g.filterWidth) {
      release(b, full);
      throw new EngineError('kernel', `Conv2DBackpropFilter: internal size mismatch ${fh}x${fw} < ${g.filterHeight}x${g.filterWidth}`);
    }
    cut = slice(b, full, [0, 0, 0, 0], [g.inChannels, g.filterHeight, g.filterWidth, g.outChannels]);
    release(b, full);
  }
  const dW = transpose(b, cut, [1, 2, 0, 3]); // [KH, KW, CI, CO]
  release(b, cut);
  return dW;
}

/**
 * Stride 1 only: dy as the image [CO, OH, OW, N] padded by (K - 1 - pad), x as the filter
 * [H, W, N, CI]. The result is dW flipped in (KH, KW) as [CO, KH, KW, CI]. Chosen when CO < CI
 * (the last layer, CO = 1): XNNPACK's GEMM is slow with one output channel, fast with CI = 32.
 */
function viaDyAsImage(b: WasmBackendLike, x: TensorInfo, dy: TensorInfo, g: ConvGeometry): TensorInfo {
  const dyT = transpose(b, dy, [3, 1, 2, 0]); // [CO, OH, OW, N]
  const xT = transpose(b, x, [1, 2, 0, 3]); // [H, W, N, CI]
  let flipped: TensorInfo;
  try {
    flipped = conv2d(b, dyT, xT, [
      g.filterHeight - 1 - g.padTop,
      g.filterHeight - 1 - g.padBottom,
      g.filterWidth - 1 - g.padLeft,
      g.filterWidth - 1 - g.padRight,
    ]);
  } finally {
    release(b, xT, dyT);
  }
  const upright = reverse(b, flipped, [1, 2]);
  release(b, flipped);
  const dW = transpose(b, upright, [1, 2, 3, 0]); // [KH, KW, CI, CO]
  release(b, upright);
  return dW;
}

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const conv2DBackpropFilterWasmConfig: KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2DBackpropFilterWasm as unknown as KernelConfig['kernelFunc'],
};
