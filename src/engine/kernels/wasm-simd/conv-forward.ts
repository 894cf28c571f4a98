/**
 * A stride-1 2-D convolution (NHWC, filter [KH, KW, CI, CO], CO % 4 == 0) as a WebAssembly SIMD
 * kernel generated per shape, over an input already zero-padded to [N, OH + KH - 1, OW + KW - 1, CI].
 *
 * y[n, oh, ow, co] = sum over kh, kw, ci of xpad[n, oh + kh, ow + kw, ci] * w[kh, kw, ci, co]
 *
 * Within a padded row, x[ow + kw, ci] sits at ow*CI + j with j = kw*CI + ci, and w[kh, kw, ci, :]
 * at (kh*KW*CI + j)*CO: for each filter row the reduction is one contiguous run of J = KW*CI
 * steps in both. A tile is R neighbouring output pixels of a row times V four-lane vectors of
 * output channels, kept in registers for the whole reduction (R*V <= 8 accumulators). XNNPACK ran
 * the autoencoder's 14x14 32->32 layers at 12-15 GFLOP/s inside a training step here and its 1->32
 * first layer at 4; these tiles run at the rate of the generated filter gradient. The summation
 * order is fixed (filter rows, then taps and channels in memory order), so results are
 * deterministic.
 */
import type { ConvGeometry } from '../conv-attrs.js';
import { FunctionBuilder, type Local } from './function-builder.js';
import { compiledKernel, type KernelRun } from './kernel-cache.js';
import type { WasmMemory } from './webassembly.js';

/** Geometry of a stride-1 convolution over a padded input, sizes in elements. */
export type ConvForwardShape = Pick<ConvGeometry, 'batch' | 'inChannels' | 'outHeight' | 'outWidth' | 'outChannels' | 'filterHeight' | 'filterWidth'>;

/** What the kernel does after the sums: add a bias per output channel, then relu or nothing. */
export interface ConvEpilogue {
  bias: boolean;
  relu: boolean;
}

/** Output pixels per tile and four-lane vectors of output channels per tile. */
export interface ConvForwardPlan {
  pixels: number;
  vectors: number;
}

/**
 * The tiling for `s`, or null when CO is not a multiple of 4.
 *
 * @example
 * ```ts
 * planConvForward({ batch: 128, inChannels: 32, outHeight: 14, outWidth: 14, outChannels: 32, filterHeight: 3, filterWidth: 3 });
 * // { pixels: 4, vectors: 2 }
 * ```
 */
export function planConvForward(s: ConvForwardShape): ConvForwardPlan | null {
  if (s.outChannels % 4 !== 0) return null;
  const vectors = (s.outChannels / 4) % 2 === 0 ? 2 : 1;
  return { pixels: Math.min(4, s.outWidth), vectors };
}

/**
 * Emit the walk both convolution kernels share: every image, every output row, the row's pixels
 * in tiles of `pixels` and a last narrower tile of OW % pixels. `tile(R, xTile, yTile)` emits one
 * tile of R pixels whose first window starts at xTile (in xpad) and whose output starts at yTile;
 * `outPixelBytes` is one output pixel's size (CO * 4).
 */
