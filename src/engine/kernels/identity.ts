/**
 * `Identity` for the wasm backend without a copy.
 *
 * The backend's own Identity allocates a new buffer and copies the tensor into it (~7 ms of a
 * training step: the layers and the gradient tape call it on whole activations). Tensors are
 * immutable in tfjs and no wasm kernel writes into its inputs, so the output can share the
 * input's buffer, as the cpu backend's Identity and the wasm backend's own Reshape do: one more
 * reference to the same data, freed when the last holder is disposed.
 */
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { callOriginal, type WasmBackendLike } from './wasm-calls.js';

let original: KernelFunc | null = null;

/**
 * Remember the wasm backend's original kernel (for string tensors).
 *
 * @example
 * setIdentityOriginal(tf.getKernel('Identity', 'wasm')?.kernelFunc ?? null); // done by registerWasmTrainingKernels
 */
export function setIdentityOriginal(kernelFunc: KernelFunc | null): void {
  original = kernelFunc;
}

/**
 * Returns `x` as a new tensor sharing its data (reference-counted).
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); then on wasm:
 * const y = tf.clone(x); // no copy of x's buffer; disposing x keeps y valid
 * ```
 */
export function identityWasm(args: { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap }): TensorInfo {
  const { x } = args.inputs as { x: TensorInfo };
  if (x.dtype === 'string') return callOriginal(original, 'Identity', args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const identityWasmConfig: KernelConfig = {
  kernelName: 'Identity',
  backendName: 'wasm',
  kernelFunc: identityWasm as unknown as KernelConfig['kernelFunc'],
};
