/**
 * The gradient of a 2x2, stride-2 max pool over complete windows as a generated WebAssembly SIMD
 * kernel, four channels per vector.
 *
 * Each window's dy goes to its first maximum in row-major order, the tie rule of the cpu backend
 * (`pixel > best`, starting from -Infinity; a window of NaN or -Infinity routes nothing). With
 * m_k = (x_k > best of x_0..x_(k-1)) lane-wise, pixel k is the winner when m_k holds and no later
 * m_j does; dx_k = dy & winner_k (bit-wise, so a loser gets +0). Every dx element is written, so
 * dx needs no zeroing.
 */
import { FunctionBuilder } from './function-builder.js';
import { compiledKernel, type KernelRun } from './kernel-cache.js';
import type { WasmMemory } from './webassembly.js';

/** Shape of a pooled input [N, H, W, C] with H and W even (complete windows) and C % 4 == 0. */
export interface MaxPool2x2Shape {
  batch: number;
  height: number;
  width: number;
  channels: number;
}

/** Whether the SIMD kernel covers this input shape. */
export function maxPool2x2GradCovers(s: MaxPool2x2Shape): boolean {
  return s.height % 2 === 0 && s.width % 2 === 0 && s.channels % 4 === 0 && s.batch * s.height * s.width > 0;
}

/** Generate `run(x, dy, dx)` (byte addresses) for `s`. */
export function buildMaxPool2x2Grad(s: MaxPool2x2Shape): FunctionBuilder {
  const f = new FunctionBuilder(3);
  const c4 = s.channels * 4;
  const rowBytes = s.width * c4;
  const outWidth = s.width / 2;
  const xRow = f.local('i32');
  const dxRow = f.local('i32');
  const dyRow = f.local('i32');
  const xWindow = f.local('i32');
  const dxWindow = f.local('i32');
  const dyWindow = f.local('i32');
  const xAt = f.local('i32');
  const dxAt = f.local('i32');
  const dyAt = f.local('i32');
  const best = f.local('v128');
  const win = [f.local('v128'), f.local('v128'), f.local('v128'), f.local('v128')];
  const later = f.local('v128');
  const g = f.local('v128');
  const offsets = [0, c4, rowBytes, rowBytes + c4]; // the window's pixels, row-major
  // One pass per pair of input rows (= one output row), over all images at once.
  f.loop((s.batch * s.height) / 2, [
    { ptr: xRow, from: f.param(0), step: 2 * rowBytes },
    { ptr: dxRow, from: f.param(2), step: 2 * rowBytes },
    { ptr: dyRow, from: f.param(1), step: outWidth * c4 },
  ], () => {
    f.loop(outWidth, [
      { ptr: xWindow, from: xRow, step: 2 * c4 },
      { ptr: dxWindow, from: dxRow, step: 2 * c4 },
      { ptr: dyWindow, from: dyRow, step: c4 },
    ], () => {
      f.loop(s.channels / 4, [
        { ptr: xAt, from: xWindow, step: 16 },
        { ptr: dxAt, from: dxWindow, step: 16 },
        { ptr: dyAt, from: dyWindow, step: 16 },
      ], () => {
        f.f32x4Const(-Infinity).set(best);
        for (let k = 0; k < 4; k++) {
          // win[k] = x_k > best; best = win[k] ? x_k : best (the pixel is loaded twice: from L1)
          f.get(xAt).v128Load(offsets[k]).get(best).f32x4Gt().set(win[k]);
          if (k < 3) f.get(xAt).v128Load(offsets[k]).get(best).get(win[k]).bitselect().set(best);
        }
        f.get(dyAt).v128Load(0).set(g);
        f.get(dxAt).get(g).get(win[3]).and().v128Store(offsets[3]);
        f.get(win[3]).set(later);
        for (let k = 2; k >= 0; k--) {
          f.get(dxAt).get(g).get(win[k]).and().get(later).andNot().v128Store(offsets[k]);
          if (k > 0) f.get(later).get(win[k]).or().set(later);
        }
      });
    });
  });
  return f;
}

/** The kernel for `s` over `memory`, or null when it does not cover `s` or SIMD is missing. */
export function maxPool2x2GradKernel(s: MaxPool2x2Shape, memory: WasmMemory): KernelRun | null {
  if (!maxPool2x2GradCovers(s)) return null;
  return compiledKernel(memory, `max-pool-2x2-grad ${s.batch}x${s.height}x${s.width}x${s.channels}`, () => buildMaxPool2x2Grad(s));
}
