/**
 * Helpers to call the wasm backend's own registered kernels from inside another kernel.
 *
 * Inside a kernelFunc we must not go through `tf.*` ops: the engine would record them on the
 * gradient tape and count them as tensors. Calling the registered kernelFuncs directly gives
 * plain TensorInfos that only the backend knows about; we free them with `disposeData`.
 */
import { tf } from '../tf.js';
import { isWasmMemory, type WasmMemory } from './wasm-simd/webassembly.js';
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { EngineError } from '../errors.js';

/** The part of the wasm backend object that the composed kernels use. */
export interface WasmBackendLike {
  disposeData(dataId: object, force?: boolean): boolean;
  /** One more reference to a tensor's data (freed when the last holder disposes it). */
  incRef(dataId: object): void;
  /** Allocate an (uninitialised) output on the wasm heap. */
  makeOutput(shape: number[], dtype: 'float32' | 'int32' | 'bool'): TensorInfo;
  /** A view of a tensor's bytes on the wasm heap. Invalidated by any later allocation. */
  typedArrayFromHeap(info: TensorInfo): Float32Array | Int32Array | Uint8Array;
  /** The emscripten module; its `asm.memory` is the heap's WebAssembly.Memory (checked before use). */
  wasm?: { asm?: { memory?: unknown } };
}

/**
 * Float32 view of a tensor on the wasm heap. Take views only after the last `makeOutput` of the
 * kernel: an allocation may grow the wasm memory, which detaches earlier views.
 */
export function f32(b: WasmBackendLike, info: TensorInfo): Float32Array {
  const view = b.typedArrayFromHeap(info);
  if (!(view instanceof Float32Array)) throw new EngineError('kernel', `expected a float32 tensor, got ${info.dtype}`);
  return view;
}

/**
 * The wasm backend's heap as a WebAssembly.Memory (emscripten's `asm.memory`), for the generated
 * SIMD kernels that work on it in place; null when this build does not expose it or shares it
 * between threads (the kernels import an unshared memory).
 */
export function heapMemory(b: WasmBackendLike): WasmMemory | null {
  const memory = b.wasm?.asm?.memory;
  if (!isWasmMemory(memory)) return null;
  if (!(memory.buffer instanceof ArrayBuffer)) return null;
  return memory;
}

/** Call the backend's original kernel for configs the composed kernel does not cover. */
export function callOriginal(
  original: KernelFunc | null,
  name: string,
  args: { inputs: NamedTensorInfoMap; backend: WasmBackendLike; attrs: NamedAttrMap },
): TensorInfo {
  if (original === null) throw new EngineError('kernel', `${name}: the wasm backend's original kernel is not available for this config`);
  return original(args as unknown as Parameters<KernelFunc>[0]) as TensorInfo;
}

/** Run the wasm backend's registered kernel `name` on `inputs` without touching the engine. */
export function runWasmKernel(
  name: string,
  backend: WasmBackendLike,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap,
): TensorInfo {
  const config = tf.getKernel(name, 'wasm');
  if (config === undefined) {
    throw new EngineError('kernel', `wasm backend has no '${name}' kernel (needed by a composed training kernel)`);
  }
  // KernelFunc is typed loosely (backend: {}); the wasm kernels take the BackendWasm instance.
  const out = config.kernelFunc({ inputs, attrs, backend: backend as never });
  if (Array.isArray(out)) throw new EngineError('kernel', `wasm kernel '${name}' returned several outputs`);
  return out as TensorInfo;
}

/** Free intermediates made by {@link runWasmKernel}. */
export function release(backend: WasmBackendLike, ...infos: TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

export const transpose = (b: WasmBackendLike, x: TensorInfo, perm: number[]): TensorInfo =>
  runWasmKernel('Transpose', b, { x }, { perm });

export const reverse = (b: WasmBackendLike, x: TensorInfo, dims: number[]): TensorInfo =>
  runWasmKernel('Reverse', b, { x }, { dims });

export const slice = (b: WasmBackendLike, x: TensorInfo, begin: number[], size: number[]): TensorInfo =>
  runWasmKernel('Slice', b, { x }, { begin, size });

export const reshape = (b: WasmBackendLike, x: TensorInfo, shape: number[]): TensorInfo =>
  runWasmKernel('Reshape', b, { x }, { shape });

/** XNNPACK conv2d, NHWC, with explicit per-side padding `[top, bottom, left, right]`. */
export function conv2d(
  b: WasmBackendLike,
  x: TensorInfo,
  filter: TensorInfo,
  pads: [number, number, number, number],
  dilations: [number, number] = [1, 1],
): TensorInfo {
  const [t, bo, l, r] = pads;
  return runWasmKernel(
    'Conv2D',
    b,
    { x, filter },
    {
      strides: [1, 1],
      pad: [[0, 0], [t, bo], [l, r], [0, 0]],
      dataFormat: 'NHWC',
      dilations,
      dimRoundingMode: null,
    } as unknown as NamedAttrMap,
  );
}
