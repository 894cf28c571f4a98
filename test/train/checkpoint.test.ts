import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../src/train/checkpoint.js';
import { TrainingError } from '../../src/train/errors.js';
import { isRecord } from '../../src/json/fields.js';

function checkpointAt(epoch: number): Checkpoint {
  return {
    epoch,
    // The history up to this epoch, as train saves it (epochs 1..epoch).
    history: Array.from({ length: epoch }, (_, i) => ({ epoch: i + 1, trainLoss: 0.5, testLoss: 0.4, testLossOriginal: 0.39, seconds: 1, imagesPerSecond: 100, testSeconds: 0.1 })),
    state: {
      weights: [Float32Array.from([1.5, -2, 3]), Float32Array.from([epoch])],
      weightShapes: [[3], [1]],
      adam: {
        iterations: 7 * epoch,
        accBeta1: Math.fround(0.9 ** 8),
        accBeta2: Math.fround(0.999 ** 8),
        firstMoments: [Float32Array.from([0.1, 0.2, 0.3]), Float32Array.from([0.4])],
        secondMoments: [Float32Array.from([1e-8, 2e-8, 3e-8]), Float32Array.from([4e-8])],
      },
    },
  };
}

describe('checkpoints', () => {
  it('round-trips weights, Adam state and history exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    expect(await loadCheckpoint(dir)).toBeNull();
    await saveCheckpoint(dir, checkpointAt(1));
    expect(await loadCheckpoint(dir)).toEqual(checkpointAt(1));
  });

  it('keeps only the latest epoch files, named *.weights.bin (gitignored)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    await saveCheckpoint(dir, checkpointAt(1));
    await saveCheckpoint(dir, checkpointAt(2));
    expect((await readdir(join(dir, 'checkpoint'))).sort()).toEqual([
      'checkpoint.json',
      'epoch-0002.adam.weights.bin',
      'epoch-0002.model.weights.bin',
    ]);
    expect((await loadCheckpoint(dir))?.state.weights[1]).toEqual(Float32Array.from([2]));
  });

  it('detects a corrupted weight file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    await saveCheckpoint(dir, checkpointAt(1));
    await writeFile(join(dir, 'checkpoint', 'epoch-0001.model.weights.bin'), new Uint8Array(16));
    await expect(loadCheckpoint(dir)).rejects.toThrow(/does not match its sha256/);
  });

  it('refuses a checkpoint.json whose fields are damaged or that points outside checkpoint/', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ckpt-'));
    await saveCheckpoint(dir, checkpointAt(2));
    const path = join(dir, 'checkpoint', 'checkpoint.json');
    const index: unknown = JSON.parse(await readFile(path, 'utf8'));
    const damage = async (change: (index: Record<string, unknown>) => void): Promise<unknown> => {
      const copy = structuredClone(index);
      if (!isRecord(copy)) throw new Error('fixture');
      change(copy);
      await writeFile(path, JSON.stringify(copy));
      return loadCheckpoint(dir).catch((e: unknown) => e);
    };
    const traversal = await damage((i) => { i.files = { weights: '../../result.json', adam: 'epoch-0002.adam.weights.bin' }; });
    expect(traversal).toBeInstanceOf(TrainingError);
    expect(String(traversal)).toMatch(/checkpoint\.json: files\.weights is "\.\.\/\.\.\/result\.json", expected a file name inside checkpoint\//);
    expect(String(await damage((i) => { i.epoch = 'two'; }))).toMatch(/checkpoint\.json: epoch is "two", expected an integer >= 1; delete the run's checkpoint/);
    expect(String(await damage((i) => { i.history = [{ epoch: 2 }]; }))).toMatch(/checkpoint\.json: entry 1 has epoch 2, expected 1/);
    expect(await damage(() => undefined)).toEqual(checkpointAt(2));
  });
});
