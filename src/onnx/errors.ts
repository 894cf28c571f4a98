import { BoundaryEffectsError } from '../errors.js';

/**
 * Why no ONNX runtime could be used:
 * - `runtime-missing`: neither `onnxruntime-node` nor `onnxruntime-web` (optional peer dependencies) is installed;
 * - `runtime-load-failed`: one is installed but fails to load (a broken install).
 * Problems of a model file itself are `OpenFormatError` 'model' (exit 2, the file named).
 */
export type OnnxRuntimeErrorCode = 'runtime-missing' | 'runtime-load-failed';

/**
 * Thrown when a manifest names ONNX models and no ONNX runtime can be loaded; the message gives the install
 * command. The command maps it to exit code 1 (what to install, as for a usage mistake).
 *
 * @example
 * try { await loadOnnxRuntime(); }
 * catch (e) { if (e instanceof OnnxRuntimeError) console.error(e.message); } // "... npm i onnxruntime-web ..."
 */
export class OnnxRuntimeError extends BoundaryEffectsError<OnnxRuntimeErrorCode> {
  constructor(code: OnnxRuntimeErrorCode, message: string, options?: ErrorOptions) {
    super('OnnxRuntimeError', code, message, options);
  }
}
