/**
 * The generated WebAssembly SIMD kernels: their encoder, their numbers against independent
 * float64 references written from the definitions, and the wasm backend really running them in
 * place (bit-identical to the generated kernel run on its own memory).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { initEngine, tf } from '../../src/engine/index.js';
import type { Tensor } from '../../src/engine/index.js';
import { setGeneratedKernels } from '../../src/engine/kernels/index.js';
import { FunctionBuilder, moduleBytes, sleb, uleb } from '../../src/engine/kernels/wasm-simd/function-builder.js';
import {
  filterGradientKernel,
  filterGradientSimd,
  planFilterGradient,
  type FilterGradientShape,
} from '../../src/engine/kernels/wasm-simd/filter-gradient.js';
import { heapMemory, type WasmBackendLike } from '../../src/engine/kernels/wasm-calls.js';
import { webAssembly } from '../../src/engine/kernels/wasm-simd/webassembly.js';
import { convForwardKernel, planConvForward } from '../../src/engine/kernels/wasm-simd/conv-forward.js';
import { runOnOwnMemory } from '../../src/engine/kernels/wasm-simd/kernel-cache.js';
import { maxAbsDifference, randomValues } from './helpers.js';

/** Every element within `relative` times the reference's largest magnitude (at least 1). */
function expectClose(got: ArrayLike<number>, want: Float64Array, relative: number): void {
  expect(got.length).toBe(want.length);
  const { diff, scale } = maxAbsDifference(got, want);
  expect(Number.isFinite(diff)).toBe(true);
  expect(diff).toBeLessThanOrEqual(relative * Math.max(scale, 1));
}

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

afterAll(() => {
  setGeneratedKernels(true);
});

describe('LEB128 encoding', () => {
  // The examples of the DWARF 4 specification, section 7.6, and Wikipedia's.
  it.each([
    [2, [2]],
    [127, [127]],
    [128, [0x80, 1]],
    [129, [0x81, 1]],
    [130, [0x82, 1]],
    [12857, [0xb9, 0x64]],
    [624485, [0xe5, 0x8e, 0x26]],
  ])('unsigned %d', (value, bytes) => {
    expect(uleb(value)).toEqual(bytes);
  });
  it.each([
    [2, [2]],
    [-2, [0x7e]],
    [127, [0xff, 0]],
    [-127, [0x81, 0x7f]],
    [128, [0x80, 1]],
    [-128, [0x80, 0x7f]],
    [129, [0x81, 1]],
    [-129, [0xff, 0x7e]],
    [-123456, [0xc0, 0xbb, 0x78]],
  ])('signed %d', (value, bytes) => {
    expect(sleb(value)).toEqual(bytes);
  });
  it('rejects what is not an integer of its range', () => {
    expect(() => uleb(-1)).toThrow(ArgumentError);
    expect(() => sleb(2 ** 31)).toThrow(ArgumentError);
  });
});

describe('FunctionBuilder', () => {
  it('assembles a module that runs: a counted loop adding f32x4 vectors', () => {
    // run(a, b, out): out[i] = a[i] * b[i] + a[i] for 3 vectors, then lanes compared by hand.
    const f = new FunctionBuilder(3);
    const pa = f.local('i32');
    const pb = f.local('i32');
    const po = f.local('i32');
    const va = f.local('v128');
    f.loop(3, [
      { ptr: pa, from: f.param(0), step: 16 },
      { ptr: pb, from: f.param(1), step: 16 },
      { ptr: po, from: f.param(2), step: 16 },
    ], () => {
      f.get(pa).v128Load(0).set(va);
      f.get(po).get(va).get(pb).v128Load(0).f32x4Mul().get(va).f32x4Add().v128Store(0);
    });
    if (webAssembly === null) throw new Error('this engine has no WebAssembly');
    const memory = new webAssembly.Memory({ initial: 1 });
    const run = new webAssembly.Instance(new webAssembly.Module(moduleBytes(f, 1)), { env: { memory } }).exports.run;
    const heap = new Float32Array(memory.buffer);
    const a = Float32Array.from({ length: 12 }, (_, i) => i + 1);
    const b = Float32Array.from({ length: 12 }, (_, i) => 0.5 * (i % 3));
    heap.set(a, 0);
    heap.set(b, 16);
    if (typeof run !== 'function') throw new Error('no run export');
    run(0, 64, 128);
    expect([...heap.subarray(32, 44)]).toEqual([...a].map((v, i) => v * b[i] + v));
    expect(heap[44]).toBe(0); // nothing written past the 3 vectors
  });
});

