/**
 * `ResizeNearestNeighborGrad` for the wasm and cpu backends: the exact adjoint of the forward
 * nearest-neighbour resize (UpSampling2D), as a scatter-add loop over dy in memory order.
 *
 * - wasm: the backend's generic kernel took ~50 ms for the 28x28x32 layer on a 128 batch; this
 *   takes a few ms.
 * - cpu: tfjs-backend-cpu 4.22's kernel is wrong for batch > 1 (it offsets dy with the images'
 *   batch stride, so every image after the first reads the wrong dy) and ignores
 *   halfPixelCenters. Registering this one fixes UpSampling2D training on the cpu backend.
 *
 * The source index of each output pixel is computed exactly as the cpu forward kernel does.
 * UpSampling2D's case (whole factors, four channels at a time) runs as a generated SIMD kernel,
 * and so does its forward resize (the backend's generic one took 4-8 ms a step).
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { callOriginal, f32, heapMemory, type WasmBackendLike } from './wasm-calls.js';
import type { KernelRun } from './wasm-simd/kernel-cache.js';
import { upsampleKernel } from './wasm-simd/upsample.js';
import { EngineError } from '../errors.js';

interface Attrs {
  alignCorners: boolean;
  halfPixelCenters: boolean;
}

/** Source row/column of each output row/column of the forward resize (cpu kernel's formula). */
function sourceIndex(outSize: number, inSize: number, alignCorners: boolean, halfPixelCenters: boolean): Int32Array {
  const effIn = alignCorners && outSize > 1 ? inSize - 1 : inSize;
  const effOut = alignCorners && outSize > 1 ? outSize - 1 : outSize;
  const ratio = effIn / effOut;
  const idx = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const frac = halfPixelCenters ? ratio * (o + 0.5) : ratio * o;
    let s = Math.min(inSize - 1, alignCorners ? Math.round(frac) : Math.floor(frac));
    if (halfPixelCenters) s = Math.max(0, s);
    idx[o] = s;
  }
  return idx;
}

/**
 * dx of a nearest-neighbour resize: `dx[n, src(y), src(x), c] += dy[n, y, x, c]`.
 *
 * @example
 * ```ts
 * const dx = new Float32Array(1 * 2 * 2 * 1);
 * resizeNearestNeighborGradValues(Float32Array.from({ length: 16 }, (_, i) => i), [1, 4, 4, 1], [1, 2, 2, 1], false, false, dx);
 * // dx = [10, 18, 42, 50]
 * ```
 */
export function resizeNearestNeighborGradValues(
  dy: Float32Array,
  dyShape: number[],
  imagesShape: number[],
  alignCorners: boolean,
  halfPixelCenters: boolean,
  dx: Float32Array,
): void {
  const [n, H, W, C] = imagesShape;
  const [, OH, OW] = dyShape;
  if (!alignCorners && !halfPixelCenters && OH % H === 0 && OW % W === 0) {
    integerScaleGrad(dy, n, H, W, C, OH / H, OW / W, dx);
    return;
  }
  const rows = sourceIndex(OH, H, alignCorners, halfPixelCenters);
  const cols = sourceIndex(OW, W, alignCorners, halfPixelCenters);
  dx.fill(0);
  let s = 0;
  for (let bn = 0; bn < n; bn++) {
    for (let oh = 0; oh < OH; oh++) {
      const rowOut = (bn * H + rows[oh]) * W;
      for (let ow = 0; ow < OW; ow++, s += C) {
        const o = (rowOut + cols[ow]) * C;
        for (let c = 0; c < C; c++) dx[o + c] += dy[s + c];
      }
    }
  }
}

/**
 * An upsampling by whole factors (UpSampling2D): the source of output row o is floor(o / sh), so
 * each dx pixel is the sum of its sh x sw block of dy. Written once per pixel instead of
 * zero-filled and scattered into; the block is added in dy's memory order with float32 rounding
 * after each addition, the same numbers as the scatter loop.
 */
function integerScaleGrad(dy: Float32Array, n: number, H: number, W: number, C: number, sh: number, sw: number, dx: Float32Array): void {
  const OW = W * sw;
  const dyRow = OW * C;
  let o = 0;
  if (sh === 2 && sw === 2) {
    // UpSampling2D's factor: the four dy values of the block, unrolled.
    for (let bn = 0; bn < n; bn++) {
      for (let h = 0; h < H; h++) {
        const rowBase = (bn * H * 2 + h * 2) * dyRow;
        for (let w = 0; w < W; w++) {
          const p = rowBase + w * 2 * C;
          const q = p + dyRow;
          for (let c = 0; c < C; c++, o++) {
            dx[o] = Math.fround(Math.fround(Math.fround(dy[p + c] + dy[p + C + c]) + dy[q + c]) + dy[q + C + c]);
          }
        }
      }
    }
    return;
  }
  for (let bn = 0; bn < n; bn++) {
    for (let h = 0; h < H; h++) {
      const rowBase = (bn * H * sh + h * sh) * dyRow;
      for (let w = 0; w < W; w++) {
        const base = rowBase + w * sw * C;
        for (let c = 0; c < C; c++, o++) {
          let sum = 0;
          for (let i = 0; i < sh; i++) {
            const at = base + i * dyRow + c;
            for (let j = 0; j < sw; j++) sum = Math.fround(sum + dy[at + j * C]);
          }
          dx[o] = sum;
        }
      }
    }
  }
}

/**
 * The generated SIMD kernel for an upsampling of `small` to `large` by whole factors without
 * corner alignment or half-pixel centres (UpSampling2D), run in place on the wasm heap; null when
 * it does not apply.
 */
