import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError, initEngine, tf } from '../../src/engine/index.js';
import type { Tensor } from '../../src/engine/index.js';
import { setGeneratedKernels } from '../../src/engine/kernels/index.js';
import { bce, buildSeedModel, maxAbsDifference, randomValues, trainStep } from './helpers.js';

type Pad = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/** Run `f` on a backend and return its outputs' values (tensors are made inside `f`). */
async function on(backend: 'wasm' | 'cpu', f: () => Tensor | Tensor[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  const outs = tf.tidy(f);
  const list = Array.isArray(outs) ? outs : [outs];
  const vals = list.map((t) => t.dataSync() as Float32Array);
  tf.dispose(list);
  return vals;
}

/** wasm vs cpu: max abs difference relative to the reference's max abs value. */
async function parity(f: () => Tensor | Tensor[], tol = 1e-4): Promise<void> {
  const ref = await on('cpu', f);
  const got = await on('wasm', f);
  expect(got.length).toBe(ref.length);
  ref.forEach((r, k) => {
    const g = got[k];
    expect(g.length).toBe(r.length);
    const { diff, scale } = maxAbsDifference(g, r);
    expect(Number.isFinite(diff)).toBe(true);
    expect(diff).toBeLessThanOrEqual(tol * Math.max(scale, 1e-6));
  });
}

const t4 = (shape: [number, number, number, number], seed: number) =>
  tf.tensor4d(randomValues(shape[0] * shape[1] * shape[2] * shape[3], seed), shape);

function outSize(inSize: number, k: number, s: number, pad: Pad, padSum: number): number {
  if (pad === 'same') return Math.ceil(inSize / s);
  if (pad === 'valid') return Math.floor((inSize - k) / s) + 1;
  return Math.floor((inSize + padSum - k) / s) + 1;
}

interface ConvCase { n: number; h: number; w: number; ci: number; co: number; k: number; s: number; pad: Pad }
const convCases: ConvCase[] = [
  { n: 1, h: 5, w: 5, ci: 1, co: 32, k: 3, s: 1, pad: 'same' },
  { n: 3, h: 6, w: 7, ci: 32, co: 32, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 7, w: 7, ci: 32, co: 1, k: 3, s: 1, pad: 'same' },
  { n: 2, h: 8, w: 6, ci: 32, co: 1, k: 3, s: 1, pad: 'valid' },
  { n: 1, h: 9, w: 9, ci: 1, co: 32, k: 3, s: 1, pad: 'valid' },
  { n: 2, h: 7, w: 8, ci: 5, co: 3, k: 3, s: 1, pad: 'valid' },
  { n: 2, h: 6, w: 6, ci: 3, co: 4, k: 2, s: 1, pad: 'same' },
  { n: 2, h: 8, w: 8, ci: 4, co: 6, k: 3, s: 2, pad: 'same' },
  { n: 2, h: 9, w: 8, ci: 4, co: 5, k: 3, s: 2, pad: 'valid' },
  { n: 2, h: 9, w: 9, ci: 1, co: 4, k: 3, s: 2, pad: 'same' },
  { n: 2, h: 8, w: 9, ci: 6, co: 1, k: 3, s: 2, pad: 'valid' },
  { n: 2, h: 6, w: 5, ci: 3, co: 4, k: 3, s: 1, pad: 1 },
  { n: 2, h: 6, w: 5, ci: 3, co: 4, k: 3, s: 1, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
];

function shapesOf(c: ConvCase) {
  const padH = Array.isArray(c.pad) ? c.pad[1][0] + c.pad[1][1] : typeof c.pad === 'number' ? 2 * c.pad : 0;
  const padW = Array.isArray(c.pad) ? c.pad[2][0] + c.pad[2][1] : typeof c.pad === 'number' ? 2 * c.pad : 0;
  const oh = outSize(c.h, c.k, c.s, c.pad, padH);
  const ow = outSize(c.w, c.k, c.s, c.pad, padW);
  return {
    x: [c.n, c.h, c.w, c.ci] as [number, number, number, number],
    f: [c.k, c.k, c.ci, c.co] as [number, number, number, number],
    dy: [c.n, oh, ow, c.co] as [number, number, number, number],
  };
}

beforeAll(async () => {
  const info = await initEngine({ backend: 'wasm' });
  expect(info.backend).toBe('wasm');
});

afterAll(async () => {
  await tf.setBackend('wasm');
});

describe.each([true, false])('Conv2DBackpropFilter (wasm; generated SIMD kernels %s)', (generated) => {
  beforeAll(() => setGeneratedKernels(generated));
  afterAll(() => setGeneratedKernels(true));
  it.each(convCases)('matches cpu: %#', async (c) => {
    const s = shapesOf(c);
    await parity(() =>
      tf.engine().runKernel(
        'Conv2DBackpropFilter',
        { x: t4(s.x, 1), dy: t4(s.dy, 2) },
        { strides: [c.s, c.s], pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: s.f } as never,
      ) as Tensor,
    );
  });
});

describe('Conv2DBackpropInput (wasm, composed)', () => {
  it.each(convCases)('matches cpu: %#', async (c) => {
    const s = shapesOf(c);
    await parity(() => tf.conv2dTranspose(t4(s.dy, 3), t4(s.f, 4), s.x, c.s, c.pad));
  });
});

describe('conv gradients through tf.grads', () => {
  it.each(convCases.filter((c) => c.s === 1 || c.pad !== 'valid'))('dx, dW match cpu: %#', async (c) => {
    const s = shapesOf(c);
    await parity(() => {
      const x = t4(s.x, 5);
      const w = t4(s.f, 6);
      const up = t4(s.dy, 7);
      return tf.grads((a: Tensor, b: Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad), up)))([x, w]);
    });
  });
});