/** dW from the definition, in float64, zero padding by bounds checks (no code shared with the kernel). */
function referenceFilterGradient(s: FilterGradientShape, x: Float32Array, dy: Float32Array): Float64Array {
  const { batch: N, inHeight: H, inWidth: W, inChannels: CI, outHeight: OH, outWidth: OW, outChannels: CO } = s;
  const out = new Float64Array(s.filterHeight * s.filterWidth * CI * CO);
  for (let n = 0; n < N; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        for (let a = 0; a < s.filterHeight; a++) {
          for (let b = 0; b < s.filterWidth; b++) {
            const h = oh * s.strideHeight + a - s.padTop;
            const w = ow * s.strideWidth + b - s.padLeft;
            if (h < 0 || h >= H || w < 0 || w >= W) continue;
            for (let ci = 0; ci < CI; ci++) {
              const xv = x[((n * H + h) * W + w) * CI + ci];
              for (let co = 0; co < CO; co++) {
                out[((a * s.filterWidth + b) * CI + ci) * CO + co] += xv * dy[((n * OH + oh) * OW + ow) * CO + co];
              }
            }
          }
        }
      }
    }
  }
  return out;
}

const shape = (o: Partial<FilterGradientShape> & Pick<FilterGradientShape, 'inHeight' | 'inWidth' | 'inChannels' | 'outChannels'>): FilterGradientShape => {
  const s = { batch: 2, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 1, padLeft: 1, ...o };
  return {
    ...s,
    outHeight: o.outHeight ?? Math.floor((s.inHeight + 2 * s.padTop - s.filterHeight) / s.strideHeight) + 1,
    outWidth: o.outWidth ?? Math.floor((s.inWidth + 2 * s.padLeft - s.filterWidth) / s.strideWidth) + 1,
  };
};

const filterCases: Array<[string, FilterGradientShape]> = [
  ['32->32 same (tiles 4x2)', shape({ inHeight: 6, inWidth: 7, inChannels: 32, outChannels: 32, batch: 3 })],
  ['1->32 same (first layer)', shape({ inHeight: 5, inWidth: 6, inChannels: 1, outChannels: 32 })],
  ['32->1 same (last layer, vectors along in)', shape({ inHeight: 7, inWidth: 5, inChannels: 32, outChannels: 1 })],
  ['8->3 same (along in, 3 scalars)', shape({ inHeight: 4, inWidth: 4, inChannels: 8, outChannels: 3 })],
  ['3->4 valid k2 (along out, 3 scalars)', shape({ inHeight: 6, inWidth: 5, inChannels: 3, outChannels: 4, filterHeight: 2, filterWidth: 2, padTop: 0, padLeft: 0 })],
  ['4->12 stride 2 valid, unused last row and column', shape({ inHeight: 9, inWidth: 8, inChannels: 4, outChannels: 12, strideHeight: 2, strideWidth: 2, padTop: 0, padLeft: 0 })],
  ['4->8 stride 2 with top/left pad', shape({ inHeight: 8, inWidth: 9, inChannels: 4, outChannels: 8, strideHeight: 2, strideWidth: 2 })],
  ['asymmetric pads (2 top, 0 left), 5x3 filter', shape({ inHeight: 6, inWidth: 7, inChannels: 4, outChannels: 4, filterHeight: 5, padTop: 2, padLeft: 0, outHeight: 6, outWidth: 5 })],
  ['1x1 image: taps that never touch it', shape({ inHeight: 1, inWidth: 1, inChannels: 4, outChannels: 8 })],
];

