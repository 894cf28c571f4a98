/**
 * `Conv2D` and `FusedConv2D` for the wasm backend when the filter has one output channel (the
 * decoder's last layer, `32 -> 1`).
 *
 * XNNPACK computes a full 8- or 16-wide tile of output channels whatever their number, so with a
 * single output channel it runs at a tenth of its rate (15.7 ms for the 58 MFLOP of the 28x28
 * layer on a 128 batch). Here the channels are contracted first, one per filter tap:
 * Z[m, tap] = sum over ci of x[m, ci] * W[tap, ci], a [M, CI] x [CI, KH*KW] matmul on XNNPACK's
 * fully-connected path (the taps are its short side), and the taps are then summed over each
 * output pixel's window in one pass: out[n, oh, ow] = bias + sum over (a, b) of
 * Z[(n, oh + a - padTop, ow + b - padLeft), (a, b)]. Stride 1, dilation 1, NHWC, float32 and
 * linear / relu / sigmoid activations; anything else goes to the backend's original kernel.
 */
import { tf } from '../tf.js';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { conv2dSimd, conv2dSimdFor, stride1ConvInfo } from './conv2d-simd.js';
import { callOriginal, f32, release, reshape, runWasmKernel, type WasmBackendLike } from './wasm-calls.js';

let originalConv: KernelFunc | null = null;
let originalFused: KernelFunc | null = null;

/**
 * Remember the wasm backend's original Conv2D and FusedConv2D (for every other configuration).
 *
 * @example
 * setSingleOutputConvOriginals(conv, fused); // done by registerWasmTrainingKernels with the replaced kernels
 */
export function setSingleOutputConvOriginals(conv: KernelFunc | null, fused: KernelFunc | null): void {
  originalConv = conv;
  originalFused = fused;
}

interface ConvAttrs {
  activation?: string;
}

type Activation = 'linear' | 'relu' | 'sigmoid';

/** The geometry when this kernel applies (stride 1, one output channel), else null. */
function applicable(x: TensorInfo, filter: TensorInfo, attrs: NamedAttrMap): tf.backend_util.Conv2DInfo | null {
  if (filter.shape.length !== 4 || filter.shape[3] !== 1) return null;
  return stride1ConvInfo(x, filter, attrs);
}

function convSingleOutput(
  b: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  bias: TensorInfo | null,
  activation: Activation,
  g: tf.backend_util.Conv2DInfo,
): TensorInfo {
  // The generated SIMD kernel when it applies (KW*CI a multiple of 4); else the XNNPACK matmul route.
  const generated = conv2dSimdFor(b, x, filter, g, { bias, relu: false });
  if (generated !== null) {
    activate(f32(b, generated), activation);
    return generated;
  }
  const { batchSize: n, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW, filterHeight: KH, filterWidth: KW } = g;
  const taps = KH * KW;
  const m = n * H * W;
  // Filter [KH, KW, C, 1] as the [C, taps] right-hand side.
  const weights = b.makeOutput([1, C, taps], 'float32');
  const wt = f32(b, weights);
  const wf = f32(b, filter);
  for (let t = 0; t < taps; t++) for (let c = 0; c < C; c++) wt[c * taps + t] = wf[t * C + c];
  const lhs = reshape(b, x, [1, m, C]);
  let z: TensorInfo;
  try {
    z = runWasmKernel('BatchMatMul', b, { a: lhs, b: weights }, { transposeA: false, transposeB: false });
  } finally {
    release(b, lhs, weights);
  }
  const out = b.makeOutput([n, OH, OW, 1], 'float32');
  const zv = f32(b, z);
  const o = f32(b, out);
  const biasValue = bias === null ? 0 : f32(b, bias)[0];
  const top = g.padInfo.top;
  const left = g.padInfo.left;
  // Offset of tap (a, col) from the window's top-left pixel's row of Z: pixels are `taps` apart.
  const offsets = new Int32Array(taps);
  for (let a = 0; a < KH; a++) for (let col = 0; col < KW; col++) offsets[a * KW + col] = (a * W + col) * taps + a * KW + col;
  let k = 0;
  for (let bn = 0; bn < n; bn++) {
    for (let oh = 0; oh < OH; oh++) {
      const aMin = Math.max(0, top - oh);
      const aMax = Math.min(KH, H + top - oh);
      const fullRows = aMin === 0 && aMax === KH;
      for (let ow = 0; ow < OW; ow++, k++) {
        const bMin = Math.max(0, left - ow);
        const bMax = Math.min(KW, W + left - ow);
        let sum = biasValue;
        if (fullRows && bMin === 0 && bMax === KW) {
          // Interior pixel: the whole window lies inside the image.
          const base = ((bn * H + oh - top) * W + ow - left) * taps;
          for (let t = 0; t < taps; t++) sum += zv[base + offsets[t]];
        } else {
          for (let a = aMin; a < aMax; a++) {
            const row = ((bn * H + oh + a - top) * W + ow - left) * taps + a * KW;
            // Pixel (.., ow + col - left) and tap (a, col): taps + 1 apart per column.
            for (let col = bMin; col < bMax; col++) sum += zv[row + col * (taps + 1)];
          }
        }
        o[k] = sum;
      }
    }
  }
  activate(o, activation);
  release(b, z);
  return out;
}

