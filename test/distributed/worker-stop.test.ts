/**
 * A worker stopped with SIGTERM while it trains gives its run back: the job is in the queue's wait
 * list again with no attempt used (BullMQ's moveToWait, not a failure), and a second worker finishes
 * it from the checkpoint in Redis with the numbers of an uninterrupted local run. Real redis-server,
 * started and stopped here.
 */
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_QUEUE } from '../../src/distributed/job-id.js';
import { cli, removeTempDirs, tempDir, type CliRun } from '../cli/helpers.js';
import { HAVE_REDIS_SERVER, startRedisServer, type RedisServer } from './redis-server.js';
import { readJson, startWorker, withoutTimings, type WorkerProcess } from './worker-process.js';

// 3 epochs of 4 batches; the worker is stopped once epoch 1 is finished (its checkpoint is in Redis by then).
const SETTINGS = ['--dataset', 'synthetic', '--train-size', '128', '--test-size', '32', '--epochs', '3', '--batch-size', '32', '--seeds', '1', '--backend', 'wasm', '--variants', 'edge32'];
const RUN_FILES = ['config.json', 'history.json', 'result.json', 'test-loss-map.json', 'test-intensity-table.json', 'samples.json'];
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** The worker and finished epoch of a progress event, when it was an 'epoch' event. */
function finishedEpoch(progress: unknown): { worker: string; epoch: number } | null {
  if (!isRecord(progress) || typeof progress.worker !== 'string' || !isRecord(progress.event) || progress.event.kind !== 'epoch') return null;
  const { record } = progress.event;
  return isRecord(record) && typeof record.epoch === 'number' ? { worker: progress.worker, epoch: record.epoch } : null;
}

let redis: RedisServer;
let connection: Redis;
let queue: Queue;
let localOut: string;
let local: CliRun;

beforeAll(async () => {
  if (!HAVE_REDIS_SERVER) return;
  redis = await startRedisServer();
  connection = new Redis(redis.url, { maxRetriesPerRequest: null });
  queue = new Queue(RUN_QUEUE, { connection });
  localOut = join(await tempDir('stop-local'), 'exp');
  local = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', localOut]);
  if (local.code !== 0) throw new Error(`local reproduce failed (${local.code}):\n${local.stderr}`);
}, 300_000);

afterAll(async () => {
  if (!HAVE_REDIS_SERVER) return;
  await queue.close();
  connection.disconnect();
  await redis.stop();
  await removeTempDirs();
});

describe.skipIf(!HAVE_REDIS_SERVER)('a worker stopped with SIGTERM while it trains (needs redis-server)', () => {
  it('puts the job back in the wait list with no attempt used; a second worker finishes it with the numbers of a local run', async () => {
    const first = startWorker(redis.url, 'w-first');
    let second: WorkerProcess | null = null;
    const eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const events = new QueueEvents(RUN_QUEUE, { connection: eventsConnection });
    try {
      await events.waitUntilReady();
      // Progress is pushed to us (not polled), so a fast epoch cannot slip between two looks.
      const epochOne = new Promise<void>((resolve) => {
        events.on('progress', ({ data }) => {
          const at = finishedEpoch(data);
          if (at?.worker === 'w-first' && at.epoch === 1) {
            first.child.kill('SIGTERM');
            resolve();
          }
        });
      });
      const out = join(await tempDir('stop-queue'), 'exp');
      const coordinator = cli(['reproduce', ...SETTINGS, '--no-report', '--out', out, '--redis', redis.url]);
      await Promise.race([epochOne, coordinator]);
      expect(await first.exited, first.output()).toBe(0);
      expect(first.output()).toContain('w-first: stopping');
      expect(first.output()).not.toMatch(/failed|Missing lock|\n\s+at /);

      const jobs = await queue.getJobs(['wait', 'active', 'delayed', 'failed', 'completed', 'prioritized']);
      expect(jobs, first.output()).toHaveLength(1);
      const job = jobs[0];
      expect(await job?.getState(), first.output()).toBe('waiting');
      expect(job?.attemptsMade, first.output()).toBe(0);
      expect(job?.failedReason ?? null).toBeNull();
      expect(first.output()).toContain(`w-first: job ${job?.id ?? ''} back in the queue (attempts used: 0)`);

      second = startWorker(redis.url, 'w-second');
      const done = await coordinator;
      expect(done.code, `${done.stderr}\n${first.output()}\n${second.output()}`).toBe(0);
      expect(done.stderr).toContain('edge32/seed-1: finished on w-second, resumed at epoch 2 from its checkpoint in Redis');
      const finished = await queue.getJob(job?.id ?? '');
      expect(finished?.attemptsMade).toBe(1); // the second worker's, the only one counted
      expect((await queue.getJobLogs(job?.id ?? '')).logs).toEqual(['w-first: starting edge32/seed-1 at epoch 1', 'w-second: resuming edge32/seed-1 at epoch 2 from the checkpoint of epoch 1 in Redis']);
      for (const file of RUN_FILES) {
        const path = (root: string): string => join(root, 'runs', 'edge32', 'seed-1', file);
        expect(withoutTimings(await readJson(path(out))), file).toEqual(withoutTimings(await readJson(path(localOut))));
      }
    } finally {
      await events.close();
      eventsConnection.disconnect();
      for (const w of [first, second]) if (w !== null && w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    }
  }, 240_000);
});
