/**
 * Training benchmark of the seed autoencoder, shared by `npm run bench` and `boundary-effects bench`:
 * the training throughput (images/s, batch 128, after warm-up) of `baseline28` and `edge32` with the
 * project's own training step, in one worker process alone and in two worker processes at the same
 * time, and the peak RSS of a full-data `edge32` run setup (60,000 padded + noisy train images, the
 * test split, the model, a few steps and one full per-pixel test evaluation) in its own process.
 * Each measurement runs in a fresh child process (benchmark-child.ts).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { padInto, planPad } from '../data/pad.js';
import { createRng } from '../data/random.js';
import { initEngine, type BackendName, type EngineInfo } from '../engine/backend.js';
import { tf } from '../engine/tf.js';
import { buildAutoencoder } from '../model/autoencoder.js';
import { regionMask } from '../model/region-mask.js';
import { createTrainer } from '../model/trainer.js';
import { makeRunConfig } from '../train/config.js';
import { evaluatePixelLosses } from '../train/evaluate.js';
import { measureEpochOverhead, type EpochOverheadReport } from './epoch-overhead.js';
import { createReferenceConv, type ReferenceConvRate } from './reference-conv.js';
import { prepareRunData } from '../train/run-data.js';
import { convStepFlops } from './step-flops.js';
import { parseVariant } from '../train/variants.js';

const BATCH = 128;
/** Targets on these 2-core machines with the wasm backend. */
export const BENCHMARK_TARGETS = {
  baseline28: 300,
  edge32: 230,
  twoWorkerScaling: 1.8,
  peakRssGB: 2.5,
  padTrainSetMs: 1000,
  /** Step time at most floor / 0.6 (see engineFractionOfFloor). */
  floorFraction: 0.6,
  /** Time outside the optimizer steps, as a share of a full-data epoch. */
  epochOverheadShare: 0.05,
};

export type BenchmarkRole = 'throughput' | 'rss' | 'overhead';
type Role = BenchmarkRole;
interface ThroughputReport {
  type: 'throughput';
  images: number;
  seconds: number;
  imagesPerSecond: number;
  /** CPU seconds this process got per wall second while measuring: < 1 means it waited for a core. */
  cpuShare: number;
  /** Median CPU milliseconds of one training step while measuring. */
  stepCpuMs: number;
  /** Convolution FLOPs of one step (see convStepFlops). */
  stepFlops: number;
  /** The reference convolution, timed in this process right after the steps. */
  reference: ReferenceConvRate;
  engine: EngineInfo;
}
interface RssReport { type: 'rss'; maxRssBytes: number; trainImages: number; testImages: number; steps: number; seconds: number }
type ChildMessage = { type: 'ready' } | ThroughputReport | RssReport | EpochOverheadReport | { type: 'error'; message: string };

// ---------------------------------------------------------------- child side

/** Trains on random digit-like batches: warm-up, wait for "go", then steps for `seconds`. */
async function throughputChild(backend: BackendName, variantName: string, warmup: number, seconds: number): Promise<void> {
  const engine = await initEngine({ backend });
  const variant = parseVariant(variantName);
  const size = variant.size;
  const model = buildAutoencoder(size, createRng(1));
  const trainer = createTrainer(model, { mask: variant.lossRegion === 'original' ? regionMask(size, variant.pad) : null });
  const rng = createRng(2);
  // A few distinct batches, uploaded fresh every step as a real run does.
  const pool = Array.from({ length: 4 }, () => {
    const targets = Float32Array.from({ length: BATCH * size * size }, () => (rng.uniform() < 0.19 ? rng.uniform() : 0));
    const inputs = targets.map((t) => Math.min(1, Math.max(0, t + 0.5 * rng.normal())));
    return { inputs, targets };
  });
  let step = 0;
  const oneStep = (): void => {
    const data = pool[step++ % pool.length];
    const x = tf.tensor4d(data.inputs, [BATCH, size, size, 1]);
    const y = tf.tensor4d(data.targets, [BATCH, size, size, 1]);
    trainer.step(x, y);
    tf.dispose([x, y]);
  };
  for (let i = 0; i < warmup; i++) oneStep();
  await new Promise<void>((resolve) => {
    process.once('message', () => resolve());
    process.send?.({ type: 'ready' } satisfies ChildMessage);
  });
  // The floor's rate is timed between the steps (one reference convolution after each), in CPU
  // time, so that whatever else runs on the machine weighs on both measurements alike.
  const reference = createReferenceConv();
  const stepCpu: number[] = [];
  let stepSeconds = 0;
  let stepCpuSeconds = 0;
  let images = 0;
  const started = performance.now();
  while ((performance.now() - started) / 1000 < seconds) {
    const t0 = performance.now();
    const cpuBefore = process.cpuUsage();
    oneStep();
    const cpu = process.cpuUsage(cpuBefore);
    stepSeconds += (performance.now() - t0) / 1000;
    stepCpuSeconds += (cpu.user + cpu.system) / 1e6;
    stepCpu.push((cpu.user + cpu.system) / 1000);
    images += BATCH;
    reference.timeOnce();
  }
  stepCpu.sort((p, q) => p - q);
  process.send?.({
    type: 'throughput',
    images,
    seconds: stepSeconds,
    imagesPerSecond: images / stepSeconds,
    cpuShare: stepCpuSeconds / stepSeconds,
    stepCpuMs: stepCpu[Math.floor(stepCpu.length / 2)],
    stepFlops: convStepFlops(model, BATCH),
    reference: reference.finish(),
    engine,
  } satisfies ChildMessage);
}