describe('filter gradient (generated SIMD kernel)', () => {
  it.each(filterCases)('matches the float64 definition: %s', (_, s) => {
    const x = randomValues(s.batch * s.inHeight * s.inWidth * s.inChannels, 21);
    const dy = randomValues(s.batch * s.outHeight * s.outWidth * s.outChannels, 22);
    const out = new Float32Array(s.filterHeight * s.filterWidth * s.inChannels * s.outChannels).fill(Number.NaN);
    expect(filterGradientSimd(s, x, dy, out)).toBe(true);
    expectClose(out, referenceFilterGradient(s, x, dy), 1e-6);
  });

  it('covers both tilings and declines channel counts it cannot vectorise', () => {
    expect(planFilterGradient(filterCases[0][1])).toEqual({ mode: 'vectors-along-out', rows: 4, vectors: 2 });
    expect(planFilterGradient(filterCases[2][1])).toEqual({ mode: 'vectors-along-in', rows: 1, vectors: 8 });
    expect(planFilterGradient(shape({ inHeight: 5, inWidth: 5, inChannels: 5, outChannels: 3 }))).toBeNull();
    const out = new Float32Array(9 * 15);
    expect(filterGradientSimd(shape({ inHeight: 5, inWidth: 5, inChannels: 5, outChannels: 3 }), new Float32Array(2 * 25 * 5), new Float32Array(2 * 25 * 3), out)).toBe(false);
  });

  it('is deterministic: two runs give the same bits', () => {
    const s = filterCases[0][1];
    const x = randomValues(s.batch * s.inHeight * s.inWidth * s.inChannels, 23);
    const dy = randomValues(s.batch * s.outHeight * s.outWidth * s.outChannels, 24);
    const a = new Float32Array(9 * 32 * 32);
    const b = new Float32Array(9 * 32 * 32);
    filterGradientSimd(s, x, dy, a);
    filterGradientSimd(s, x, dy, b);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
  });

  it('the wasm backend runs it in place on its heap (bit-identical to the kernel on its own memory)', () => {
    const backend = tf.backend() as unknown as WasmBackendLike;
    const memory = heapMemory(backend);
    expect(memory).not.toBeNull();
    for (const [, s] of filterCases.slice(0, 3)) {
      if (memory !== null) expect(filterGradientKernel(s, memory)).not.toBeNull();
      const x = randomValues(s.batch * s.inHeight * s.inWidth * s.inChannels, 25);
      const dy = randomValues(s.batch * s.outHeight * s.outWidth * s.outChannels, 26);
      const own = new Float32Array(s.filterHeight * s.filterWidth * s.inChannels * s.outChannels);
      filterGradientSimd(s, x, dy, own);
      const viaBackend = tf.tidy(() =>
        (tf.engine().runKernel(
          'Conv2DBackpropFilter',
          { x: tf.tensor4d(x, [s.batch, s.inHeight, s.inWidth, s.inChannels]), dy: tf.tensor4d(dy, [s.batch, s.outHeight, s.outWidth, s.outChannels]) },
          { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, s.inChannels, s.outChannels] } as never,
        ) as Tensor).dataSync(),
      );
      expect(Buffer.from(viaBackend.buffer, viaBackend.byteOffset, viaBackend.byteLength).equals(Buffer.from(own.buffer))).toBe(true);
    }
  });
});

/** Max-pool 2x2/2 gradient from the definition: dy to the first strict maximum, row-major. */
function referenceMaxPoolGrad(x: Float32Array, dy: Float32Array, [n, h, w, c]: number[]): Float32Array {
  const dx = new Float32Array(x.length);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h / 2; i++) {
      for (let j = 0; j < w / 2; j++) {
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (const [di, dj] of [[0, 0], [0, 1], [1, 0], [1, 1]]) {
            const p = ((b * h + 2 * i + di) * w + 2 * j + dj) * c + k;
            if (x[p] > best) {
              best = x[p];
              at = p;
            }
          }
          if (at >= 0) dx[at] = dy[((b * (h / 2) + i) * (w / 2) + j) * c + k];
        }
      }
    }
  }
  return dx;
}

describe('max-pool 2x2 gradient (generated SIMD kernel)', () => {
  it('routes ties, NaN and -Infinity windows as the definition does, with and without the kernel', () => {
    const dims = [2, 6, 8, 8];
    const size = dims.reduce((p, q) => p * q, 1);
    // Rounded values: many equal maxima; some NaN and -Infinity, and one window all -Infinity.
    const x = randomValues(size, 31).map((v, i) => (i % 37 === 0 ? Number.NaN : i % 41 === 0 ? -Infinity : Math.round(v * 2)));
    for (let k = 0; k < 8; k++) for (const [di, dj] of [[0, 0], [0, 1], [1, 0], [1, 1]]) x[(di * 8 + dj) * 8 + k] = -Infinity;
    const dy = randomValues(size / 4, 32);
    const ref = referenceMaxPoolGrad(x, dy, dims);
    for (const generated of [true, false]) {
      setGeneratedKernels(generated);
      const got = tf.tidy(() => {
        const input = tf.tensor4d(x, [2, 6, 8, 8]);
        const g = tf.tensor4d(dy, [2, 3, 4, 8]);
        return (tf.engine().runKernel('MaxPoolGrad', { dy: g, input, output: g }, { filterSize: 2, strides: 2, pad: 'same' } as never) as Tensor).dataSync();
      });
      expect([...got], `generated kernels ${generated}`).toEqual([...ref]);
    }
    setGeneratedKernels(true);
  });
});

