/**
 * Backend selection: native TensorFlow (tfjs-node) when it is installed and registers, else the
 * wasm backend with our composed training kernels, else the pure-JS cpu backend.
 */
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from './errors.js';
import { registerCpuKernelFixes, registerWasmTrainingKernels } from './kernels/index.js';
import { tf } from './tf.js';

/** A tfjs backend this project can train on. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initEngine} selected, for logs and `environment.json`. */
export interface EngineInfo {
  backend: BackendName;
  /** Version of the `@tensorflow/tfjs` package in use. */
  tfjsVersion: string;
  /** Whether the native `tensorflow` backend (package `tfjs-node-native`) could be loaded. */
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

/**
 * The optional dependency alias for `@tensorflow/tfjs-node`. Detection is by the backend it
 * registers, never by module name: here `node_modules/@tensorflow/tfjs-node` is an npm override
 * alias of plain `@tensorflow/tfjs` (for danfojs-node) and registers no native backend.
 */
const NATIVE_PACKAGE = 'tfjs-node-native';

const NATIVE_HELP =
  `The native 'tensorflow' backend is not available: the optional dependency '${NATIVE_PACKAGE}' ` +
  `(npm:@tensorflow/tfjs-node@4.22.0) is not installed or failed to load. Its install script downloads ` +
  `libtensorflow, so run 'npm install' on a machine with internet access to ` +
  `storage.googleapis.com (Linux x64, macOS or Windows), or use --backend wasm (default fallback).`;

// The wasm package registers its backend factory on import; make sure our training kernels are
// there even if someone reaches the backend through tf.ready() without calling initEngine.
registerWasmTrainingKernels();
registerCpuKernelFixes();

let current: EngineInfo | null = null;
let nativeProbe: Promise<boolean> | null = null;
let queue: Promise<unknown> = Promise.resolve();

function registered(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(tf.engine().registryFactory, name);
}

/** Import the native package once and report whether its `tensorflow` backend registered. */
function probeNative(): Promise<boolean> {
  nativeProbe ??= (async () => {
    if (registered('tensorflow')) return true;
    // libtensorflow's C++ logging (cpu feature guard etc.) goes to stderr unless told otherwise.
    process.env.TF_CPP_MIN_LOG_LEVEL ??= '2';
    try {
      // A variable specifier keeps TypeScript from requiring the optional package's types.
      const spec: string = NATIVE_PACKAGE;
      await import(spec);
    } catch {
      return false;
    }
    return registered('tensorflow');
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
  const nativeAvailable = await probeNative();
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
    if (requested === 'tensorflow' && !nativeAvailable) throw new EngineError('backend-unavailable', NATIVE_HELP);
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