/**
 * Run one full-data child (`role`: peak RSS or epoch overhead) and summarise its report; a failure
 * (most often the MNIST files not found) becomes `{ error }` with what to pass.
 */
async function childReport(
  options: BenchmarkOptions,
  role: 'rss' | 'overhead',
  summarize: (message: ChildMessage) => Record<string, unknown>,
): Promise<Record<string, unknown> | { error: string }> {
  const child = spawnChild({
    BENCH_ROLE: role,
    BENCH_BACKEND: options.backend,
    BENCH_DATA_DIR: options.dataDir ?? '',
    BENCH_STEPS: String(options.rssSteps),
  });
  try {
    return summarize(await nextMessage(child));
  } catch (error) {
    return { error: `${error instanceof Error ? error.message : String(error)} (pass --data-dir or set BOUNDARY_EFFECTS_DATA to the MNIST files)` };
  }
}

/** A full-data edge32 run setup and a few steps; reports the process's peak RSS. */
async function rssChild(backend: BackendName, dataDir: string | undefined, steps: number): Promise<void> {
  const started = performance.now();
  await initEngine({ backend });
  const config = makeRunConfig({ variant: 'edge32', seed: 1, backend, ...(dataDir === undefined ? {} : { dataDir }) });
  const variant = parseVariant('edge32');
  const data = await prepareRunData(config, variant);
  const trainer = createTrainer(buildAutoencoder(variant.size, createRng(1)));
  const plane = variant.size * variant.size;
  for (let s = 0; s < steps; s++) {
    const start = s * BATCH;
    const x = tf.tensor4d(data.train.inputs.slice(start * plane, (start + BATCH) * plane), [BATCH, variant.size, variant.size, 1]);
    const y = tf.tensor4d(data.train.targets.slice(start * plane, (start + BATCH) * plane), [BATCH, variant.size, variant.size, 1]);
    trainer.step(x, y);
    tf.dispose([x, y]);
  }
  // A run evaluates the whole test split every epoch and keeps its per-pixel losses.
  const evaluation = evaluatePixelLosses((x) => trainer.predict(x), data.test, BATCH);
  process.send?.({
    type: 'rss',
    // resourceUsage().maxRSS is in kilobytes.
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    trainImages: data.train.count,
    testImages: evaluation.count,
    steps,
    seconds: (performance.now() - started) / 1000,
  } satisfies ChildMessage);
}

/** The child side: called by benchmark-child.ts with BENCH_ROLE set. */
export async function benchmarkChildMain(role: Role): Promise<void> {
  const backend = process.env.BENCH_BACKEND as BackendName;
  try {
    if (role === 'throughput') {
      await throughputChild(backend, process.env.BENCH_VARIANT ?? 'baseline28', Number(process.env.BENCH_WARMUP), Number(process.env.BENCH_SECONDS));
    } else if (role === 'overhead') {
      const report = await measureEpochOverhead(backend, process.env.BENCH_DATA_DIR || undefined, Number(process.env.BENCH_STEPS));
      process.send?.(report satisfies ChildMessage);
    } else {
      await rssChild(backend, process.env.BENCH_DATA_DIR || undefined, Number(process.env.BENCH_STEPS));
    }
  } catch (error) {
    process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) } satisfies ChildMessage);
  }
  process.disconnect();
}

// ---------------------------------------------------------------- parent side

