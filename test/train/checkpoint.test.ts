import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint, saveCheckpoint, type Checkpoint } from '../../src/train/checkpoint.js';

function checkpointAt(epoch: number): Checkpoint {
  return {
    epoch,
    history: [{ epoch, trainLoss: 0.5, testLoss: 0.4, testLossOriginal: 0.39, seconds: 1, imagesPerSecond: 100, testSeconds: 0.1 }],
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
});
