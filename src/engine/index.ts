/** Public API of the engine area: one tfjs instance, backend selection, wasm training kernels. */
export { tf } from './tf.js';
export type { KernelConfig, Tensor, Tensor4D, TensorInfo } from './tf.js';
export { initEngine, getEngineInfo } from './backend.js';
export type { BackendName, EngineInfo, EngineOptions } from './backend.js';
export { EngineError } from './errors.js';
export type { EngineErrorCode } from './errors.js';
export {
  registerCpuKernelFixes,
  registerWasmTrainingKernels,
  unregisterWasmTrainingKernels,
  WASM_TRAINING_KERNELS,
} from './kernels/index.js';