function spawnChild(env: Record<string, string>): ChildProcess {
  const here = fileURLToPath(import.meta.url);
  const fromSource = extname(here) === '.ts';
  return fork(join(dirname(here), `benchmark-child${fromSource ? '.ts' : '.js'}`), [], {
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
}

function nextMessage(child: ChildProcess): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null, signal: string | null): void => reject(new Error(`bench child exited (${signal ?? code}) before reporting`));
    child.once('exit', onExit);
    child.once('message', (message: ChildMessage) => {
      child.off('exit', onExit);
      if (message.type === 'error') reject(new Error(message.message));
      else resolve(message);
    });
  });
}

/** `workers` processes train `variant` at the same time; returns each one's throughput. */
async function measureThroughput(variant: string, workers: number, options: BenchmarkOptions): Promise<ThroughputReport[]> {
  const children = Array.from({ length: workers }, () =>
    spawnChild({
      BENCH_ROLE: 'throughput',
      BENCH_BACKEND: options.backend,
      BENCH_VARIANT: variant,
      BENCH_WARMUP: String(options.warmup),
      BENCH_SECONDS: String(options.seconds),
    }),
  );
  // Everyone warms up first, then all start measuring together.
  await Promise.all(children.map((c) => nextMessage(c)));
  const reports = children.map((c) => nextMessage(c));
  children.forEach((c) => c.send({ type: 'go' }));
  return (await Promise.all(reports)) as ThroughputReport[];
}

/** Options of {@link runBenchmark}. */
export interface BenchmarkOptions {
  backend: BackendName;
  seconds: number;
  warmup: number;
  dataDir: string | undefined;
  rss: boolean;
  rssSteps: number;
  /** Measure the per-epoch time outside the optimizer steps on the full data (default true). */
  overhead?: boolean;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Measures training throughput (one and two workers) and peak RSS, and returns the report that
 * `npm run bench` and `boundary-effects bench` print as JSON.
 *
 * @example
 * const report = await runBenchmark({ backend: 'wasm', seconds: 10, warmup: 3, dataDir: undefined, rss: true, rssSteps: 5 });
 * report.throughput.baseline28; // { oneWorkerImagesPerSecond: 466, ... }
 */
export async function runBenchmark(options: BenchmarkOptions, command = ''): Promise<BenchmarkReport> {
  let engine: EngineInfo | null = null;
  const throughput: Record<string, Record<string, unknown>> = {};
  for (const variant of ['baseline28', 'edge32'] as const) {
    const [single] = await measureThroughput(variant, 1, options);
    const pair = await measureThroughput(variant, 2, options);
    engine = single.engine;
    const total = pair.reduce((s, r) => s + r.imagesPerSecond, 0);
    const stepMs = (1000 * BATCH) / single.imagesPerSecond;
    const floorMs = single.stepFlops / single.reference.gflopsPerCpuSecond / 1e6;
    throughput[variant] = {
      oneWorkerImagesPerSecond: round(single.imagesPerSecond),
      stepMs: round(stepMs),
      stepCpuMs: round(single.stepCpuMs),
      stepGflop: round(single.stepFlops / 1e9, 3),
      // The floor: the step's convolution FLOPs at the rate of XNNPACK's forward convolution
      // (measured in the same process right after the steps, in CPU time, so load cancels out).
      referenceConv: single.reference.label,
      referenceGflopsPerCpuSecond: round(single.reference.gflopsPerCpuSecond, 2),
      floorMs: round(floorMs),
      engineFractionOfFloor: round(floorMs / single.stepCpuMs, 3),
      meetsFloorFractionTarget: floorMs / single.stepCpuMs >= BENCHMARK_TARGETS.floorFraction,
      twoWorkersImagesPerSecond: pair.map((r) => round(r.imagesPerSecond)),
      twoWorkersTotalImagesPerSecond: round(total),
      twoWorkerScaling: round(total / single.imagesPerSecond, 2),
      // Below ~0.95 the workers were waiting for a core (other load on the machine), not slow.
      cpuShareOneWorker: round(single.cpuShare, 2),
      cpuShareTwoWorkers: pair.map((r) => round(r.cpuShare, 2)),
      // Scaling if every worker had had a core to itself: images per CPU-second, summed.
      cpuNormalizedTwoWorkerScaling: round(pair.reduce((s, r) => s + r.imagesPerSecond / r.cpuShare, 0) / (single.imagesPerSecond / single.cpuShare), 2),
      meetsPerWorkerTarget: single.imagesPerSecond >= BENCHMARK_TARGETS[variant],
      meetsScalingTarget: total / single.imagesPerSecond >= BENCHMARK_TARGETS.twoWorkerScaling,
    };
  }
  const peakRss = options.rss
    ? await childReport(options, 'rss', (message) => {
        const report = message as RssReport;
        return {
          variant: 'edge32',
          trainImages: report.trainImages,
          testImages: report.testImages,
          steps: report.steps,
          maxRssBytes: report.maxRssBytes,
          maxRssGB: round(report.maxRssBytes / 1e9, 3),
          meetsTarget: report.maxRssBytes / 1e9 <= BENCHMARK_TARGETS.peakRssGB,
          seconds: round(report.seconds),
        };
      })
    : null;
  const epochOverhead = options.overhead ?? true
    ? await childReport(options, 'overhead', (message) => summarizeEpochOverhead(message as EpochOverheadReport))
    : null;
  return {
    command,
    backend: options.backend,
    engine,
    node: process.version,
    cpu: { model: cpus()[0]?.model.trim() ?? 'unknown', count: cpus().length },
    batchSize: BATCH,
    warmupSteps: options.warmup,
    measureSeconds: options.seconds,
    targets: BENCHMARK_TARGETS,
    throughput,
    padding: measurePadding(),
    peakRss,
    epochOverhead,
  };
}

/**
 * Shares of one full-data epoch (steps plus everything else) and the estimated time of a whole run.
 *
 * @example
 * summarizeEpochOverhead(report).overheadShare; // 0.04: 4% of an epoch is spent outside the steps
 */
export function summarizeEpochOverhead(r: EpochOverheadReport): Record<string, unknown> {
  const parts = { shuffle: r.shuffleMs, gatherBatches: r.gatherMs, testEvaluation: r.testEvaluationMs, checkpoint: r.checkpointMs };
  const outside = Object.values(parts).reduce((a, b) => a + b, 0);
  const epochMs = r.stepsMs + outside;
  return {
    variant: r.variant,
    trainImages: r.trainImages,
    testImages: r.testImages,
    batches: r.batches,
    stepMs: round(r.stepMs),
    stepsSecondsPerEpoch: round(r.stepsMs / 1000),
    secondsPerEpoch: round(epochMs / 1000),
    msOutsideSteps: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v)])),
    shareOfEpoch: Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, round(v / epochMs, 4)])),
    overheadShare: round(outside / epochMs, 4),
    meetsOverheadTarget: outside / epochMs <= BENCHMARK_TARGETS.epochOverheadShare,
    prepareDataSeconds: round(r.prepareDataMs / 1000),
    // Wall time under the load of this measurement; one process alone on a core.
    fullRunMinutesEstimate: round((r.epochs * epochMs + r.prepareDataMs) / 60000, 1),
    epochs: r.epochs,
  };
}


