/**
 * Kernel micro-benchmark and training-step throughput of the seed autoencoder on the wasm backend.
 *
 *   npx tsx scripts/bench-kernels.ts [--sizes 28,32] [--batch 128] [--steps 5] [--backend wasm] [--skip-micro]
 *
 * Prints one JSON object: engine info, per-kernel micro timings (our composed kernels and, where
 * the backend has one, its original), and per size: the median full Adam step (forward, BCE,
 * backward, update) in ms and images/s, the same with the generated SIMD kernels turned off (steps
 * alternated, with the median ratio of the pairs), plus a per-kernel breakdown of one profiled step.
 */
import { parseArgs } from 'node:util';
import { initEngine, tf, unregisterWasmTrainingKernels, registerWasmTrainingKernels } from '../src/engine/index.js';
import type { Tensor } from '../src/engine/index.js';
import { setGeneratedKernels } from '../src/engine/kernels/index.js';
import { buildSeedModel, randomValues, trainStep } from '../test/engine/helpers.js';

const { values: opts } = parseArgs({
  options: {
    sizes: { type: 'string', default: '28,32' },
    batch: { type: 'string', default: '128' },
    steps: { type: 'string', default: '5' },
    backend: { type: 'string', default: 'wasm' },
    'skip-micro': { type: 'boolean', default: false },
  },
});
const batch = Number(opts.batch);
const steps = Number(opts.steps);
const sizes = opts.sizes.split(',').map(Number);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 100) / 100;

/** Median wall time of `f` (tensors it returns are disposed); wasm kernels run synchronously. */
function time(f: () => Tensor | Tensor[], reps = 5): number {
  tf.dispose(f());
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    const r = f();
    ts.push(performance.now() - t0);
    tf.dispose(r);
  }
  return round(median(ts));
}

const t4 = (shape: [number, number, number, number], seed: number) =>
  tf.tensor4d(randomValues(shape.reduce((p, q) => p * q, 1), seed), shape);

/**
 * Time `work` with the generated SIMD kernels off and on, alternately, so that the machine's drift
 * weighs on both alike: one untimed pair, then `pairs` timed pairs (ms), and each pair's ratio.
 * Leaves the generated kernels on.
 */
function alternateGenerated(work: () => void, pairs: number): { without: number[]; generated: number[]; ratios: number[] } {
  const once = (on: boolean): number => {
    setGeneratedKernels(on);
    const t0 = performance.now();
    work();
    return performance.now() - t0;
  };
  once(false);
  once(true);
  const without: number[] = [];
  const generated: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < pairs; i++) {
    without.push(once(false));
    generated.push(once(true));
    ratios.push(generated[i] / without[i]);
  }
  return { without, generated, ratios };
}

/** One kernel call to time, with whether the wasm backend has an original kernel for it. */
interface MicroCase {
  name: string;
  call: () => Tensor | Tensor[];
  hasOriginal: boolean;
}

/**
 * Per kernel (batch `n`, the seed model's shapes): the backend's own kernel ('wasmOriginal', where
 * it has one), and ours with the generated SIMD kernels off ('oursWithoutGenerated': the previous
 * routes) and on ('ours'), the last two called alternately, 9 pairs, with the median ratio.
 */
