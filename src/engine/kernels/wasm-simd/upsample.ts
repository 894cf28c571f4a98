/**
 * Nearest-neighbour upsampling by whole factors (UpSampling2D: no corner alignment, no half-pixel
 * centres, output row o reads input row floor(o / sh)) and its gradient, as generated WebAssembly
 * SIMD kernels, four channels per vector.
 *
 * - forward: each input pixel is copied to its sh x sw block of the output;
 * - gradient: each dx pixel is the sum of its block of dy, added in dy's memory order (row by row,
 *   left to right) with float32 rounding after each addition: the same numbers as the JS loop in
 *   resize-nearest-neighbor-grad.ts.
 */
import { FunctionBuilder } from './function-builder.js';
import { compiledKernel, type KernelRun } from './kernel-cache.js';
import type { WasmMemory } from './webassembly.js';

/** The small tensor [N, H, W, C] and the whole factors of its upsampling. */
export interface UpsampleShape {
  batch: number;
  height: number;
  width: number;
  channels: number;
  scaleHeight: number;
  scaleWidth: number;
}

/** Whether the SIMD kernels cover this shape (C % 4 == 0, factors >= 1, a non-empty tensor). */
export function upsampleCovers(s: UpsampleShape): boolean {
  return s.channels % 4 === 0 && s.scaleHeight >= 1 && s.scaleWidth >= 1 && s.batch * s.height * s.width * s.channels > 0;
}

/**
 * `run(small, large)` for the forward copy (`gradient = false`: small is read, large written) or
 * the gradient (`gradient = true`: large is dy, read; small is dx, written).
 */
export function buildUpsample(s: UpsampleShape, gradient: boolean): FunctionBuilder {
  const f = new FunctionBuilder(2);
  const c4 = s.channels * 4;
  const largeRow = s.width * s.scaleWidth * c4;
  const blockOffsets: number[] = [];
  for (let i = 0; i < s.scaleHeight; i++) {
    for (let j = 0; j < s.scaleWidth; j++) blockOffsets.push(i * largeRow + j * c4);
  }
  const smallRow = f.local('i32');
  const largeBlockRow = f.local('i32');
  const smallPixel = f.local('i32');
  const largePixel = f.local('i32');
  const smallAt = f.local('i32');
  const largeAt = f.local('i32');
  const value = f.local('v128');
  f.loop(s.batch * s.height, [
    { ptr: smallRow, from: f.param(0), step: s.width * c4 },
    { ptr: largeBlockRow, from: f.param(1), step: s.scaleHeight * largeRow },
  ], () => {
    f.loop(s.width, [
      { ptr: smallPixel, from: smallRow, step: c4 },
      { ptr: largePixel, from: largeBlockRow, step: s.scaleWidth * c4 },
    ], () => {
      f.loop(s.channels / 4, [
        { ptr: smallAt, from: smallPixel, step: 16 },
        { ptr: largeAt, from: largePixel, step: 16 },
      ], () => {
        if (gradient) {
          f.get(largeAt).v128Load(blockOffsets[0]).set(value);
          for (const offset of blockOffsets.slice(1)) f.get(value).get(largeAt).v128Load(offset).f32x4Add().set(value);
          f.get(smallAt).get(value).v128Store(0);
        } else {
          f.get(smallAt).v128Load(0).set(value);
          for (const offset of blockOffsets) f.get(largeAt).get(value).v128Store(offset);
        }
      });
    });
  });
  return f;
}

/** The forward (`gradient = false`) or gradient kernel for `s` over `memory`, or null. */
export function upsampleKernel(s: UpsampleShape, gradient: boolean, memory: WasmMemory): KernelRun | null {
  if (!upsampleCovers(s)) return null;
  const key = `upsample${gradient ? '-grad' : ''} ${s.batch}x${s.height}x${s.width}x${s.channels} by ${s.scaleHeight}x${s.scaleWidth}`;
  return compiledKernel(memory, key, () => buildUpsample(s, gradient));
}