describe('upsampling by whole factors (generated SIMD kernels)', () => {
  it('forward copies each pixel to its block; the gradient sums the block in order (3x2, 4 channels)', () => {
    const [n, h, w, c, sh, sw] = [2, 3, 4, 4, 3, 2];
    const small = randomValues(n * h * w * c, 33);
    const large = randomValues(n * h * sh * w * sw * c, 34);
    const up = new Float32Array(large.length);
    const down = new Float32Array(small.length);
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < h * sh; i++) {
        for (let j = 0; j < w * sw; j++) {
          for (let k = 0; k < c; k++) {
            const o = ((b * h * sh + i) * w * sw + j) * c + k;
            const s = ((b * h + Math.floor(i / sh)) * w + Math.floor(j / sw)) * c + k;
            up[o] = small[s];
            down[s] = Math.fround(down[s] + large[o]); // row by row, left to right: the kernel's order
          }
        }
      }
    }
    for (const generated of [true, false]) {
      setGeneratedKernels(generated);
      const [fwd, grad] = tf.tidy(() => {
        const a = tf.tensor4d(small, [n, h, w, c]);
        const g = tf.tensor4d(large, [n, h * sh, w * sw, c]);
        const f = tf.image.resizeNearestNeighbor(a, [h * sh, w * sw]).dataSync();
        const d = tf.grad((t: Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(t as tf.Tensor4D, [h * sh, w * sw]), g)))(a).dataSync();
        return [f, d];
      });
      expect([...fwd], `forward, generated kernels ${generated}`).toEqual([...up]);
      expect([...grad], `gradient, generated kernels ${generated}`).toEqual([...down]);
    }
    setGeneratedKernels(true);
  });
});

/** Stride-1 conv from the definition, float64, zero padding by bounds checks. */
function referenceConv(x: Float32Array, w: Float32Array, [n, h, wd, ci]: number[], [kh, kw, , co]: number[], top: number, left: number, oh: number, ow: number): Float64Array {
  const y = new Float64Array(n * oh * ow * co);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      for (let j = 0; j < ow; j++) {
        for (let a = 0; a < kh; a++) {
          for (let c = 0; c < kw; c++) {
            const r = i + a - top;
            const q = j + c - left;
            if (r < 0 || r >= h || q < 0 || q >= wd) continue;
            for (let k = 0; k < ci; k++) {
              const xv = x[((b * h + r) * wd + q) * ci + k];
              for (let o = 0; o < co; o++) y[((b * oh + i) * ow + j) * co + o] += xv * w[((a * kw + c) * ci + k) * co + o];
            }
          }
        }
      }
    }
  }
  return y;
}