describe('Conv2D / FusedConv2D with one output channel (wasm, taps as the matmul\'s short side)', () => {
  const cases: Array<{ n: number; h: number; w: number; ci: number; k: number; pad: Pad }> = [
    { n: 3, h: 7, w: 6, ci: 32, k: 3, pad: 'same' },
    { n: 2, h: 8, w: 9, ci: 5, k: 3, pad: 'valid' },
    { n: 2, h: 6, w: 5, ci: 4, k: 2, pad: 'same' },
    { n: 1, h: 6, w: 7, ci: 3, k: 3, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
    { n: 2, h: 5, w: 5, ci: 1, k: 3, pad: 1 },
  ];
  it.each(cases)('conv2d matches cpu: %j', async (c) => {
    await parity(() => tf.conv2d(t4([c.n, c.h, c.w, c.ci], 41), t4([c.k, c.k, c.ci, 1], 42), 1, c.pad));
  });
  it.each(['linear', 'relu', 'sigmoid', 'elu'] as const)('fused conv2d with bias and %s matches cpu', async (activation) => {
    await parity(() =>
      tf.fused.conv2d({ x: t4([2, 7, 7, 32], 43), filter: t4([3, 3, 32, 1], 44), strides: 1, pad: 'same', bias: tf.tensor1d([0.3]), activation }),
    );
  });
  it('strides 2 and several output channels still match cpu (original kernel)', async () => {
    await parity(() => tf.conv2d(t4([2, 8, 8, 4], 45), t4([3, 3, 4, 1], 46), 2, 'same'));
    await parity(() => tf.conv2d(t4([2, 8, 8, 4], 47), t4([3, 3, 4, 2], 48), 1, 'same'));
  });
});

describe('Identity (wasm, shares the buffer)', () => {
  it('a clone keeps its values after the source is disposed, and memory is freed with the last holder', async () => {
    await tf.setBackend('wasm');
    const backend = tf.backend() as unknown as { numDataIds(): number };
    const before = backend.numDataIds();
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    expect(backend.numDataIds() - before).toBe(1); // one buffer for both
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
    expect(backend.numDataIds()).toBe(before);
  });
});

describe('MaxPoolGrad (wasm, JS over the heap)', () => {
  const cases: Array<[[number, number, number, number], number, number, 'same' | 'valid']> = [
    [[2, 8, 8, 32], 2, 2, 'same'],
    [[3, 7, 7, 1], 2, 2, 'same'],
    [[1, 7, 6, 3], 2, 2, 'valid'],
    [[2, 9, 9, 4], 3, 2, 'same'],
    [[2, 5, 5, 2], 3, 1, 'valid'],
  ];
  it.each(cases)('matches cpu: %j pool %d stride %d %s', async (shape, k, s, pad) => {
    await parity(() => tf.grad((x: Tensor) => tf.sum(tf.mul(tf.maxPool(x as tf.Tensor4D, k, s, pad), 1.5)))(t4(shape, 8)));
  });
  it('routes ties to the first maximum like cpu', async () => {
    // relu'd and rounded values: many equal maxima (all-zero windows) in each 2x2 window.
    await parity(() => {
      const x = tf.round(tf.relu(tf.mul(t4([2, 6, 6, 3], 9), 2)));
      const up = t4([2, 3, 3, 3], 10);
      return tf.grad((a: Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, 2, 2, 'same'), up)))(x);
    });
  });
});

