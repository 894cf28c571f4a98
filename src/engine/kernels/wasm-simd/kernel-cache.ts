/**
 * Compiled kernels by memory and shape: a generated module is compiled and instantiated against a
 * memory once, then reused for every call with the same key.
 */
import { moduleBytes, simdSupported, type FunctionBuilder } from './function-builder.js';
import { webAssembly, type WasmMemory } from './webassembly.js';
import { EngineError } from '../../errors.js';

/** A generated kernel's entry point: byte addresses in the memory it was bound to. */
export type KernelRun = (...addresses: number[]) => void;

const compiled = new WeakMap<WasmMemory, Map<string, KernelRun>>();
const MAX_KERNELS_PER_MEMORY = 256;
let simd: boolean | null = null;
let enabled = true;

/**
 * Turn the generated SIMD kernels off or on (default on). Off, every kernel that uses them takes
 * its previous route (XNNPACK compositions, JS loops, the backend's own kernel), so that tests and
 * benchmarks can compare the two in one process.
 *
 * @example
 * ```ts
 * const before = setGeneratedKernels(false); // Conv2DBackpropFilter composes XNNPACK convolutions again
 * setGeneratedKernels(before);
 * ```
 * @returns whether they were on before this call
 */
export function setGeneratedKernels(on: boolean): boolean {
  const before = enabled;
  enabled = on;
  return before;
}

/** Whether this engine runs WebAssembly 128-bit SIMD (checked once). */
export function wasmSimdAvailable(): boolean {
  simd ??= simdSupported();
  return simd;
}

/**
 * The kernel `key` over `memory`, built by `build` on first use; null without WebAssembly SIMD or
 * when the generated kernels are turned off.
 *
 * @example
 * ```ts
 * const run = compiledKernel(memory, 'copy 64', () => buildCopy(64));
 * run?.(fromAddress, toAddress);
 * ```
 */
export function compiledKernel(memory: WasmMemory, key: string, build: () => FunctionBuilder): KernelRun | null {
  if (!enabled || webAssembly === null || !wasmSimdAvailable()) return null;
  let byKey = compiled.get(memory);
  if (byKey === undefined) {
    byKey = new Map();
    compiled.set(memory, byKey);
  }
  let run = byKey.get(key);
  if (run === undefined) {
    // A few KB of code per shape; a caller cycling through many shapes starts over past the cap.
    if (byKey.size >= MAX_KERNELS_PER_MEMORY) byKey.clear();
    const module = new webAssembly.Module(moduleBytes(build(), 1));
    const exported = new webAssembly.Instance(module, { env: { memory } }).exports.run;
    if (typeof exported !== 'function') throw new EngineError('kernel', `generated kernel '${key}': the module exports no run()`);
    run = (...addresses) => void exported(...addresses);
    byKey.set(key, run);
  }
  return run;
}

let ownMemory: WasmMemory | null = null;
const PAGE = 65536;

/**
 * Run a generated kernel on JS arrays: they are copied into a memory of the kernels' own (16-byte
 * aligned, in order), an output of `outLength` zeros follows them, and `run(...inputs, out)` gets
 * their byte addresses. Returns a copy of the output, or null when `kernelFor` gives no kernel.
 * For tests and callers without a wasm heap; the backend's kernels run in place instead.
 *
 * @example
 * ```ts
 * const y = runOnOwnMemory([xpad, w], n * oh * ow * co, (memory) => convForwardKernel(shape, memory));
 * ```
 */
export function runOnOwnMemory(
  inputs: readonly Float32Array[],
  outLength: number,
  kernelFor: (memory: WasmMemory) => KernelRun | null,
): Float32Array | null {
  if (webAssembly === null) return null;
  ownMemory ??= new webAssembly.Memory({ initial: 1 });
  const run = kernelFor(ownMemory);
  if (run === null) return null;
  const at: number[] = [];
  let bytes = 0;
  for (const length of [...inputs.map((a) => a.length), outLength]) {
    at.push(bytes);
    bytes += Math.ceil((4 * length) / 16) * 16;
  }
  const have = ownMemory.buffer.byteLength;
  if (have < bytes) ownMemory.grow(Math.ceil((bytes - have) / PAGE));
  const heap = new Float32Array(ownMemory.buffer);
  inputs.forEach((a, i) => heap.set(a, at[i] / 4));
  const outAt = at[inputs.length] / 4;
  heap.fill(0, outAt, outAt + outLength);
  run(...at);
  return heap.slice(outAt, outAt + outLength);
}