function upsampleSimd(
  b: WasmBackendLike,
  small: number[],
  large: number[],
  alignCorners: boolean,
  halfPixelCenters: boolean,
  gradient: boolean,
): KernelRun | null {
  const [n, H, W, C] = small;
  const [, OH, OW] = large;
  if (alignCorners || halfPixelCenters || OH % H !== 0 || OW % W !== 0) return null;
  const memory = heapMemory(b);
  if (memory === null) return null;
  return upsampleKernel({ batch: n, height: H, width: W, channels: C, scaleHeight: OH / H, scaleWidth: OW / W }, gradient, memory);
}

let originalForward: KernelFunc | null = null;

/** Remember the wasm backend's original ResizeNearestNeighbor (for what the SIMD kernel does not cover). */
export function setResizeNearestNeighborOriginal(kernelFunc: KernelFunc | null): void {
  originalForward = kernelFunc;
}

/**
 * `tf.image.resizeNearestNeighbor` on wasm: UpSampling2D's case (float32, whole factors, no corner
 * alignment or half-pixel centres) by the generated SIMD kernel, anything else by the backend's own.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); then on wasm:
 * tf.image.resizeNearestNeighbor(x, [28, 28]); // x: [N, 14, 14, 32]
 * ```
 */
export function resizeNearestNeighborWasm(args: {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}): TensorInfo {
  const { images } = args.inputs as { images: TensorInfo };
  const { alignCorners, halfPixelCenters, size } = args.attrs as unknown as Attrs & { size: [number, number] };
  if (images.dtype === 'float32' && images.shape.length === 4) {
    const b = args.backend;
    const [n, , , c] = images.shape;
    const outShape = [n, size[0], size[1], c];
    const simd = upsampleSimd(b, images.shape, outShape, alignCorners, halfPixelCenters, false);
    if (simd !== null) {
      const out = b.makeOutput(outShape, 'float32');
      simd(f32(b, images).byteOffset, f32(b, out).byteOffset);
      return out;
    }
  }
  return callOriginal(originalForward, 'ResizeNearestNeighbor', args);
}

function check(images: TensorInfo, dy: TensorInfo): void {
  if (images.shape.length !== 4 || dy.shape.length !== 4 || dy.dtype !== 'float32') {
    throw new EngineError('kernel', `ResizeNearestNeighborGrad: need rank-4 NHWC float32 tensors, got images [${images.shape}] dy [${dy.shape}] ${dy.dtype}`);
  }
}

/**
 * Gradient of `tf.image.resizeNearestNeighbor` with respect to its images, on wasm.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); used by tf.grad through UpSampling2D on wasm.
 * const dx = tf.grad((x: tf.Tensor4D) => tf.image.resizeNearestNeighbor(x, [28, 28]))(x);
 * ```
 */
export function resizeNearestNeighborGradWasm(args: {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}): TensorInfo {
  const { images, dy } = args.inputs as { images: TensorInfo; dy: TensorInfo };
  const { alignCorners, halfPixelCenters } = args.attrs as unknown as Attrs;
  check(images, dy);
  const b = args.backend;
  const out = b.makeOutput(images.shape, 'float32');
  const simd = upsampleSimd(b, images.shape, dy.shape, alignCorners, halfPixelCenters, true);
  if (simd !== null) {
    simd(f32(b, out).byteOffset, f32(b, dy).byteOffset);
    return out;
  }
  resizeNearestNeighborGradValues(f32(b, dy), dy.shape, images.shape, alignCorners, halfPixelCenters, f32(b, out));
  return out;
}

/** The part of the cpu backend the cpu kernel uses. */
interface CpuBackendLike {
  data: { get(dataId: object): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

/**
 * The same gradient for the cpu backend (replaces its kernel, which is wrong for batch > 1).
 *
 * @example
 * ```ts
 * // Registered by registerCpuKernelFixes() (called by initEngine); then on cpu:
 * const dx = tf.grad((x: tf.Tensor4D) => tf.image.resizeNearestNeighbor(x, [28, 28]))(x);
 * ```
 */
export function resizeNearestNeighborGradCpu(args: {
  inputs: NamedTensorInfoMap;
  backend: CpuBackendLike;
  attrs: NamedAttrMap;
}): TensorInfo {
  const { images, dy } = args.inputs as { images: TensorInfo; dy: TensorInfo };
  const { alignCorners, halfPixelCenters } = args.attrs as unknown as Attrs;
  check(images, dy);
  const dyValues = args.backend.data.get(dy.dataId).values as Float32Array;
  const dx = new Float32Array(images.shape.reduce((p, q) => p * q, 1));
  resizeNearestNeighborGradValues(dyValues, dy.shape, images.shape, alignCorners, halfPixelCenters, dx);
  return args.backend.makeTensorInfo(images.shape, 'float32', dx);
}

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const resizeNearestNeighborWasmConfig: KernelConfig = {
  kernelName: 'ResizeNearestNeighbor',
  backendName: 'wasm',
  kernelFunc: resizeNearestNeighborWasm as unknown as KernelConfig['kernelFunc'],
};

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const resizeNearestNeighborGradWasmConfig: KernelConfig = {
  kernelName: 'ResizeNearestNeighborGrad',
  backendName: 'wasm',
  kernelFunc: resizeNearestNeighborGradWasm as unknown as KernelConfig['kernelFunc'],
};

/** Kernel config registered for 'cpu' by `registerCpuKernelFixes`. */
export const resizeNearestNeighborGradCpuConfig: KernelConfig = {
  kernelName: 'ResizeNearestNeighborGrad',
  backendName: 'cpu',
  kernelFunc: resizeNearestNeighborGradCpu as unknown as KernelConfig['kernelFunc'],
};
