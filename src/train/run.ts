import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { intensityTable, intensityTableToJSON } from '../analysis/intensity-table.js';
import { initEngine, type BackendName } from '../engine/backend.js';
import { countParameters } from '../model/autoencoder.js';
import { regionMask } from '../model/region-mask.js';
import { createTrainer, type AutoencoderTrainer } from '../model/trainer.js';
import { readJsonIfExists, writeJsonAtomic } from '../fs/atomic-file.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { configMismatch, runLabel, validateRunConfig, type CheckedRunConfig, type RunConfig } from './config.js';
import { describeEnvironment, type RunEnvironment } from './environment.js';
import { TrainingError } from './errors.js';
import { evaluatePixelLosses, regionMeanLoss, type PixelLossEvaluation } from './evaluate.js';
import type { EpochRecord } from './history.js';
import { createProgressReporter, type ProgressReporter } from './progress.js';
import { epochOrder } from './pairing-design.js';
import { initialModel } from './initial-model.js';
import { prepareRunData, type RunData } from './run-data.js';
import { gatherBatch } from './gather-batch.js';
import { collectSamples } from './samples.js';
import { parseVariant, type Variant } from './variants.js';
import { parseRunConfig, type RunConfig as StoredConfig } from '../run-format/config-file.js';
import { parseRunEnvironment } from '../run-format/environment-file.js';
import { RUN_FILES } from '../run-format/files.js';
import { parseHistory } from '../run-format/history-file.js';
import type { LossMapFile } from '../run-format/loss-map-file.js';
import { writeRunManifest } from '../run-format/manifest.js';
import { inspectRunDirectory } from '../run-format/read-run.js';
import { parseRunResult, type RunResult } from '../run-format/result-file.js';
import { clearDamagedRun } from './repair-run.js';

// The run-directory format lives in src/run-format (no tfjs), re-exported here for existing importers.
export { RUN_FILES, resultTestLoss, type LossMapFile, type RunResult } from '../run-format/index.js';

/** Options of {@link trainRun}. */
export interface TrainRunOptions {
  /** Where progress goes (default: a stderr reporter, bars on a TTY). */
  reporter?: ProgressReporter;
  /**
   * Called before each epoch with the run's data, which it may modify (tests inject a NaN input to
   * check the non-finite-loss stop). Not for normal use.
   */
  onEpochStart?: (epoch: number, data: RunData) => void;
  /**
   * Called after each finished epoch, once its checkpoint (`checkpoint/`) and history.json are
   * written, e.g. to copy the checkpoint where another machine can resume from it (the Redis
   * workers of `src/distributed`). A rejection stops the run like a failed epoch.
   */
  onCheckpoint?: (epoch: number, runDir: string) => Promise<void>;
}

/** What a run directory holds, as read by {@link readRun}. */
export interface RunRecord {
  runDir: string;
  config: RunConfig | null;
  environment: RunEnvironment | null;
  history: EpochRecord[];
  result: RunResult | null;
}

/** What a run file already holds, to be held against `value`; null when it had none and `value` is now written as it. */
async function storedOrWritten<T>(path: string, parse: (json: unknown, path: string) => T, value: T): Promise<T | null> {
  const stored = await readJsonIfExists(path, parse);
  if (stored === null) await writeJsonAtomic(path, value);
  return stored;
}

async function checkConfig(runDir: string, config: RunConfig): Promise<void> {
  const stored = await storedOrWritten(join(runDir, RUN_FILES.config), parseRunConfig, config);
  const mismatch = stored === null ? null : configMismatch(runDir, stored, config);
  if (mismatch !== null) throw mismatch;
}

async function checkEnvironment(runDir: string, environment: RunEnvironment): Promise<void> {
  const stored = await storedOrWritten(join(runDir, RUN_FILES.environment), parseRunEnvironment, environment);
  if (stored === null) return;
  // Bitwise-identical continuation needs the same kernels and the same data.
  if (stored.engine.backend !== environment.engine.backend) {
    throw new TrainingError(
      'config-mismatch',
      `run directory ${runDir} was trained on the '${stored.engine.backend}' backend but this process uses '${environment.engine.backend}'; resume with --backend ${stored.engine.backend} or use another directory.`,
      { setting: 'backend' },
    );
  }
  for (const file of environment.data) {
    const before = stored.data.find((f) => f.split === file.split && f.role === file.role);
    if (before !== undefined && before.sha256 !== file.sha256) {
      throw new TrainingError(
        'data-mismatch',
        `the ${file.split} ${file.role} file ${file.path} has sha256 ${file.sha256}, but the run was started on data with sha256 ${before.sha256}; use the original data or another directory.`,
        { setting: `${file.split}-${file.role}` },
      );
    }
  }
}

function batchCount(images: number, batchSize: number): number {
  return Math.ceil(images / batchSize);
}

interface EpochContext {
  label: string;
  config: RunConfig;
  trainer: AutoencoderTrainer;
  data: RunData;
  reporter: ProgressReporter;
}