/** Apply the activation in place. */
function activate(o: Float32Array, activation: Activation): void {
  if (activation === 'relu') for (let i = 0; i < o.length; i++) o[i] = o[i] > 0 ? o[i] : 0;
  else if (activation === 'sigmoid') for (let i = 0; i < o.length; i++) o[i] = 1 / (1 + Math.exp(-o[i]));
}

/**
 * Conv2D on wasm: a single output channel here, stride-1 convolutions with CO % 4 == 0 by the
 * generated SIMD kernel (conv2d-simd.ts), anything else by the backend's XNNPACK kernel.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); then on wasm:
 * tf.conv2d(x, w, 1, 'same'); // w: [3, 3, 32, 1]
 * ```
 */
export function conv2DSingleOutputWasm(args: { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap }): TensorInfo {
  const { x, filter } = args.inputs as { x: TensorInfo; filter: TensorInfo };
  const g = applicable(x, filter, args.attrs);
  if (g !== null) return convSingleOutput(args.backend, x, filter, null, 'linear', g);
  return conv2dSimd(args.backend, x, filter, args.attrs) ?? callOriginal(originalConv, 'Conv2D', args);
}

/**
 * FusedConv2D (conv + bias + activation) on wasm: a single output channel here, stride-1
 * convolutions with CO % 4 == 0 and a linear or relu activation by the generated SIMD kernel
 * (conv2d-simd.ts), anything else by the backend's XNNPACK kernel.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); then on wasm:
 * tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias, activation: 'sigmoid' });
 * ```
 */
export function fusedConv2DSingleOutputWasm(args: { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap }): TensorInfo {
  const { x, filter, bias } = args.inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo | null };
  const activation = (args.attrs as unknown as ConvAttrs).activation ?? 'linear';
  const g = applicable(x, filter, args.attrs);
  const biasOk = bias === undefined || bias === null || (bias.dtype === 'float32' && tf.util.sizeFromShape(bias.shape) === 1);
  if (g !== null && biasOk && (activation === 'linear' || activation === 'relu' || activation === 'sigmoid')) {
    return convSingleOutput(args.backend, x, filter, bias ?? null, activation, g);
  }
  if (g === null && (activation === 'linear' || activation === 'relu')) {
    const y = conv2dSimd(args.backend, x, filter, args.attrs, { bias: bias ?? null, relu: activation === 'relu' });
    if (y !== null) return y;
  }
  return callOriginal(originalFused, 'FusedConv2D', args);
}

/** Kernel configs registered for 'wasm' by `registerWasmTrainingKernels`. */
export const conv2DSingleOutputWasmConfig: KernelConfig = {
  kernelName: 'Conv2D',
  backendName: 'wasm',
  kernelFunc: conv2DSingleOutputWasm as unknown as KernelConfig['kernelFunc'],
};
export const fusedConv2DSingleOutputWasmConfig: KernelConfig = {
  kernelName: 'FusedConv2D',
  backendName: 'wasm',
  kernelFunc: fusedConv2DSingleOutputWasm as unknown as KernelConfig['kernelFunc'],
};
