/**
 * The part of the WebAssembly JS API the generated kernels use, typed here because this project
 * compiles without the DOM library (where TypeScript declares `WebAssembly`) and its published
 * declarations must not require it of consumers.
 */

/** A WebAssembly.Memory. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}

interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  validate(bytes: Uint8Array): boolean;
}

/** The global WebAssembly object, or null in an engine without WebAssembly. */
export const webAssembly: WebAssemblyApi | null = (globalThis as { WebAssembly?: WebAssemblyApi }).WebAssembly ?? null;

/** Whether `value` is a WebAssembly.Memory of this engine. */
export function isWasmMemory(value: unknown): value is WasmMemory {
  return webAssembly !== null && value instanceof webAssembly.Memory;
}