/** Independent reference: nearest-neighbour source index as documented for tf.image.resizeNearestNeighbor. */
function refResizeGrad(dy: Float32Array, [n, h, w, c]: number[], [oh, ow]: number[], align: boolean, half: boolean): Float32Array {
  const src = (o: number, out: number, inp: number) => {
    const ratio = align && out > 1 ? (inp - 1) / (out - 1) : inp / out;
    const f = half ? ratio * (o + 0.5) : ratio * o;
    const s = Math.min(inp - 1, align ? Math.round(f) : Math.floor(f));
    return half ? Math.max(0, s) : s;
  };
  const dx = new Float32Array(n * h * w * c);
  for (let b = 0; b < n; b++)
    for (let y = 0; y < oh; y++)
      for (let x = 0; x < ow; x++)
        for (let k = 0; k < c; k++) dx[((b * h + src(y, oh, h)) * w + src(x, ow, w)) * c + k] += dy[((b * oh + y) * ow + x) * c + k];
  return dx;
}

describe('ResizeNearestNeighborGrad (wasm; cpu fix)', () => {
  const cases: Array<[[number, number, number, number], [number, number], boolean, boolean]> = [
    [[2, 7, 7, 32], [14, 14], false, false],
    [[1, 4, 5, 1], [12, 10], false, false],
    [[3, 4, 4, 3], [6, 7], false, false],
    [[2, 4, 4, 3], [8, 8], true, false],
    [[2, 4, 4, 3], [8, 8], false, true],
    [[2, 5, 3, 2], [3, 7], false, false],
  ];
  it.each(cases)('matches an independent reference on wasm and cpu: %j -> %j align=%s half=%s', async (shape, size, align, half) => {
    const dyShape: [number, number, number, number] = [shape[0], size[0], size[1], shape[3]];
    const ref = refResizeGrad(randomValues(dyShape.reduce((p, q) => p * q, 1), 12), shape, size, align, half);
    for (const backend of ['wasm', 'cpu'] as const) {
      const [got] = await on(backend, () =>
        tf.grad((a: Tensor) => tf.sum(tf.mul(tf.image.resizeNearestNeighbor(a as tf.Tensor4D, size, align, half), t4(dyShape, 12))))(t4(shape, 11)),
      );
      let diff = 0;
      for (let i = 0; i < ref.length; i++) diff = Math.max(diff, Math.abs(ref[i] - got[i]));
      expect(diff, backend).toBeLessThan(1e-5);
    }
  });
  it.each(cases)('forward matches cpu: %j -> %j align=%s half=%s', async (shape, size, align, half) => {
    await parity(() => tf.image.resizeNearestNeighbor(t4(shape, 11), size, align, half));
  });
});

describe('Sum (wasm, leading-axes fast path)', () => {
  const cases: Array<[number[], boolean]> = [
    [[0, 1, 2], false],
    [[0, 1, 2], true],
    [[0], false],
    [[1, 2], false], // not leading: original kernel
    [[-1], false],
    [[2, 1, 0], false],
  ];
  it.each(cases)('matches cpu: axes %j keepDims %s', async (axes, keep) => {
    await parity(() => tf.sum(t4([3, 5, 7, 32], 13), axes, keep));
  });
});

