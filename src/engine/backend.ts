/**
 * Backend selection: native TensorFlow (tfjs-node) when it is installed and registers, else the
 * wasm backend with our composed training kernels, else the pure-JS cpu backend.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from './errors.js';
import { registerCpuKernelFixes, registerWasmTrainingKernels } from './kernels/index.js';
import { NATIVE_PACKAGE, probeNativePackage, type NativeProbe } from './native.js';
import { tf } from './tf.js';

/** A tfjs backend this project can train on. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initEngine} selected, for logs and `environment.json`. */
export interface EngineInfo {
  backend: BackendName;
  /** Version of the `@tensorflow/tfjs` package in use. */
  tfjsVersion: string;
  /** Whether the native `tensorflow` backend (optional peer `@tensorflow/tfjs-node`) could be loaded. */
  nativeAvailable: boolean;
  /** wasm backend only: whether the SIMD build is used; null on other backends. */
  wasmSimd: boolean | null;
  /** wasm backend only: number of threads of the wasm backend (1 in Node.js); null otherwise. */
  wasmThreads: number | null;
}

/** Options of {@link initEngine}. */
export interface EngineOptions {
  /** 'auto' (default): tensorflow if available, else wasm, else cpu. */
  backend?: BackendName | 'auto';
}

// The wasm package registers its backend factory on import; make sure our training kernels are
// there even if someone reaches the backend through tf.ready() without calling initEngine.
registerWasmTrainingKernels();
registerCpuKernelFixes();

let current: EngineInfo | null = null;
let nativeProbe: Promise<NativeProbe> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function registered(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(tf.engine().registryFactory, name);
}

/**
 * Import the native package once. Under 'auto', an installed package that fails to load is worth a
 * warning (the user installed it and gets wasm instead); a missing one is the normal case.
 */
function probeNative(warnOnFailure: boolean): Promise<NativeProbe> {
  nativeProbe ??= (async () => {
    // libtensorflow's C++ logging (cpu feature guard etc.) goes to stderr unless told otherwise.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    // A variable specifier keeps TypeScript from requiring the optional package's types.
    const spec: string = NATIVE_PACKAGE;
    const probe = await probeNativePackage(() => import(spec), () => registered('tensorflow'));
    if (warnOnFailure && !probe.available && probe.kind === 'load-failed') {
      process.emitWarning(`${probe.reason} Using the wasm backend.`, { code: 'BOUNDARY_EFFECTS_NATIVE_BACKEND' });
    }
    return probe;
  })();
  return nativeProbe;
}

/** Silence the cpu backend's one-time "install tfjs-node to speed things up" banner. */
function silenceCpuBanner(): void {
  if (!registered('cpu')) return;
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu !== null && typeof cpu.firstUse === 'boolean') cpu.firstUse = false;
}

async function activate(name: BackendName): Promise<boolean> {
  if (name === 'wasm') registerWasmTrainingKernels();
  if (name === 'cpu') {
    registerCpuKernelFixes();
    silenceCpuBanner();
  }
  if (tf.getBackend() === name && registered(name)) return true;
  try {
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

async function describe(name: BackendName, nativeAvailable: boolean): Promise<EngineInfo> {
  const wasm = name === 'wasm';
  return {
    backend: name,
    tfjsVersion: tf.version.tfjs,
    nativeAvailable,
    wasmSimd: wasm ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null,
    wasmThreads: wasm ? getThreadsCount() : null,
  };
}

async function init(requested: BackendName | 'auto'): Promise<EngineInfo> {
  if (current !== null && (requested === 'auto' || requested === current.backend) && tf.getBackend() === current.backend) {
    return current;
  }
  const probe = await probeNative(requested === 'auto');
  const nativeAvailable = probe.available;
  let chosen: BackendName | null = null;
  if (requested === 'auto') {
    for (const candidate of (nativeAvailable ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu']) as BackendName[]) {
      if (await activate(candidate)) {
        chosen = candidate;
        break;
      }
    }
    if (chosen === null) throw new EngineError('backend-init', 'No tfjs backend could be initialised (tried tensorflow, wasm, cpu).');
  } else {
    if (requested === 'tensorflow' && !probe.available) {
      throw new EngineError('backend-unavailable', `The native 'tensorflow' backend is not available: ${probe.reason} Or use --backend wasm (the default fallback).`);
    }
    if (!(await activate(requested))) {
      throw new EngineError(
        'backend-init',
        `The '${requested}' tfjs backend failed to initialise. Try --backend auto or another backend.`,
      );
    }
    chosen = requested;
  }
  silenceCpuBanner();
  current = await describe(chosen, nativeAvailable);
  return current;
}

/**
 * Select and initialise the tfjs backend. Idempotent: a repeated call with the same (or 'auto')
 * backend returns the same info; an explicit different backend switches to it. Calls are serialised.
 *
 * @example
 * ```ts
 * const info = await initEngine();            // { backend: 'wasm', wasmSimd: true, wasmThreads: 1, ... } here
 * await initEngine({ backend: 'cpu' });       // force the pure-JS backend
 * await initEngine({ backend: 'tensorflow' }); // EngineError 'backend-unavailable' without tfjs-node
 * ```
 */
export function initEngine(options: EngineOptions = {}): Promise<EngineInfo> {
  const requested = options.backend ?? 'auto';
  const valid = ['auto', 'tensorflow', 'wasm', 'cpu'];
  if (!valid.includes(requested)) {
    return Promise.reject(
      new EngineError('backend-unavailable', `Unknown backend '${String(requested)}'; use one of ${valid.join(', ')}.`),
    );
  }
  const run = queue.then(() => init(requested));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * The info of the backend selected by the last successful {@link initEngine}.
 *
 * @example
 * ```ts
 * await initEngine();
 * console.log(getEngineInfo().backend); // 'wasm'
 * ```
 * @throws EngineError 'not-initialized' before initEngine has finished
 */
export function getEngineInfo(): EngineInfo {
  if (current === null) throw new EngineError('not-initialized', 'The engine is not initialised: await initEngine() first.');
  return { ...current };
}