function microKernels(): Record<string, Record<string, number>> {
  const n = batch;
  const tensors: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    tensors.push(t);
    return t;
  };
  const cases: MicroCase[] = [];
  const runKernel = (name: string, inputs: Record<string, Tensor>, attrs: Record<string, unknown>) => () =>
    tf.engine().runKernel(name, inputs, attrs as never) as Tensor;
  for (const [h, ci, co] of [[28, 1, 32], [28, 32, 1], [14, 32, 32], [7, 32, 32], [32, 1, 32], [32, 32, 1], [16, 32, 32], [8, 32, 32]]) {
    const x = keep(t4([n, h, h, ci], 1));
    const dy = keep(t4([n, h, h, co], 2));
    const w = keep(t4([3, 3, ci, co], 3));
    const bias = keep(tf.tensor1d(randomValues(co, 4)));
    const key = `${h}x${h} ${ci}->${co}`;
    cases.push({ name: `Conv2D ${key}`, call: () => tf.conv2d(x, w, 1, 'same'), hasOriginal: true });
    cases.push({
      name: `FusedConv2D ${key} bias ${co === 1 ? 'sigmoid' : 'relu'}`,
      call: () => tf.fused.conv2d({ x, filter: w, strides: 1, pad: 'same', bias, activation: co === 1 ? 'sigmoid' : 'relu' }),
      hasOriginal: true,
    });
    cases.push({
      name: `Conv2DBackpropFilter ${key}`,
      call: runKernel('Conv2DBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, ci, co] }),
      hasOriginal: false,
    });
    if (ci > 1) cases.push({ name: `Conv2DBackpropInput ${key}`, call: () => tf.conv2dTranspose(dy, w, [n, h, h, ci], 1, 'same'), hasOriginal: true });
  }
  for (const h of [28, 14, 32, 16]) {
    const x = keep(t4([n, h, h, 32], 4));
    const pooled = keep(tf.maxPool(x, 2, 2, 'same'));
    const small = keep(t4([n, h / 2, h / 2, 32], 5));
    cases.push({
      name: `MaxPoolGrad ${h}x${h}x32`,
      call: runKernel('MaxPoolGrad', { dy: small, input: x, output: pooled }, { filterSize: 2, strides: 2, pad: 'same' }),
      hasOriginal: true,
    });
    cases.push({ name: `ResizeNearestNeighbor ${h / 2}->${h} x32`, call: () => tf.image.resizeNearestNeighbor(small as tf.Tensor4D, [h, h]), hasOriginal: true });
    cases.push({
      name: `ResizeNearestNeighborGrad ${h / 2}->${h} x32`,
      call: runKernel('ResizeNearestNeighborGrad', { images: small, dy: x }, { alignCorners: false, halfPixelCenters: false }),
      hasOriginal: true,
    });
    cases.push({ name: `Sum [0,1,2] ${h}x${h}x32`, call: () => tf.sum(x, [0, 1, 2]), hasOriginal: true });
  }
  const out: Record<string, Record<string, number>> = {};
  for (const c of cases) {
    const row: Record<string, number> = {};
    if (c.hasOriginal) {
      unregisterWasmTrainingKernels();
      row.wasmOriginal = time(c.call, 3);
      registerWasmTrainingKernels();
    }
    const paired = alternateGenerated(() => tf.dispose(c.call()), 9);
    row.oursWithoutGenerated = round(median(paired.without));
    row.ours = round(median(paired.generated));
    row.ratio = round(median(paired.ratios));
    out[c.name] = row;
  }
  setGeneratedKernels(true);
  tf.dispose(tensors);
  return out;
}

async function trainingStep(size: number) {
  const model = buildSeedModel(size, 1);
  const opt = tf.train.adam(1e-3);
  const x = tf.tensor4d(randomValues(batch * size * size, 2, true), [batch, size, size, 1]);
  const y = tf.tensor4d(randomValues(batch * size * size, 3, true), [batch, size, size, 1]);
  // Steps with the generated SIMD kernels on and off, alternately (the warm-up pair sets up Adam's
  // slots and XNNPACK's operators for both routes).
  const paired = alternateGenerated(() => trainStep(model, opt, x, y), steps);
  const ts = paired.generated;
  const stepMs = median(ts);
  const prof = await tf.profile(() => {
    trainStep(model, opt, x, y);
  });
  const byKernel = new Map<string, number>();
  for (const k of prof.kernels) {
    if (k.name.endsWith('__op')) continue; // op wrappers nest their kernels' time
    byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  }
  const breakdown = Object.fromEntries([...byKernel.entries()].sort((a, b) => b[1] - a[1]).filter(([, ms]) => ms >= 0.5).map(([k, ms]) => [k, round(ms)]));
  model.dispose();
  opt.dispose();
  tf.dispose([x, y]);
  return {
    size,
    batch,
    stepMsMedian: round(stepMs),
    stepMsAll: ts.map(round),
    stepMsMedianWithoutGenerated: round(median(paired.without)),
    stepRatioGeneratedToWithout: round(median(paired.ratios)),
    imagesPerSecond: round((batch / stepMs) * 1000),
    profiledKernelMsByName: breakdown,
  };
}

const engine = await initEngine({ backend: opts.backend as 'wasm' | 'cpu' | 'tensorflow' | 'auto' });
const result: Record<string, unknown> = {
  engine,
  wasmMultithreadFlag: engine.backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT') : null,
  node: process.version,
  batch,
};
if (!opts['skip-micro'] && engine.backend === 'wasm') result.microKernelMs = microKernels();
result.trainingStep = [] as unknown[];
for (const size of sizes) (result.trainingStep as unknown[]).push(await trainingStep(size));
console.log(JSON.stringify(result, null, 2));