function walkRowTiles(
  f: FunctionBuilder,
  s: ConvForwardShape,
  pixels: number,
  outPixelBytes: number,
  tile: (R: number, xTile: Local, yTile: Local) => void,
): void {
  const CI = s.inChannels;
  const OW = s.outWidth;
  const xRowBytes = (OW + s.filterWidth - 1) * CI * 4;
  const paddedHeight = s.outHeight + s.filterHeight - 1;
  const xImage = f.local('i32');
  const yImage = f.local('i32');
  const xRow = f.local('i32');
  const yRow = f.local('i32');
  const xTile = f.local('i32');
  const yTile = f.local('i32');
  const full = Math.floor(OW / pixels);
  const rest = OW - full * pixels;
  f.loop(s.batch, [
    { ptr: xImage, from: f.param(0), step: paddedHeight * xRowBytes },
    { ptr: yImage, from: f.param(2), step: s.outHeight * OW * outPixelBytes },
  ], () => {
    f.loop(s.outHeight, [
      { ptr: xRow, from: xImage, step: xRowBytes },
      { ptr: yRow, from: yImage, step: OW * outPixelBytes },
    ], () => {
      f.loop(full, [
        { ptr: xTile, from: xRow, step: pixels * CI * 4 },
        { ptr: yTile, from: yRow, step: pixels * outPixelBytes },
      ], () => tile(pixels, xTile, yTile));
      if (rest > 0) {
        // The row's last OW % pixels pixels: one narrower tile.
        f.assign(xTile, xRow, full * pixels * CI * 4);
        f.assign(yTile, yRow, full * pixels * outPixelBytes);
        tile(rest, xTile, yTile);
      }
    });
  });
}

/**
 * Generate `run(xpad, w, y, bias)` (byte addresses; y is written, not added to; bias [CO] is read
 * only when the epilogue has one). Relu is `s < 0 ? 0 : s`, as the cpu backend computes it.
 */
export function buildConvForward(s: ConvForwardShape, p: ConvForwardPlan, epilogue: ConvEpilogue = { bias: false, relu: false }): FunctionBuilder {
  const f = new FunctionBuilder(4);
  const { inChannels: CI, outChannels: CO, outWidth: OW } = s;
  const V = p.vectors;
  const xRowBytes = (OW + s.filterWidth - 1) * CI * 4;
  const J = s.filterWidth * CI;

  const wBlock = f.local('i32');
  const yBlock = f.local('i32');
  const biasBlock = f.local('i32');
  const xTap = f.local('i32');
  const wTap = f.local('i32');
  const xAt = f.local('i32');
  const wAt = f.local('i32');
  const acc: Local[][] = Array.from({ length: p.pixels }, () => Array.from({ length: V }, () => f.local('v128')));
  const weight: Local[] = Array.from({ length: V }, () => f.local('v128'));
  const splat = f.local('v128');

  /** One tile of R pixels starting at xTile / yTile, over every block of output channels. */
  const tile = (R: number, xTile: Local, yTile: Local) => {
    f.loop(CO / (4 * V), [
      { ptr: wBlock, from: f.param(1), step: 16 * V },
      { ptr: yBlock, from: yTile, step: 16 * V },
      { ptr: biasBlock, from: f.param(3), step: 16 * V },
    ], () => {
      for (let r = 0; r < R; r++) {
        for (let v = 0; v < V; v++) {
          if (epilogue.bias) f.get(biasBlock).v128Load(16 * v).set(acc[r][v]);
          else f.f32x4Const(0).set(acc[r][v]);
        }
      }
      f.loop(s.filterHeight, [
        { ptr: xTap, from: xTile, step: xRowBytes },
        { ptr: wTap, from: wBlock, step: J * CO * 4 },
      ], () => {
        f.loop(J, [
          { ptr: xAt, from: xTap, step: 4 },
          { ptr: wAt, from: wTap, step: CO * 4 },
        ], () => {
          for (let v = 0; v < V; v++) f.get(wAt).v128Load(16 * v).set(weight[v]);
          for (let r = 0; r < R; r++) {
            f.get(xAt).load32Splat(r * CI * 4).set(splat);
            for (let v = 0; v < V; v++) f.get(acc[r][v]).get(splat).get(weight[v]).f32x4Mul().f32x4Add().set(acc[r][v]);
          }
        });
      });
      for (let r = 0; r < R; r++) {
        for (let v = 0; v < V; v++) {
          f.get(yBlock).get(acc[r][v]);
          if (epilogue.relu) f.f32x4Const(0).f32x4Pmax();
          f.v128Store(r * CO * 4 + 16 * v);
        }
      }
    });
  };

  walkRowTiles(f, s, p.pixels, CO * 4, tile);
  return f;
}

