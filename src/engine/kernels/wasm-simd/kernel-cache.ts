/**
 * Compiled kernels by memory and shape: a generated module is compiled and instantiated against a
 * memory once, then reused for every call with the same key.
 */
import { moduleBytes, simdSupported, type FunctionBuilder } from './function-builder.js';
import { webAssembly, type WasmMemory } from './webassembly.js';

/** A generated kernel's entry point: byte addresses in the memory it was bound to. */
export type KernelRun = (...addresses: number[]) => void;

const compiled = new WeakMap<WasmMemory, Map<string, KernelRun>>();
let simd: boolean | null = null;
let enabled = true;

/**
 * Turn the generated SIMD kernels off or on (default on). Off, every kernel that uses them takes
 * its previous route (XNNPACK compositions, JS loops, the backend's own kernel), so that tests and
 * benchmarks can compare the two in one process.
 *
 * @example
 * ```ts
 * setGeneratedKernels(false); // Conv2DBackpropFilter composes XNNPACK convolutions again
 * ```
 */
export function setGeneratedKernels(on: boolean): void {
  enabled = on;
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
    const module = new webAssembly.Module(moduleBytes(build(), 1));
    const exported = new webAssembly.Instance(module, { env: { memory } }).exports.run;
    if (typeof exported !== 'function') throw new Error(`generated kernel '${key}': the module exports no run()`);
    run = (...addresses) => void exported(...addresses);
    byKey.set(key, run);
  }
  return run;
}
