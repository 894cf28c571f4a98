/**
 * Stride-1 `Conv2D` on the wasm backend by the generated SIMD kernel (wasm-simd/conv-forward.ts),
 * in place on the backend's heap: the input is zero-padded into a scratch tensor, then convolved.
 * Reached from the Conv2D kernel (conv2d-single-output.ts) for every configuration it does not
 * handle itself, and so also by Conv2DBackpropInput, which is a stride-1 convolution of dy.
 */
import { tf } from '../tf.js';
import type { NamedAttrMap, TensorInfo } from '../tf.js';
import type { ExplicitPad } from './conv-attrs.js';
import { f32, heapMemory, release, type WasmBackendLike } from './wasm-calls.js';
import { convForwardKernel, convSingleOutputKernel } from './wasm-simd/conv-forward.js';

interface ConvAttrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | ExplicitPad;
  dataFormat?: 'NHWC' | 'NCHW';
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

const pair = (v: number | [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : v);

/**
 * The geometry of a float32 NHWC convolution with stride and dilation 1 and no negative padding,
 * else null (shared by the kernels that handle only those).
 *
 * @example
 * ```ts
 * stride1ConvInfo(x, w, { strides: 1, pad: 'same', dilations: 1 })?.outHeight; // = x's height
 * ```
 */
export function stride1ConvInfo(x: TensorInfo, filter: TensorInfo, attrs: NamedAttrMap): tf.backend_util.Conv2DInfo | null {
  const a = attrs as unknown as ConvAttrs;
  if (x.dtype !== 'float32' || filter.dtype !== 'float32' || x.shape.length !== 4 || filter.shape.length !== 4) return null;
  if (a.dataFormat !== undefined && a.dataFormat !== 'NHWC') return null;
  const [sh, sw] = pair(a.strides);
  const [dh, dw] = pair(a.dilations ?? 1);
  if (sh !== 1 || sw !== 1 || dh !== 1 || dw !== 1) return null;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    [1, 1],
    [1, 1],
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
  return info.padInfo.top >= 0 && info.padInfo.left >= 0 ? info : null;
}

/**
 * `conv2d(x, filter)`, optionally `+ bias` ([CO] values) and relu (FusedConv2D), by the generated
 * kernel, or null when it does not apply: not float32 NHWC, a stride or dilation other than 1,
 * negative padding, CO neither a multiple of 4 nor 1 (CO = 1: KW*CI a multiple of 4, and no relu),
 * a bias of another size, no WebAssembly SIMD, the generated kernels turned off, or a heap that is
 * not a plain WebAssembly.Memory.
 *
 * @example
 * ```ts
 * const y = conv2dSimd(backend, x, w, { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1 }) ?? original(args);
 * ```
 */
export function conv2dSimd(
  b: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  attrs: NamedAttrMap,
  fused: { bias: TensorInfo | null; relu: boolean } = { bias: null, relu: false },
): TensorInfo | null {
  const g = stride1ConvInfo(x, filter, attrs);
  return g === null ? null : conv2dSimdFor(b, x, filter, g, fused);
}

/**
 * {@link conv2dSimd} for a geometry its caller already has from {@link stride1ConvInfo}.
 *
 * @example
 * ```ts
 * const g = stride1ConvInfo(x, w, attrs);
 * const y = g === null ? null : conv2dSimdFor(backend, x, w, g, { bias, relu: false });
 * ```
 */
export function conv2dSimdFor(
  b: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  g: tf.backend_util.Conv2DInfo,
  fused: { bias: TensorInfo | null; relu: boolean },
): TensorInfo | null {
  if (g.outHeight < 1 || g.outWidth < 1) return null;
  const bias = fused.bias;
  if (bias !== null && (bias.dtype !== 'float32' || tf.util.sizeFromShape(bias.shape) !== g.outChannels)) return null;
  const { top, left } = g.padInfo;
  const memory = heapMemory(b);
  if (memory === null) return null;
  const shape = {
    batch: g.batchSize,
    inChannels: g.inChannels,
    outHeight: g.outHeight,
    outWidth: g.outWidth,
    outChannels: g.outChannels,
    filterHeight: g.filterHeight,
    filterWidth: g.filterWidth,
  };
  const run =
    g.outChannels === 1 && !fused.relu
      ? convSingleOutputKernel(shape, memory, bias !== null)
      : convForwardKernel(shape, memory, { bias: bias !== null, relu: fused.relu });
  if (run === null) return null;
  const { batchSize: N, inHeight: H, inWidth: W, inChannels: CI } = g;
  const Hp = g.outHeight + g.filterHeight - 1;
  const Wp = g.outWidth + g.filterWidth - 1;
  const out = b.makeOutput([N, g.outHeight, g.outWidth, g.outChannels], 'float32');
  const padded = b.makeOutput([N, Hp, Wp, CI], 'float32');
  // Views and addresses only after the last allocation (it may grow the heap).
  const xView = f32(b, x);
  const paddedView = f32(b, padded);
  const heap = new Float32Array(memory.buffer);
  const xAt = xView.byteOffset / 4;
  const paddedAt = paddedView.byteOffset / 4;
  paddedView.fill(0);
  // Each input row to its padded place; rows and columns past the taps' reach are left out.
  const cols = Math.min(W, Wp - left) * CI;
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H && h + top < Hp; h++) {
      const from = xAt + (n * H + h) * W * CI;
      heap.copyWithin(paddedAt + ((n * Hp + h + top) * Wp + left) * CI, from, from + cols);
    }
  }
  run(paddedView.byteOffset, f32(b, filter).byteOffset, f32(b, out).byteOffset, bias === null ? 0 : f32(b, bias).byteOffset);
  release(b, padded);
  return out;
}
