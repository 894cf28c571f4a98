import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../src/engine/backend.js';
import { defaultWorkerEntry, forkWorker } from '../../src/train/experiment.js';
import { historyLosses } from '../../src/train/history.js';
import { readRun, trainRun } from '../../src/train/run.js';
import type { ParentMessage, WorkerMessage } from '../../src/train/worker-protocol.js';
import { recordingReporter, tempDir, tinyConfig } from './helpers.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

describe('resume after kill -9', () => {
  it('continues from the last finished epoch and ends with the same numbers as an uninterrupted run', async () => {
    const config = tinyConfig({ epochs: 3, batchSize: 64, seed: 21 });
    const straightDir = await tempDir('straight');
    const straight = await trainRun(config, straightDir, { reporter: recordingReporter() });

    // Train in a worker process and SIGKILL it once epoch 2 has started.
    const killedDir = await tempDir('killed');
    const child = forkWorker(defaultWorkerEntry());
    const killedDuring = await new Promise<{ epoch: number; batch: number }>((resolve, reject) => {
      let at: { epoch: number; batch: number } | null = null;
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') child.send({ type: 'run', config, runDir: killedDir } satisfies ParentMessage);
        if (message.type === 'progress' && message.event.kind === 'batch' && message.event.epoch === 2 && at === null) {
          at = { epoch: 2, batch: message.event.batch };
          child.kill('SIGKILL');
        }
        if (message.type === 'done' || message.type === 'failed') reject(new Error(`the run ended before it was killed: ${message.type}`));
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' && at !== null ? resolve(at) : reject(new Error(`worker exited with ${String(signal)}`))));
    });
    expect(killedDuring.epoch).toBe(2);
    const interrupted = await readRun(killedDir);
    expect(interrupted.result).toBeNull();
    // The kill landed during epoch 2 (a few batches at most), so only epoch 1 is finished.
    expect(interrupted.history.map((r) => r.epoch)).toEqual([1]);

    const events = recordingReporter();
    const resumed = await trainRun(config, killedDir, { reporter: events });
    expect(events.events[0]).toMatchObject({ kind: 'start', startEpoch: 2 });
    const after = await readRun(killedDir);
    expect(historyLosses(after.history)).toEqual(historyLosses((await readRun(straightDir)).history));
    expect(resumed.finalTestLoss).toBe(straight.finalTestLoss);
    expect(resumed.finalTrainLoss).toBe(straight.finalTrainLoss);
    const map = async (dir: string): Promise<string> => readFile(join(dir, 'test-loss-map.json'), 'utf8');
    expect(await map(killedDir)).toBe(await map(straightDir));
  });
});