/**
 * Generate `run(xpad, w, y, bias)` for one output channel (CO = 1, KW*CI % 4 == 0): vectors run
 * along the taps and input channels j (w[kh, j] is contiguous when CO = 1), a tile is `pixels`
 * accumulators, and each pixel's four lanes are added at the end, ((l0 + l1) + l2) + l3, then the
 * bias. No activation (the caller applies it).
 */
export function buildConvSingleOutput(s: ConvForwardShape, pixels: number, bias: boolean): FunctionBuilder {
  const f = new FunctionBuilder(4);
  const { inChannels: CI, outWidth: OW } = s;
  const J = s.filterWidth * CI;
  const xRowBytes = (OW + s.filterWidth - 1) * CI * 4;
  const xTap = f.local('i32');
  const wTap = f.local('i32');
  const xAt = f.local('i32');
  const wAt = f.local('i32');
  const acc: Local[] = Array.from({ length: pixels }, () => f.local('v128'));
  const weight = f.local('v128');

  const tile = (R: number, xTile: Local, yTile: Local) => {
    for (let r = 0; r < R; r++) f.f32x4Const(0).set(acc[r]);
    f.loop(s.filterHeight, [
      { ptr: xTap, from: xTile, step: xRowBytes },
      { ptr: wTap, from: f.param(1), step: J * 4 },
    ], () => {
      f.loop(J / 4, [
        { ptr: xAt, from: xTap, step: 16 },
        { ptr: wAt, from: wTap, step: 16 },
      ], () => {
        f.get(wAt).v128Load(0).set(weight);
        for (let r = 0; r < R; r++) f.get(acc[r]).get(xAt).v128Load(r * CI * 4).get(weight).f32x4Mul().f32x4Add().set(acc[r]);
      });
    });
    for (let r = 0; r < R; r++) {
      f.get(yTile);
      f.get(acc[r]).extractLane(0).get(acc[r]).extractLane(1).f32Add().get(acc[r]).extractLane(2).f32Add().get(acc[r]).extractLane(3).f32Add();
      if (bias) f.get(f.param(3)).f32Load(0).f32Add();
      f.f32Store(r * 4);
    }
  };

  walkRowTiles(f, s, pixels, 4, tile);
  return f;
}

/** Pixels per tile of the one-output-channel kernel (accumulators; one more register for w). */
const SINGLE_OUTPUT_PIXELS = 8;

/**
 * The one-output-channel kernel for `s` over `memory`, or null when CO != 1, KW*CI % 4 != 0 or
 * SIMD is missing.
 */
export function convSingleOutputKernel(s: ConvForwardShape, memory: WasmMemory, bias: boolean): KernelRun | null {
  if (s.outChannels !== 1 || (s.filterWidth * s.inChannels) % 4 !== 0) return null;
  const pixels = Math.min(SINGLE_OUTPUT_PIXELS, s.outWidth);
  const key = `conv-single-output ${JSON.stringify([s.batch, s.inChannels, s.outHeight, s.outWidth, s.filterHeight, s.filterWidth, bias])}`;
  return compiledKernel(memory, key, () => buildConvSingleOutput(s, pixels, bias));
}

/** The kernel for `s` over `memory`, or null when CO % 4 != 0 or SIMD is missing. */
export function convForwardKernel(s: ConvForwardShape, memory: WasmMemory, epilogue: ConvEpilogue = { bias: false, relu: false }): KernelRun | null {
  const plan = planConvForward(s);
  if (plan === null) return null;
  const key = `conv-forward ${JSON.stringify([s.batch, s.inChannels, s.outHeight, s.outWidth, s.outChannels, s.filterHeight, s.filterWidth, epilogue.bias, epilogue.relu])}`;
  return compiledKernel(memory, key, () => buildConvForward(s, plan, epilogue));
}
