/**
 * Time a training run spends outside its optimizer steps, per epoch: the shuffle, gathering and
 * uploading the batches, the full test-set evaluation and the checkpoint write, each measured
 * once on the real data and set against the epoch's steps (batches x the measured step time).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, shuffledIndices } from '../data/random.js';
import { initEngine, type BackendName } from '../engine/backend.js';
import { buildAutoencoder } from '../model/autoencoder.js';
import { createTrainer } from '../model/trainer.js';
import { saveCheckpoint } from '../train/checkpoint.js';
import { makeRunConfig } from '../train/config.js';
import { evaluatePixelLosses, regionMeanLoss } from '../train/evaluate.js';
import { prepareRunData } from '../train/run-data.js';
import { gatherBatch } from '../train/gather-batch.js';
import { parseVariant } from '../train/variants.js';

/** Wall milliseconds of each part of one full-data epoch, and the run's data preparation. */
export interface EpochOverheadReport {
  type: 'overhead';
  variant: string;
  trainImages: number;
  testImages: number;
  batches: number;
  /** Median wall ms of one optimizer step (a pre-gathered batch), over `steps` steps. */
  stepMs: number;
  steps: number;
  /** batches x stepMs. */
  stepsMs: number;
  shuffleMs: number;
  /** Gathering every batch of the epoch into tensors and disposing them (no steps). */
  gatherMs: number;
  testEvaluationMs: number;
  checkpointMs: number;
  /** Loading, padding and noising the data, once per run. */
  prepareDataMs: number;
  epochs: number;
}

const BATCH = 128;

/**
 * Measures {@link EpochOverheadReport} for a full-data `variant` run (default config, seed 1).
 *
 * @example
 * const report = await measureEpochOverhead('wasm', '/data', 5);
 * (report.testEvaluationMs + report.checkpointMs) / report.stepsMs; // ~0.04
 */
export async function measureEpochOverhead(
  backend: BackendName,
  dataDir: string | undefined,
  steps: number,
  variantName = 'baseline28',
): Promise<EpochOverheadReport> {
  await initEngine({ backend });
  const config = makeRunConfig({ variant: variantName, seed: 1, backend, ...(dataDir === undefined ? {} : { dataDir }) });
  const variant = parseVariant(variantName);
  const prepareStarted = performance.now();
  const data = await prepareRunData(config, variant);
  const prepareDataMs = performance.now() - prepareStarted;
  const trainer = createTrainer(buildAutoencoder(variant.size, createRng(1)));
  const since = (t0: number): number => performance.now() - t0;
  try {
    let t0 = performance.now();
    const order = shuffledIndices(data.train.count, createRng(3));
    const shuffleMs = since(t0);

    const batches = Math.ceil(data.train.count / BATCH);
    t0 = performance.now();
    for (let b = 0; b < batches; b++) {
      const start = b * BATCH;
      const batch = gatherBatch(data.train, order, start, Math.min(BATCH, data.train.count - start));
      batch.inputs.dispose();
      batch.targets.dispose();
    }
    const gatherMs = since(t0);

    const batch = gatherBatch(data.train, order, 0, BATCH);
    const stepTimes: number[] = [];
    for (let s = 0; s < steps + 2; s++) {
      t0 = performance.now();
      trainer.step(batch.inputs, batch.targets);
      if (s >= 2) stepTimes.push(since(t0)); // two warm-up steps
    }
    batch.inputs.dispose();
    batch.targets.dispose();
    stepTimes.sort((p, q) => p - q);
    const stepMs = stepTimes[Math.floor(stepTimes.length / 2)];

    t0 = performance.now();
    const evaluation = evaluatePixelLosses((x) => trainer.predict(x), data.test, config.batchSize);
    regionMeanLoss(evaluation.meanMap, variant.size, variant.pad);
    const testEvaluationMs = since(t0);

    const dir = await mkdtemp(join(tmpdir(), 'boundary-effects-bench-'));
    try {
      t0 = performance.now();
      await saveCheckpoint(dir, { epoch: 1, history: [], state: trainer.exportState() });
      const checkpointMs = since(t0);
      return {
        type: 'overhead',
        variant: variantName,
        trainImages: data.train.count,
        testImages: data.test.count,
        batches,
        stepMs,
        steps,
        stepsMs: batches * stepMs,
        shuffleMs,
        gatherMs,
        testEvaluationMs,
        checkpointMs,
        prepareDataMs,
        epochs: config.epochs,
      };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } finally {
    trainer.dispose();
    trainer.model.dispose();
  }
}
