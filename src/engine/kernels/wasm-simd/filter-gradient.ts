/**
 * The filter gradient of a 2-D convolution as a WebAssembly SIMD kernel generated per shape.
 *
 * dW[kh, kw, ci, co] = sum over n, oh, ow of x[n, oh*sh + kh - pt, ow*sw + kw - pl, ci] * dy[n, oh, ow, co]
 * (terms outside x are zero padding)
 *
 * is a GEMM with a very long reduction (N*OH*OW = 25,088 for the seed model) and a small result
 * (KH*KW*CI x CO = 288 x 32). XNNPACK's GEMM is built for the opposite shape and reached about a
 * third of its forward-convolution rate here; this kernel keeps a tile of the result in SIMD
 * registers and streams one image at a time through it, so each image's x and dy stay in cache
 * for all tiles. A tile is R scalars times V four-lane vectors:
 * - 'vectors-along-out' (CO % 4 == 0): vectors over co from dy, scalars over ci from x;
 * - 'vectors-along-in' (CI % 4 == 0, for CO = 1 or odd CO): vectors over ci from x, scalars over
 *   co from dy; the result comes out as [KH, KW, CO, CI] and is transposed by the caller.
 * Every size is a constant in the generated code and the taps are unrolled, so each tap's loops
 * run over exactly the output rows and columns whose input lies inside the image: no padded copy.
 * The kernel reads and writes the memory it is given at the addresses passed to it (the wasm
 * backend's own heap, in place). The summation order is fixed (images in order, then rows, then
 * columns), so results are deterministic.
 */
import type { ConvGeometry } from '../conv-attrs.js';
import { FunctionBuilder, type Local } from './function-builder.js';
import { compiledKernel, runOnOwnMemory, type KernelRun } from './kernel-cache.js';
import type { WasmMemory } from './webassembly.js';
import { EngineError } from '../../errors.js';

/** Geometry of the gradient (stride >= 1, no dilation), sizes in elements. */
export type FilterGradientShape = Omit<ConvGeometry, 'padBottom' | 'padRight'>;

/** How the generated kernel tiles the result. */
export interface FilterGradientPlan {
  mode: 'vectors-along-out' | 'vectors-along-in';
  /** Scalars per tile. */
  rows: number;
  /** Four-lane vectors per tile. */
  vectors: number;
}

const largestDivisor = (n: number, candidates: readonly number[]) => candidates.find((c) => n % c === 0) ?? 1;

/** Tiles of at most 8 accumulators: with the vectors and a splat they fit x64's 16 SIMD registers. */
const MAX_ACCUMULATORS = 8;

/**
 * Choose the tiling for `s`, or null when neither channel axis is a multiple of 4 (the caller
 * then uses another implementation).
 *
 * @example
 * ```ts
 * planFilterGradient({ batch: 128, inHeight: 14, inWidth: 14, inChannels: 32, outHeight: 14, outWidth: 14,
 *   outChannels: 32, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 1, padLeft: 1 });
 * // { mode: 'vectors-along-out', rows: 4, vectors: 2 }
 * ```
 */
export function planFilterGradient(s: FilterGradientShape): FilterGradientPlan | null {
  if (s.outChannels % 4 === 0) {
    const vectors = largestDivisor(s.outChannels / 4, s.inChannels < 4 ? [8, 4, 2, 1] : [2, 1]);
    const rows = largestDivisor(s.inChannels, [4, 3, 2, 1].filter((r) => r * vectors <= MAX_ACCUMULATORS));
    return { mode: 'vectors-along-out', rows, vectors };
  }
  if (s.inChannels % 4 === 0) {
    const rows = largestDivisor(s.outChannels, [4, 3, 2, 1]);
    const vectors = largestDivisor(s.inChannels / 4, [8, 4, 2, 1].filter((v) => rows * v <= MAX_ACCUMULATORS));
    return { mode: 'vectors-along-in', rows, vectors };
  }
  return null;
}