/**
 * Edge-pads 60,000 images 28x28 -> 32x32 (the training set of edge32) into an already-touched
 * output, best of `repeats`: the kernel's time without the page faults of fresh memory.
 *
 * @example
 * measurePadding().bestMs; // ~100 on these machines
 */
export function measurePadding(repeats = 3): { images: number; bestMs: number; meetsTarget: boolean } {
  const images = 60_000;
  const src = new Float32Array(images * 28 * 28);
  for (let i = 0; i < src.length; i += 97) src[i] = (i % 255) / 255;
  const plan = planPad(28, 28, { widths: 2, mode: 'edge' });
  const out = new Float32Array(images * 32 * 32);
  padInto(src, images, plan, out);
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    padInto(src, images, plan, out);
    best = Math.min(best, performance.now() - t0);
  }
  return { images, bestMs: round(best, 1), meetsTarget: best <= BENCHMARK_TARGETS.padTrainSetMs };
}

/** What the benchmark prints (JSON). */
export interface BenchmarkReport {
  command: string;
  backend: BackendName;
  engine: EngineInfo | null;
  node: string;
  cpu: { model: string; count: number };
  batchSize: number;
  warmupSteps: number;
  measureSeconds: number;
  targets: typeof BENCHMARK_TARGETS;
  throughput: Record<string, Record<string, unknown>>;
  /** Edge padding of the whole training set (see {@link measurePadding}). */
  padding: { images: number; bestMs: number; meetsTarget: boolean };
  peakRss: Record<string, unknown> | { error: string } | null;
  /** Per-epoch time outside the optimizer steps (see {@link summarizeEpochOverhead}). */
  epochOverhead: Record<string, unknown> | { error: string } | null;
}
