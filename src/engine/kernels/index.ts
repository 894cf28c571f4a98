/**
 * Training kernels for the wasm backend, composed of its fast XNNPACK kernels.
 */
import { tf } from '../tf.js';
import type { KernelConfig, KernelFunc } from '../tf.js';
import { conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputWasmConfig, setConv2DBackpropInputFallback } from './conv2d-backprop-input.js';
import { conv2DSingleOutputWasmConfig, fusedConv2DSingleOutputWasmConfig, setSingleOutputConvOriginals } from './conv2d-single-output.js';
import { identityWasmConfig, setIdentityOriginal } from './identity.js';
import { maxPoolGradWasmConfig, setMaxPoolGradOriginal } from './max-pool-grad.js';
import {
  resizeNearestNeighborGradCpuConfig,
  resizeNearestNeighborGradWasmConfig,
  resizeNearestNeighborWasmConfig,
  setResizeNearestNeighborOriginal,
} from './resize-nearest-neighbor-grad.js';
import { setSumOriginal, sumWasmConfig } from './sum.js';

export { conv2DBackpropFilterWasm, conv2DBackpropFilterWasmConfig } from './conv2d-backprop-filter.js';
export { setGeneratedKernels } from './wasm-simd/kernel-cache.js';
export { conv2DBackpropInputWasm, conv2DBackpropInputWasmConfig } from './conv2d-backprop-input.js';
export {
  conv2DSingleOutputWasm,
  conv2DSingleOutputWasmConfig,
  fusedConv2DSingleOutputWasm,
  fusedConv2DSingleOutputWasmConfig,
} from './conv2d-single-output.js';
export { identityWasm, identityWasmConfig } from './identity.js';
export { maxPoolGradWasm, maxPoolGradWasmConfig } from './max-pool-grad.js';
export {
  resizeNearestNeighborGradCpu,
  resizeNearestNeighborGradCpuConfig,
  resizeNearestNeighborGradValues,
  resizeNearestNeighborGradWasm,
  resizeNearestNeighborGradWasmConfig,
  resizeNearestNeighborWasm,
  resizeNearestNeighborWasmConfig,
} from './resize-nearest-neighbor-grad.js';
export { sumWasm, sumWasmConfig } from './sum.js';

/** The kernels `registerWasmTrainingKernels` installs (replacing the backend's own where it has one). */
export const WASM_TRAINING_KERNELS: readonly KernelConfig[] = [
  conv2DBackpropFilterWasmConfig,
  conv2DBackpropInputWasmConfig,
  conv2DSingleOutputWasmConfig,
  fusedConv2DSingleOutputWasmConfig,
  identityWasmConfig,
  maxPoolGradWasmConfig,
  resizeNearestNeighborGradWasmConfig,
  resizeNearestNeighborWasmConfig,
  sumWasmConfig,
];

/** Original wasm kernels replaced by ours, so they can be restored. */
const replaced = new Map<string, KernelConfig>();
/** Kernel names whose current 'wasm' registration is ours. */
const registeredByUs = new Set<string>();

/**
 * Register the composed training kernels for the 'wasm' backend. Idempotent; safe to call before
 * or after the backend is initialised (the kernels need no setup).
 *
 * @example
 * ```ts
 * import '@tensorflow/tfjs-backend-wasm';
 * registerWasmTrainingKernels();
 * await tf.setBackend('wasm'); // conv nets can now be trained on wasm
 * ```
 * @returns the names of the kernels registered by this call (empty when already registered)
 */
export function registerWasmTrainingKernels(): string[] {
  const done: string[] = [];
  for (const config of WASM_TRAINING_KERNELS) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (registeredByUs.has(config.kernelName) && current !== undefined) continue;
    if (current !== undefined) {
      replaced.set(config.kernelName, current);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    // The engine runs setupFuncs of the kernels registered when the backend initialises. The
    // originals we fall back to must still be set up (they cwrap their wasm functions), so our
    // config carries the original's setupFunc.
    const setupFunc = replaced.get(config.kernelName)?.setupFunc;
    tf.registerKernel(setupFunc === undefined ? config : { ...config, setupFunc });
    registeredByUs.add(config.kernelName);
    done.push(config.kernelName);
  }
  const original = (name: string): KernelFunc | null => (replaced.get(name)?.kernelFunc as KernelFunc | undefined) ?? null;
  setConv2DBackpropInputFallback(original('Conv2DBackpropInput'));
  setMaxPoolGradOriginal(original('MaxPoolGrad'));
  setSumOriginal(original('Sum'));
  setSingleOutputConvOriginals(original('Conv2D'), original('FusedConv2D'));
  setIdentityOriginal(original('Identity'));
  setResizeNearestNeighborOriginal(original('ResizeNearestNeighbor'));
  return done;
}

/**
 * Undo {@link registerWasmTrainingKernels}: restore the backend's original kernels (used by tests
 * and benchmarks to compare against them).
 *
 * @example
 * ```ts
 * unregisterWasmTrainingKernels(); // wasm has no Conv2DBackpropFilter again
 * ```
 */
export function unregisterWasmTrainingKernels(): void {
  for (const config of WASM_TRAINING_KERNELS) {
    if (!registeredByUs.has(config.kernelName)) continue;
    registeredByUs.delete(config.kernelName);
    tf.unregisterKernel(config.kernelName, 'wasm');
    const original = replaced.get(config.kernelName);
    if (original !== undefined) tf.registerKernel(original);
  }
}

/**
 * Replace cpu-backend kernels that are wrong in tfjs-backend-cpu 4.22 with correct ones:
 * `ResizeNearestNeighborGrad` (UpSampling2D's gradient) reads dy at the wrong offset for every
 * image after the first of a batch. Idempotent.
 *
 * @example
 * ```ts
 * registerCpuKernelFixes();
 * await tf.setBackend('cpu'); // UpSampling2D now trains correctly with batches > 1
 * ```
 */
export function registerCpuKernelFixes(): void {
  const fix = resizeNearestNeighborGradCpuConfig;
  const current = tf.getKernel(fix.kernelName, 'cpu');
  if (current !== undefined && current.kernelFunc === fix.kernelFunc) return;
  if (current !== undefined) tf.unregisterKernel(fix.kernelName, 'cpu');
  tf.registerKernel(current?.setupFunc === undefined ? fix : { ...fix, setupFunc: current.setupFunc });
}