/** The output positions [first, end) along one axis whose input, for tap `k`, lies inside the image. */
function validRange(k: number, pad: number, stride: number, inSize: number, outSize: number): [number, number] {
  const first = Math.max(0, Math.ceil((pad - k) / stride));
  const end = Math.min(outSize, Math.floor((inSize - 1 + pad - k) / stride) + 1);
  return [first, Math.max(first, end)];
}

/**
 * Generate `run(x, dy, out)` for `s` tiled by `p`: byte addresses of x [N, H, W, CI], dy
 * [N, OH, OW, CO] and the result ([KH, KW, CI, CO], or [KH, KW, CO, CI] along-in), which it adds
 * to (the caller zeroes it).
 */
export function buildFilterGradient(s: FilterGradientShape, p: FilterGradientPlan): FunctionBuilder {
  const f = new FunctionBuilder(3);
  const { rows: R, vectors: V } = p;
  const { inChannels: CI, outChannels: CO, inWidth: W, outWidth: OW } = s;
  const alongOut = p.mode === 'vectors-along-out';
  const xRowBytes = W * CI * 4;
  const dyRowBytes = OW * CO * 4;
  const resultRowBytes = (alongOut ? CO : CI) * 4;

  const xImage = f.local('i32');
  const dyImage = f.local('i32');
  const scalarBlock = f.local('i32');
  const outScalar = f.local('i32');
  const vectorBlock = f.local('i32');
  const outTile = f.local('i32');
  const xRow = f.local('i32');
  const dyRow = f.local('i32');
  const xAt = f.local('i32');
  const dyAt = f.local('i32');
  const acc: Local[][] = Array.from({ length: R }, () => Array.from({ length: V }, () => f.local('v128')));
  const vec: Local[] = Array.from({ length: V }, () => f.local('v128'));
  const splat = f.local('v128');

  const tile = (rowsCount: number, colsCount: number) => {
    for (let r = 0; r < R; r++) {
      for (let v = 0; v < V; v++) f.get(outTile).v128Load(r * resultRowBytes + 16 * v).set(acc[r][v]);
    }
    const [xStart, dyStart] = alongOut ? [scalarBlock, vectorBlock] : [vectorBlock, scalarBlock];
    f.loop(rowsCount, [
      { ptr: xRow, from: xStart, step: s.strideHeight * xRowBytes },
      { ptr: dyRow, from: dyStart, step: dyRowBytes },
    ], () => {
      f.loop(colsCount, [
        { ptr: xAt, from: xRow, step: s.strideWidth * CI * 4 },
        { ptr: dyAt, from: dyRow, step: CO * 4 },
      ], () => {
        const [vectorAt, scalarAt] = alongOut ? [dyAt, xAt] : [xAt, dyAt];
        for (let v = 0; v < V; v++) f.get(vectorAt).v128Load(16 * v).set(vec[v]);
        for (let r = 0; r < R; r++) {
          f.get(scalarAt).load32Splat(4 * r).set(splat);
          for (let v = 0; v < V; v++) f.get(acc[r][v]).get(splat).get(vec[v]).f32x4Mul().f32x4Add().set(acc[r][v]);
        }
      });
    });
    for (let r = 0; r < R; r++) {
      for (let v = 0; v < V; v++) f.get(outTile).get(acc[r][v]).v128Store(r * resultRowBytes + 16 * v);
    }
  };

  f.loop(s.batch, [
    { ptr: xImage, from: f.param(0), step: s.inHeight * xRowBytes },
    { ptr: dyImage, from: f.param(1), step: s.outHeight * dyRowBytes },
  ], () => {
    for (let kh = 0; kh < s.filterHeight; kh++) {
      const [oh0, oh1] = validRange(kh, s.padTop, s.strideHeight, s.inHeight, s.outHeight);
      for (let kw = 0; kw < s.filterWidth; kw++) {
        const [ow0, ow1] = validRange(kw, s.padLeft, s.strideWidth, s.inWidth, s.outWidth);
        if (oh1 === oh0 || ow1 === ow0) continue; // this tap never touches the image
        const xFirst = ((oh0 * s.strideHeight + kh - s.padTop) * W + (ow0 * s.strideWidth + kw - s.padLeft)) * CI * 4;
        const dyFirst = (oh0 * OW + ow0) * CO * 4;
        const tapOut = (kh * s.filterWidth + kw) * CI * CO * 4;
        const [scalarFrom, scalarFirst, scalarCount] = alongOut ? [xImage, xFirst, CI / R] : [dyImage, dyFirst, CO / R];
        const [vectorFrom, vectorFirst, vectorCount] = alongOut ? [dyImage, dyFirst, CO / (4 * V)] : [xImage, xFirst, CI / (4 * V)];
        f.loop(scalarCount, [
          { ptr: scalarBlock, from: scalarFrom, offset: scalarFirst, step: R * 4 },
          { ptr: outScalar, from: f.param(2), offset: tapOut, step: R * resultRowBytes },
        ], () => {
          f.loop(vectorCount, [
            { ptr: vectorBlock, from: vectorFrom, offset: vectorFirst, step: 16 * V },
            { ptr: outTile, from: outScalar, step: 16 * V },
          ], () => tile(oh1 - oh0, ow1 - ow0));
        });
      }
    }
  });
  return f;
}