/** Batches between yields to the event loop during an epoch. */
const YIELD_EVERY_BATCHES = 8;

/**
 * One epoch of Keras `fit`: reshuffle with the epoch's own stream, step through the batches.
 * Yields to the event loop every few batches so that a worker notices its parent has gone (IPC
 * 'disconnect') and signals are handled within seconds, not at the end of a minutes-long epoch.
 */
async function trainEpoch(context: EpochContext, epoch: number): Promise<{ trainLoss: number; seconds: number }> {
  const { config, trainer, data, reporter, label } = context;
  const train = data.train;
  const order = epochOrder(config, epoch, train.count);
  const batches = batchCount(train.count, config.batchSize);
  const started = performance.now();
  let weightedLoss = 0;
  for (let b = 0; b < batches; b++) {
    const start = b * config.batchSize;
    const n = Math.min(config.batchSize, train.count - start);
    const batch = gatherBatch(train, order, start, n);
    let loss: number;
    try {
      loss = trainer.step(batch.inputs, batch.targets);
    } finally {
      batch.inputs.dispose();
      batch.targets.dispose();
    }
    if (!Number.isFinite(loss)) {
      throw new TrainingError(
        'non-finite-loss',
        `${label}: the training loss is ${String(loss)} at epoch ${epoch}, batch ${b + 1} of ${batches}; the run stopped and keeps its ${epoch - 1} finished epoch(s). Check the input data for NaN or infinite values.`,
        { epoch, batch: b + 1 },
      );
    }
    weightedLoss += loss * n;
    const elapsed = (performance.now() - started) / 1000;
    const done = start + n;
    const rate = done / Math.max(elapsed, 1e-9);
    // Images left in this epoch and the epochs after it (test evaluations not counted).
    const remaining = train.count - done + train.count * (config.epochs - epoch);
    reporter.report({
      kind: 'batch',
      run: label,
      epoch,
      epochs: config.epochs,
      batch: b + 1,
      batches,
      imagesPerSecond: rate,
      etaSeconds: remaining / rate,
    });
    if ((b + 1) % YIELD_EVERY_BATCHES === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { trainLoss: weightedLoss / train.count, seconds: (performance.now() - started) / 1000 };
}

function evaluateTest(trainer: AutoencoderTrainer, data: RunData, batchSize: number): PixelLossEvaluation {
  return evaluatePixelLosses((inputs) => trainer.predict(inputs), data.test, batchSize);
}

/** Writes the final per-pixel artifacts, then result.json (last: its presence means "finished"). */
async function writeFinalFiles(
  runDir: string,
  config: RunConfig,
  variant: Variant,
  trainer: AutoencoderTrainer,
  data: RunData,
  evaluation: PixelLossEvaluation,
  history: EpochRecord[],
  backend: BackendName,
): Promise<RunResult> {
  const { size } = variant;
  const lossMap: LossMapFile = { height: size, width: size, pad: variant.pad, values: Array.from(evaluation.meanMap) };
  await writeJsonAtomic(join(runDir, RUN_FILES.lossMap), lossMap);
  const table = intensityTable(evaluation.perPixel, data.test.targets, data.test.count, size, size);
  await writeJsonAtomic(join(runDir, RUN_FILES.intensityTable), { pad: variant.pad, ...intensityTableToJSON(table) });
  await writeJsonAtomic(join(runDir, RUN_FILES.samples), collectSamples((x) => trainer.predict(x), data.test, variant.pad));
  const last = history[history.length - 1];
  const trainSeconds = history.reduce((s, r) => s + r.seconds, 0);
  const result: RunResult = {
    config,
    variant,
    backend,
    parameters: countParameters(trainer.model),
    trainImages: data.train.count,
    testImages: data.test.count,
    epochs: history.length,
    finalTrainLoss: last.trainLoss,
    finalTestLoss: last.testLoss,
    finalTestLossOriginal: last.testLossOriginal,
    trainSeconds,
    testSeconds: history.reduce((s, r) => s + r.testSeconds, 0),
    imagesPerSecond: (data.train.count * history.length) / trainSeconds,
  };
  await writeJsonAtomic(join(runDir, RUN_FILES.result), result);
  // Last: the sha256 of every file, so that readers can tell a whole run from a damaged one.
  await writeRunManifest(runDir);
  return result;
}

/**
 * Trains one run into `runDir` with Keras `fit` semantics (noise drawn once, reshuffle every epoch,
 * batch-size-weighted epoch loss, test loss after every epoch), checkpointing every finished epoch.
 * Resumable: a run killed at any moment continues from its last finished epoch and ends with the
 * same numbers as an uninterrupted run on the same backend; a finished run (result.json present)
 * returns its stored result. A different config in `runDir` is a `TrainingError` ('config-mismatch')
 * naming the setting; a non-finite loss stops with 'non-finite-loss' and keeps the finished epochs.
 *
 * @example
 * const result = await trainRun(makeRunConfig({ variant: 'edge32', seed: 1 }), 'out/runs/edge32/seed-1');
 * result.finalTestLoss; // ~0.075 after 10 epochs on MNIST
 */
export async function trainRun(config: RunConfig, runDir: string, options: TrainRunOptions = {}): Promise<RunResult> {
  return trainCheckedRun(validateRunConfig(config), runDir, options);
}

/**
 * {@link trainRun} of a config checked where it entered (`makeRunConfig`, `validateRunConfig`): the
 * path of the experiment's worker processes and the queue's workers, which do not check it again.
 *
 * @example
 * await trainCheckedRun(makeRunConfig({ variant: 'edge32', seed: 1 }), 'out/runs/edge32/seed-1');
 */
export async function trainCheckedRun(config: CheckedRunConfig, runDir: string, options: TrainRunOptions = {}): Promise<RunResult> {
  const variant = parseVariant(config.variant);
  const label = runLabel(config);
  const reporter = options.reporter ?? createProgressReporter();
  await mkdir(runDir, { recursive: true });
  // A finished run is reused only when whole; a damaged one is repaired (recomputed or retrained), and the user told.
  const state = await inspectRunDirectory(runDir);
  if (state.state === 'damaged') {
    const action = await clearDamagedRun(runDir, state.error);
    reporter.report({ kind: 'notice', run: label, message: `damaged (${state.error.file}: ${state.error.detail}); ${action}` });
  }
  await checkConfig(runDir, config);
  if (state.state === 'finished') return state.run.result;

  const engine = await initEngine({ backend: config.backend });
  const data = await prepareRunData(config, variant);
  await checkEnvironment(runDir, describeEnvironment(engine, data.files));

  const model = initialModel(config);
  const mask = variant.lossRegion === 'original' ? regionMask(variant.size, variant.pad) : null;
  const trainer = createTrainer(model, { mask });
  try {
    const checkpoint = await loadCheckpoint(runDir);
    const history: EpochRecord[] = checkpoint?.history ?? [];
    if (checkpoint !== null) trainer.importState(checkpoint.state);
    // history.json may lag the checkpoint by one write if the process died in between.
    await writeJsonAtomic(join(runDir, RUN_FILES.history), history);
    const startEpoch = history.length + 1;
    reporter.report({
      kind: 'start',
      run: label,
      epochs: config.epochs,
      startEpoch,
      batches: batchCount(data.train.count, config.batchSize),
      images: data.train.count,
    });
    const runStarted = performance.now();
    let evaluation: PixelLossEvaluation | null = null;
    for (let epoch = startEpoch; epoch <= config.epochs; epoch++) {
      options.onEpochStart?.(epoch, data);
      const { trainLoss, seconds } = await trainEpoch({ label, config, trainer, data, reporter }, epoch);
      const testStarted = performance.now();
      evaluation = evaluateTest(trainer, data, config.batchSize);
      const record: EpochRecord = {
        epoch,
        trainLoss,
        testLoss: evaluation.meanLoss,
        // Without a pad the original region is the whole image: the same number, not a re-summed one.
        testLossOriginal: variant.pad === 0 ? evaluation.meanLoss : regionMeanLoss(evaluation.meanMap, variant.size, variant.pad),
        seconds,
        imagesPerSecond: data.train.count / seconds,
        testSeconds: (performance.now() - testStarted) / 1000,
      };
      history.push(record);
      await saveCheckpoint(runDir, { epoch, history, state: trainer.exportState() });
      await writeJsonAtomic(join(runDir, RUN_FILES.history), history);
      await options.onCheckpoint?.(epoch, runDir);
      reporter.report({ kind: 'epoch', run: label, epochs: config.epochs, record });
    }
    // After a resume that found every epoch done, the final evaluation is recomputed from the checkpoint.
    evaluation ??= evaluateTest(trainer, data, config.batchSize);
    const result = await writeFinalFiles(runDir, config, variant, trainer, data, evaluation, history, engine.backend);
    reporter.report({ kind: 'done', run: label, seconds: (performance.now() - runStarted) / 1000 });
    return result;
  } catch (error) {
    reporter.report({ kind: 'failed', run: label, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    trainer.dispose();
    model.dispose();
    if (options.reporter === undefined) reporter.close();
  }
}

/**
 * Reads what a run directory holds: config, environment, history and (when finished) the result.
 *
 * @example
 * const run = await readRun('out/runs/edge32/seed-1');
 * run.result?.finalTestLoss; // undefined while the run is unfinished
 */
export async function readRun(runDir: string): Promise<RunRecord> {
  // Each file present is parsed and checked (a RunFileError names the file and field).
  const read = async <T>(file: string, parse: (json: unknown, path: string) => T): Promise<T | null> => {
    const path = join(runDir, file);
    return readJsonIfExists(path, parse);
  };
  return {
    runDir,
    config: await read<StoredConfig>(RUN_FILES.config, parseRunConfig),
    environment: await read(RUN_FILES.environment, parseRunEnvironment),
    history: (await read(RUN_FILES.history, parseHistory)) ?? [],
    result: await read(RUN_FILES.result, parseRunResult),
  };
}
