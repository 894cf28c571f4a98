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
 */
import type { KernelConfig, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { f32, type WasmBackendLike } from './wasm-calls.js';

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

function check(images: TensorInfo, dy: TensorInfo): void {
  if (images.shape.length !== 4 || dy.shape.length !== 4 || dy.dtype !== 'float32') {
    throw new Error(`ResizeNearestNeighborGrad: need rank-4 NHWC float32 tensors, got images [${images.shape}] dy [${dy.shape}] ${dy.dtype}`);
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