describe('other kernels of a training step exist on wasm and match cpu', () => {
  it('relu/sigmoid/log/clip/maxPool/upsample forward and gradients', async () => {
    await parity(() => {
      const x = t4([2, 6, 6, 4], 14);
      return tf.grads((a: Tensor) => {
        const p = tf.image.resizeNearestNeighbor(tf.maxPool(tf.relu(a) as tf.Tensor4D, 2, 2, 'same'), [6, 6]);
        const s = tf.clipByValue(tf.sigmoid(p), 1e-7, 1 - 1e-7);
        return tf.sum(tf.log(s));
      })([x]);
    });
  });
});

describe('unsupported configs', () => {
  it('throws a clear EngineError naming the attribute', async () => {
    await tf.setBackend('wasm');
    const x = t4([1, 6, 6, 2], 1);
    const dy = t4([1, 2, 2, 3], 2);
    const run = (attrs: object) => () =>
      tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { dataFormat: 'NHWC', filterShape: [3, 3, 2, 3], pad: 'valid', ...attrs } as never);
    expect(run({ strides: [3, 3] })).toThrow(EngineError);
    expect(run({ strides: [3, 3] })).toThrow(/strides \[3, 3\]/);
    expect(run({ strides: 1, dataFormat: 'NCHW' })).toThrow(/dataFormat 'NCHW'/);
    const dx = () =>
      tf.engine().runKernel('Conv2DBackpropInput', { dy: t4([1, 6, 6, 3], 3), filter: t4([3, 3, 2, 3], 4) }, {
        strides: 1, pad: [[0, 0], [3, 3], [0, 0], [0, 0]], dataFormat: 'NHWC', inputShape: [1, 2, 4, 2],
      } as never);
    expect(dx).toThrow(/padding/);
    tf.dispose([x, dy]);
  });
});

describe('training on wasm', () => {
  it('seed model: a few Adam steps give the same losses as cpu (1e-4 relative)', async () => {
    const size = 12;
    const n = 2;
    const losses = async (backend: 'wasm' | 'cpu') => {
      await tf.setBackend(backend);
      const model = buildSeedModel(size, 7);
      const opt = tf.train.adam(1e-3);
      const x = tf.tensor4d(randomValues(n * size * size, 21, true), [n, size, size, 1]);
      const y = tf.tensor4d(randomValues(n * size * size, 22, true), [n, size, size, 1]);
      const out = [0, 1, 2, 3].map(() => trainStep(model, opt, x, y));
      model.dispose();
      opt.dispose();
      tf.dispose([x, y]);
      return out;
    };
    const cpu = await losses('cpu');
    const wasm = await losses('wasm');
    expect(cpu[3]).toBeLessThan(cpu[0]);
    wasm.forEach((l, i) => expect(Math.abs(l - cpu[i]) / Math.abs(cpu[i])).toBeLessThan(1e-4));
  });

  it('memory stays flat over 100 training steps', async () => {
    await tf.setBackend('wasm');
    const size = 8;
    const model = buildSeedModel(size, 3, 4);
    const opt = tf.train.adam(1e-3);
    const x = tf.tensor4d(randomValues(4 * size * size, 31, true), [4, size, size, 1]);
    const y = tf.tensor4d(randomValues(4 * size * size, 32, true), [4, size, size, 1]);
    const backend = tf.backend() as unknown as { numDataIds(): number };
    trainStep(model, opt, x, y); // creates Adam's slots
    const before = { ...tf.memory(), ids: backend.numDataIds() };
    for (let i = 0; i < 100; i++) trainStep(model, opt, x, y);
    const after = { ...tf.memory(), ids: backend.numDataIds() };
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numBytes).toBe(before.numBytes);
    expect(after.ids).toBe(before.ids);
    model.dispose();
    opt.dispose();
    tf.dispose([x, y]);
    void bce;
  });
});
