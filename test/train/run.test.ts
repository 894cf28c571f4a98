import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { intensityTableFromJSON } from '../../src/analysis/intensity-table.js';
import { createRng, deriveSeed, shuffledIndices } from '../../src/data/random.js';
import { initEngine } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { buildAutoencoder } from '../../src/model/autoencoder.js';
import { createTrainer } from '../../src/model/trainer.js';
import { TrainingError } from '../../src/train/errors.js';
import { buildSummary } from '../../src/summary/build.js';
import { readRunDirectory } from '../../src/run-format/read-run.js';
import { toRunRecord } from '../../src/run-format/to-record.js';
import { seedQuestionSpec } from '../../src/specs/seed-question.js';
import { historyLosses, scoredTestLoss } from '../../src/train/history.js';
import { prepareRunData } from '../../src/train/run-data.js';
import { readRun, trainRun, type LossMapFile } from '../../src/train/run.js';
import type { SamplesFile } from '../../src/train/samples.js';
import { parseVariant } from '../../src/train/variants.js';
import { recordingReporter, tempDir, tinyConfig } from './helpers.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

async function readJson<T>(path: string): Promise<T> {
  return JSON.parse(await readFile(path, 'utf8')) as T;
}

describe('trainRun', () => {
  it('is deterministic, keeps tensors flat and writes the whole run directory', async () => {
    const config = tinyConfig();
    const [dirA, dirB] = [await tempDir('det-a'), await tempDir('det-b')];
    const tensorsBefore = tf.memory().numTensors;
    const tensorsAtBatch: number[] = [];
    const reporter = recordingReporter((event) => {
      if (event.kind === 'batch') tensorsAtBatch.push(tf.memory().numTensors);
    });
    const resultA = await trainRun(config, dirA, { reporter });
    const resultB = await trainRun(config, dirB, { reporter: recordingReporter() });

    const a = await readRun(dirA);
    const b = await readRun(dirB);
    expect(a.history).toHaveLength(2);
    expect(historyLosses(a.history)).toEqual(historyLosses(b.history));
    expect(resultA.finalTestLoss).toBe(resultB.finalTestLoss);
    expect(a.history[1].trainLoss).toBeLessThan(a.history[0].trainLoss);

    // Memory: nothing leaks across batches (Adam's slots appear at the first step) or the run.
    expect(tensorsAtBatch).toHaveLength(6);
    expect(new Set(tensorsAtBatch.slice(1)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(tensorsBefore);

    expect((await readdir(dirA)).sort()).toEqual([
      'checkpoint',
      'config.json',
      'environment.json',
      'history.json',
      'result.json',
      'run-manifest.json',
      'samples.json',
      'test-intensity-table.json',
      'test-loss-map.json',
    ]);
    // The manifest, written last, holds the sha256 of each file as it is on disk.
    const manifest = await readJson<{ files: Record<string, string> }>(join(dirA, 'run-manifest.json'));
    expect(Object.keys(manifest.files).sort()).toEqual(['config.json', 'environment.json', 'history.json', 'result.json', 'samples.json', 'test-intensity-table.json', 'test-loss-map.json']);
    for (const [file, sha256] of Object.entries(manifest.files)) {
      expect(createHash('sha256').update(await readFile(join(dirA, file))).digest('hex'), file).toBe(sha256);
    }
    expect(a.config).toEqual(config);
    expect(a.result).toEqual(resultA);
    expect(resultA).toMatchObject({ parameters: 28353, trainImages: 256, testImages: 64, epochs: 2, backend: 'wasm' });
    expect(resultA.finalTestLoss).toBe(a.history[1].testLoss);
    expect(a.environment?.node).toBe(process.version);
    expect(a.environment?.packages['@tensorflow/tfjs']).toBe('4.22.0');
    expect(a.environment?.engine.backend).toBe('wasm');
    expect(a.environment?.data.map((f) => `${f.split}-${f.role}`).sort()).toEqual(['test-images', 'test-labels', 'train-images', 'train-labels']);
    expect(a.environment?.data.every((f) => /^[0-9a-f]{64}$/.test(f.sha256))).toBe(true);

    const map = await readJson<LossMapFile>(join(dirA, 'test-loss-map.json'));
    expect(map).toMatchObject({ height: 32, width: 32, pad: 2 });
    expect(map.values).toHaveLength(1024);
    expect(map.values.reduce((s, v) => s + v, 0) / 1024).toBeCloseTo(resultA.finalTestLoss, 10);

    const table = intensityTableFromJSON(await readFile(join(dirA, 'test-intensity-table.json'), 'utf8'));
    expect(table).toMatchObject({ height: 32, width: 32, images: 64 });
    expect(table.lossSum.reduce((s, v) => s + v, 0) / (64 * 1024)).toBeCloseTo(resultA.finalTestLoss, 10);
    expect(table.count.reduce((s, v) => s + v, 0)).toBe(64 * 1024);

    const samples = await readJson<SamplesFile>(join(dirA, 'samples.json'));
    expect(samples.samples.map((s) => s.index)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const s of samples.samples) {
      for (const values of [s.noisy, s.output, s.target]) {
        expect(values).toHaveLength(1024);
        expect(values.every((v) => v >= 0 && v <= 1 && Math.round(v * 1e4) / 1e4 === v)).toBe(true);
      }
    }
    const checkpointFiles = await readdir(join(dirA, 'checkpoint'));
    expect(checkpointFiles.filter((f) => f.endsWith('.weights.bin'))).toHaveLength(2);

    // A finished run is reused: same result, no training.
    const again = recordingReporter();
    const modified = (await stat(join(dirA, 'result.json'))).mtimeMs;
    expect(await trainRun(config, dirA, { reporter: again })).toEqual(resultA);
    expect(again.events).toEqual([]);
    expect((await stat(join(dirA, 'result.json'))).mtimeMs).toBe(modified);

    // Another config in the same directory is an error naming the setting.
    const mismatch = await trainRun({ ...config, epochs: 3 }, dirA, { reporter: again }).catch((e: unknown) => e);
    expect(mismatch).toBeInstanceOf(TrainingError);
    expect(mismatch).toMatchObject({ code: 'config-mismatch', setting: 'epochs' });
    expect((mismatch as Error).message).toMatch(/epochs = 2, but epochs = 3 was asked for \(flag --epochs\)/);
  });

  it("matches Keras fit: fixed noise, the epoch's own shuffle, batch-size-weighted epoch loss", async () => {
    const config = tinyConfig({ variant: 'baseline28', epochs: 1, seed: 5 });
    const result = await trainRun(config, await tempDir('fit'), { reporter: recordingReporter() });

    // The same epoch written out by hand from the contract's seed streams.
    const variant = parseVariant('baseline28');
    const data = await prepareRunData(config, variant);
    const trainer = createTrainer(buildAutoencoder(28, createRng(deriveSeed(5, 'weights'))));
    // the default design ('weights') draws each variant's shuffles from a stream labelled with its name
    const order = shuffledIndices(256, createRng(deriveSeed(5, 'shuffle', 'baseline28', 1)));
    let weighted = 0;
    for (const [start, n] of [[0, 100], [100, 100], [200, 56]]) {
      const rows = Array.from(order.subarray(start, start + n));
      const pick = (src: Float32Array): tf.Tensor4D =>
        tf.tensor4d(Float32Array.from(rows.flatMap((r) => Array.from(src.subarray(r * 784, (r + 1) * 784)))), [n, 28, 28, 1]);
      const x = pick(data.train.inputs);
      const y = pick(data.train.targets);
      weighted += trainer.step(x, y) * n;
      tf.dispose([x, y]);
    }
    trainer.dispose();
    trainer.model.dispose();
    expect(result.finalTrainLoss).toBe(weighted / 256);
    expect(result.finalTestLossOriginal).toBe(result.finalTestLoss); // no pad: the original region is everything
  });

  it('records the loss on the original 28x28 for a masked variant', async () => {
    const dir = await tempDir('masked');
    const result = await trainRun(tinyConfig({ variant: 'edge32-masked', epochs: 1 }), dir, { reporter: recordingReporter() });
    const map = await readJson<LossMapFile>(join(dir, 'test-loss-map.json'));
    let inner = 0;
    for (let y = 2; y < 30; y++) for (let x = 2; x < 30; x++) inner += map.values[y * 32 + x];
    expect(result.finalTestLossOriginal).toBeCloseTo(inner / 784, 12);
    expect(result.finalTestLossOriginal).not.toBe(result.finalTestLoss);
    expect(result.variant.lossRegion).toBe('original');

    // The summary judges it by the pixels its loss counts: test loss, floor and excess all over the original 28x28.
    const summary = buildSummary([toRunRecord(await readRunDirectory(dir))], seedQuestionSpec({ dataset: 'synthetic', variants: ['edge32-masked'], edgeWidth: 2 }), { resamples: 0 });
    const [variant] = summary.variants;
    expect(variant.testLoss.values).toEqual([result.finalTestLossOriginal]);
    expect(variant.curves[0].testLoss.values).toEqual([result.finalTestLossOriginal]);
    expect((variant.entropyFloor?.mean ?? NaN) + (variant.excess?.mean ?? NaN)).toBeCloseTo(result.finalTestLossOriginal, 9);
    expect(scoredTestLoss({ testLoss: result.finalTestLoss, testLossOriginal: result.finalTestLossOriginal }, 'all')).toBe(result.finalTestLoss);
  });

  it('stops on a non-finite loss with epoch and batch, keeping the finished epochs', async () => {
    const dir = await tempDir('nan');
    const error = await trainRun(tinyConfig({ variant: 'baseline28', epochs: 3 }), dir, {
      reporter: recordingReporter(),
      onEpochStart: (epoch, data) => {
        // NaN targets (NaN inputs would be squashed to 0 by the first relu on wasm).
        if (epoch === 2) data.train.targets.fill(Number.NaN);
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toMatchObject({ code: 'non-finite-loss', epoch: 2, batch: 1 });
    expect((error as Error).message).toMatch(/loss is NaN at epoch 2, batch 1 of 3/);
    const run = await readRun(dir);
    expect(run.history.map((r) => r.epoch)).toEqual([1]);
    expect(Number.isFinite(run.history[0].trainLoss)).toBe(true);
    expect(run.result).toBeNull();
    const index = await readJson<{ epoch: number }>(join(dir, 'checkpoint', 'checkpoint.json'));
    expect(index.epoch).toBe(1);
  });
});
