/**
 * `Sum` for the wasm backend with a fast path for reducing leading axes.
 *
 * The bias gradient of every conv is a sum of dy over [N, H, W]. The backend's Sum only reduces
 * innermost axes, so it first transposes the whole [N, H, W, C] tensor (~20 ms at 28x28x32 on a
 * 128 batch). Reducing a leading-axes prefix is a row-wise accumulation in memory order instead.
 * Everything else goes to the backend's original kernel.
 */
import { tf } from '../tf.js';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { callOriginal, f32, type WasmBackendLike } from './wasm-calls.js';

let original: KernelFunc | null = null;

/** Remember the wasm backend's original kernel. */
export function setSumOriginal(kernelFunc: KernelFunc | null): void {
  original = kernelFunc;
}

/**
 * Sum over `axis`; leading axes of a float32 tensor are reduced here, others by the original.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); then on wasm:
 * tf.sum(dy, [0, 1, 2]); // [N, H, W, C] -> [C], no transpose
 * ```
 */
export function sumWasm(args: { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap }): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  const { axis, keepDims } = args.attrs as { axis: number | number[]; keepDims: boolean };
  const rank = x.shape.length;
  if (x.dtype !== 'float32' || rank < 2) return callOriginal(original, 'Sum', args);
  const axes = [...tf.util.parseAxisParam(axis, x.shape)].sort((p, q) => p - q);
  const k = axes.length;
  const leading = k > 0 && k < rank && axes.every((a, i) => a === i);
  if (!leading) return callOriginal(original, 'Sum', args);
  const rows = x.shape.slice(0, k).reduce((p, q) => p * q, 1);
  const kept = x.shape.slice(k);
  const cols = kept.reduce((p, q) => p * q, 1);
  if (rows === 0 || cols === 0) return callOriginal(original, 'Sum', args);
  const b = args.backend;
  const outShape = keepDims ? [...new Array<number>(k).fill(1), ...kept] : kept;
  const out = b.makeOutput(outShape, 'float32');
  const o = f32(b, out);
  const v = f32(b, x);
  const acc = new Float64Array(cols);
  // Four rows at a time: a quarter of the read-modify-writes of the accumulator.
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const b0 = r * cols;
    const b1 = b0 + cols;
    const b2 = b1 + cols;
    const b3 = b2 + cols;
    for (let c = 0; c < cols; c++) acc[c] += v[b0 + c] + v[b1 + c] + v[b2 + c] + v[b3 + c];
  }
  for (; r < rows; r++) {
    const base = r * cols;
    for (let c = 0; c < cols; c++) acc[c] += v[base + c];
  }
  o.set(acc);
  return out;
}

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const sumWasmConfig: KernelConfig = {
  kernelName: 'Sum',
  backendName: 'wasm',
  kernelFunc: sumWasm as unknown as KernelConfig['kernelFunc'],
};