describe('stride-1 convolution (generated SIMD kernel, through tf.conv2d and its gradients)', () => {
  type Case = [string, number[], number[], 'same' | 'valid' | ExplicitPad];
  type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];
  const cases: Case[] = [
    ['14x14 32->32 same (tiles of 4 pixels, a last tile of 2)', [2, 14, 14, 32], [3, 3, 32, 32], 'same'],
    ['1->32 same (the first layer)', [2, 9, 8, 1], [3, 3, 1, 32], 'same'],
    ['7x7 8->4 same (a last tile of 3; one vector)', [3, 7, 7, 8], [3, 3, 8, 4], 'same'],
    ['valid, 5x3 filter', [2, 9, 6, 4], [5, 3, 4, 8], 'valid'],
    ['explicit asymmetric pads, a 2-pixel-wide output', [2, 4, 1, 4], [3, 2, 4, 8], [[0, 0], [2, 0], [0, 1], [0, 0]]],
  ];
  it.each(cases)('matches the float64 definition, forward and input gradient: %s', (_, xs, ws, pad) => {
    const x = randomValues(xs.reduce((p, q) => p * q, 1), 41);
    const w = randomValues(ws.reduce((p, q) => p * q, 1), 42);
    const [y, yShape, dx] = tf.tidy(() => {
      const xt = tf.tensor4d(x, xs as [number, number, number, number]);
      const wt = tf.tensor4d(w, ws as [number, number, number, number]);
      const out = tf.conv2d(xt, wt, 1, pad);
      // d(sum(y))/dx: Conv2DBackpropInput of ones, itself a stride-1 convolution.
      const grad = tf.grad((a: Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, wt, 1, pad)))(xt);
      return [out.dataSync(), out.shape, grad.dataSync()] as const;
    });
    const [, oh, ow] = yShape;
    const top = pad === 'same' ? Math.floor((ws[0] - 1) / 2) : pad === 'valid' ? 0 : pad[1][0];
    const left = pad === 'same' ? Math.floor((ws[1] - 1) / 2) : pad === 'valid' ? 0 : pad[2][0];
    const ref = referenceConv(x, w, xs, ws, top, left, oh, ow);
    expect(y.length).toBe(ref.length);
    // float32 sums of up to 288 terms: within 2e-6 of the largest output.
    expectClose(y, ref, 2e-6);
    // The input gradient of sum(y): each x pixel times the filter taps that reach a valid output.
    const dxRef = new Float64Array(x.length);
    const [n, h, wd, ci] = xs;
    const [kh, kw, , co] = ws;
    for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++)
      for (let a = 0; a < kh; a++) for (let c = 0; c < kw; c++) {
        const r = i + a - top;
        const q = j + c - left;
        if (r < 0 || r >= h || q < 0 || q >= wd) continue;
        for (let k = 0; k < ci; k++) for (let o = 0; o < co; o++) dxRef[((b * h + r) * wd + q) * ci + k] += w[((a * kw + c) * ci + k) * co + o];
      }
    expectClose(dx, dxRef, 2e-6);
  });

  it('the wasm backend runs it in place (bit-identical to the kernel on its own memory)', () => {
    const xs = [2, 14, 14, 32];
    const ws = [3, 3, 32, 32];
    const x = randomValues(xs.reduce((p, q) => p * q, 1), 43);
    const w = randomValues(ws.reduce((p, q) => p * q, 1), 44);
    const y = tf.tidy(() => tf.conv2d(tf.tensor4d(x, [2, 14, 14, 32]), tf.tensor4d(w, [3, 3, 32, 32]), 1, 'same').dataSync());
    // Pad by hand to [2, 16, 16, 32] and run the generated kernel alone.
    const xpad = new Float32Array(2 * 16 * 16 * 32);
    for (let b = 0; b < 2; b++) for (let i = 0; i < 14; i++) xpad.set(x.subarray(((b * 14 + i) * 14) * 32, ((b * 14 + i) * 14 + 14) * 32), ((b * 16 + i + 1) * 16 + 1) * 32);
    const shape = { batch: 2, inChannels: 32, outHeight: 14, outWidth: 14, outChannels: 32, filterHeight: 3, filterWidth: 3 };
    expect(planConvForward(shape)).toEqual({ pixels: 4, vectors: 2 });
    const own = runOnOwnMemory([xpad, w], y.length, (memory) => convForwardKernel(shape, memory));
    expect(own).not.toBeNull();
    if (own !== null) expect(Buffer.from(y.buffer, y.byteOffset, y.byteLength).equals(Buffer.from(own.buffer))).toBe(true);
  });
});

describe('fused convolution: bias and relu, and one output channel (generated SIMD kernels)', () => {
  const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
  it.each([
    ['32->8, bias, relu', [2, 6, 7, 32], [3, 3, 32, 8], 'relu'],
    ['4->4, bias, linear', [2, 5, 5, 4], [3, 3, 4, 4], 'linear'],
    ['32->1, bias, sigmoid (the last layer)', [2, 9, 10, 32], [3, 3, 32, 1], 'sigmoid'],
    ['8->1, bias, relu', [3, 4, 11, 8], [3, 3, 8, 1], 'relu'],
  ] as const)('matches the float64 definition: %s', (_, xs, ws, activation) => {
    const x = randomValues(xs.reduce((p: number, q: number) => p * q, 1), 51);
    const w = randomValues(ws.reduce((p: number, q: number) => p * q, 1), 52);
    const bias = randomValues(ws[3], 53);
    // Make a good share of the pre-activations negative, so that relu has work to do.
    const y = tf.tidy(() =>
      tf.fused
        .conv2d({
          x: tf.tensor4d(x, [...xs]),
          filter: tf.tensor4d(w, [...ws]),
          strides: 1,
          pad: 'same',
          bias: tf.tensor1d(bias),
          activation,
        })
        .dataSync(),
    );
    const ref = referenceConv(x, w, [...xs], [...ws], 1, 1, xs[1], xs[2]).map((v, i) => {
      const z = v + bias[i % ws[3]];
      return activation === 'relu' ? Math.max(z, 0) : activation === 'sigmoid' ? sigmoid(z) : z;
    });
    expect(ref.some((v) => v === 0) || activation !== 'relu').toBe(true);
    expectClose(y, ref, 2e-6);
  });
});