/** A compiled kernel bound to one memory: `run(x, dy, out)` takes byte addresses in it. */
export interface FilterGradientKernel {
  plan: FilterGradientPlan;
  run: KernelRun;
}

/**
 * The kernel for `s` over `memory` (compiled once per shape and memory), or null when `s` has no
 * SIMD plan or this engine has no WebAssembly SIMD. The memory must not be shared.
 */
export function filterGradientKernel(s: FilterGradientShape, memory: WasmMemory): FilterGradientKernel | null {
  const plan = planFilterGradient(s);
  if (plan === null) return null;
  const key = `filter-gradient ${JSON.stringify([s.batch, s.inHeight, s.inWidth, s.inChannels, s.outHeight, s.outWidth,
    s.outChannels, s.filterHeight, s.filterWidth, s.strideHeight, s.strideWidth, s.padTop, s.padLeft])}`;
  const run = compiledKernel(memory, key, () => buildFilterGradient(s, plan));
  return run === null ? null : { plan, run };
}

/** [KH, KW, CO, CI] (the along-in result) into dW [KH, KW, CI, CO]. */
export function transposeTaps(result: Float32Array, out: Float32Array, taps: number, ci: number, co: number): void {
  for (let t = 0; t < taps; t++) {
    const base = t * ci * co;
    for (let o = 0; o < co; o++) {
      for (let i = 0; i < ci; i++) out[base + i * co + o] = result[base + o * ci + i];
    }
  }
}

/**
 * Compute dW ([KH, KW, CI, CO], row-major) into `out` from x ([N, H, W, CI]) and dy
 * ([N, OH, OW, CO]) held in JS arrays (copied into a memory of the kernels' own), or return false
 * when `s` has no SIMD plan (see {@link planFilterGradient}) or SIMD is missing.
 *
 * @example
 * ```ts
 * const out = new Float32Array(3 * 3 * 32 * 32);
 * filterGradientSimd(shape, x, dy, out); // true: out holds dW
 * ```
 */
export function filterGradientSimd(s: FilterGradientShape, x: Float32Array, dy: Float32Array, out: Float32Array): boolean {
  const xLength = s.batch * s.inHeight * s.inWidth * s.inChannels;
  const dyLength = s.batch * s.outHeight * s.outWidth * s.outChannels;
  const size = s.filterHeight * s.filterWidth * s.inChannels * s.outChannels;
  if (x.length !== xLength || dy.length !== dyLength || out.length !== size) {
    throw new EngineError('kernel', `filterGradientSimd: array sizes ${x.length}/${dy.length}/${out.length} do not match the shape ${JSON.stringify(s)}`);
  }
  const plan = planFilterGradient(s);
  if (plan === null) return false;
  const result = runOnOwnMemory([x, dy], size, (memory) => filterGradientKernel(s, memory)?.run ?? null);
  if (result === null) return false;
  if (plan.mode === 'vectors-along-out') out.set(result);
  else transposeTaps(result, out, s.filterHeight * s.filterWidth, s.inChannels, s.outChannels);
  return true;
}
