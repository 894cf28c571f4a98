// The ONNX runtime, imported on first use: onnxruntime-node when it is installed and loads, else onnxruntime-web
// (wasm, no install script). Both are optional peer dependencies; only the few members used here are typed, and the
// imported module is checked against them before use.
import { availableParallelism } from 'node:os';
import { isMissingPackage } from '../missing-package.js';
import { OnnxRuntimeError } from './errors.js';

/** A tensor as both runtimes expose it. */
export interface OrtTensor {
  readonly dims: readonly number[];
  readonly type: string;
  readonly data: unknown;
}

/** What a runtime knows of one model input or output (symbolic dimensions are strings). */
export interface OrtValueMetadata {
  readonly name: string;
  readonly isTensor?: boolean;
  readonly type?: string;
  readonly shape?: ReadonlyArray<number | string>;
}

export interface OrtSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor | undefined>>;
  release(): Promise<void>;
}

/** The members of `onnxruntime-node` / `onnxruntime-web` the tool uses. */
export interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: { intraOpNumThreads?: number; executionProviders?: string[] }): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: readonly number[]) => OrtTensor;
  env: { wasm?: { numThreads?: number } };
}

/** The runtime in use and its name (for messages and timings). */
export interface OnnxRuntime {
  name: 'onnxruntime-node' | 'onnxruntime-web';
  ort: OrtModule;
}

export const ONNX_RUNTIME_PACKAGES = ['onnxruntime-node', 'onnxruntime-web'] as const;

type Importer = (specifier: string) => Promise<unknown>;

/**
 * Not installed: Node's module-not-found error, or the stub a bundler such as Vite (and so vitest) puts in place of
 * a missing optional peer dependency ('Could not resolve "x" imported by "y". Is it installed?').
 */
function isAbsent(error: unknown, name: string): boolean {
  return isMissingPackage(error, name) || (error instanceof Error && error.message.startsWith(`Could not resolve "${name}" imported by`));
}

function isOrtModule(m: unknown): m is OrtModule {
  if (typeof m !== 'object' || m === null) return false;
  const session: unknown = Reflect.get(m, 'InferenceSession');
  return typeof session === 'function' && typeof Reflect.get(session, 'create') === 'function' && typeof Reflect.get(m, 'Tensor') === 'function' && typeof Reflect.get(m, 'env') === 'object';
}

/** The module itself, or its CommonJS default export (onnxruntime-node is CommonJS). */
function ortOf(m: unknown): OrtModule | null {
  if (isOrtModule(m)) return m;
  const fallback: unknown = typeof m === 'object' && m !== null ? Reflect.get(m, 'default') : undefined;
  return isOrtModule(fallback) ? fallback : null;
}

export const INSTALL_HINT =
  "npm i onnxruntime-web (wasm, no install script), or npm i onnxruntime-node --ignore-scripts (native CPU; its install script downloads from outside the npm registry and is not needed for the CPU binaries it ships)";

/**
 * Imports the ONNX runtime: `onnxruntime-node` when installed, else `onnxruntime-web` (its wasm backend, both cores).
 * `prefer` ('node' | 'web', default from `BOUNDARY_EFFECTS_ONNX_RUNTIME`) picks one. Throws `OnnxRuntimeError`
 * 'runtime-missing' with the install command when none is installed, 'runtime-load-failed' when one is installed but
 * does not load. `importer` replaces `import()` in tests.
 *
 * @example
 * const { name, ort } = await loadOnnxRuntime();
 * name; // 'onnxruntime-web' when only that one is installed
 */
export async function loadOnnxRuntime(options: { prefer?: string; importer?: Importer } = {}): Promise<OnnxRuntime> {
  const prefer = options.prefer ?? process.env.BOUNDARY_EFFECTS_ONNX_RUNTIME ?? '';
  if (prefer !== '' && prefer !== 'node' && prefer !== 'web') {
    throw new OnnxRuntimeError('runtime-load-failed', `BOUNDARY_EFFECTS_ONNX_RUNTIME is '${prefer}'; set it to 'node' or 'web', or unset it.`);
  }
  const importer: Importer = options.importer ?? ((specifier) => import(specifier));
  const candidates = ONNX_RUNTIME_PACKAGES.filter((p) => prefer === '' || p === `onnxruntime-${prefer}`);
  for (const name of candidates) {
    let loaded: unknown;
    try {
      loaded = await importer(name);
    } catch (error) {
      if (isAbsent(error, name)) continue;
      const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]?.trim() ?? '';
      throw new OnnxRuntimeError('runtime-load-failed', `'${name}' is installed but failed to load (${first}); reinstall it: ${INSTALL_HINT}.`, { cause: error });
    }
    const ort = ortOf(loaded);
    if (ort === null) throw new OnnxRuntimeError('runtime-load-failed', `'${name}' loaded but has no InferenceSession/Tensor; install a current version: ${INSTALL_HINT}.`);
    // The wasm backend runs one thread unless told; the machine's cores are the budget (the native one sets per session).
    if (name === 'onnxruntime-web' && ort.env.wasm !== undefined) ort.env.wasm.numThreads = Math.max(1, Math.min(4, availableCores()));
    return { name, ort };
  }
  throw new OnnxRuntimeError(
    'runtime-missing',
    `evaluating ONNX models needs ${candidates.map((c) => `'${c}'`).join(' or ')} (optional peer dependencies), and none is installed. Install one: ${INSTALL_HINT}.`,
  );
}

/** Cores this process may use (availableParallelism respects CPU affinity; os.cpus() does not). */
export function availableCores(): number {
  return availableParallelism();
}
