/**
 * `reproduce --redis` and `boundary-effects worker` against a real redis-server: two worker
 * processes train a tiny experiment with the same numbers as a local run, one worker is killed
 * with kill -9 mid-run and its run resumes on the other from the checkpoint in Redis, and two
 * coordinators enqueuing the same experiment (one of them killed and restarted) get it trained once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_QUEUE } from '../../src/distributed/job-id.js';
import { cli, removeTempDirs, REPO_ROOT, tempDir, type CliRun } from '../cli/helpers.js';
import { readJson, startWorker, withoutTimings, type WorkerProcess } from './worker-process.js';
import { freePort, HAVE_REDIS_SERVER, startRedisServer, type RedisServer } from './redis-server.js';

const VARIANTS = ['baseline28', 'edge32'] as const;
// 3 epochs of 8 batches: a kill during epoch 2 leaves epoch 1's checkpoint to resume from (the
// kill follows epoch 1's progress event, which a worker sends after the checkpoint is in Redis).
const SETTINGS = ['--dataset', 'synthetic', '--train-size', '256', '--test-size', '32', '--epochs', '3', '--batch-size', '32', '--seeds', '1', '--backend', 'wasm', '--variants', VARIANTS.join(',')];
const RUN_FILES = ['config.json', 'environment.json', 'history.json', 'result.json', 'test-loss-map.json', 'test-intensity-table.json', 'samples.json'];
function startQueueWorker(url: string, name: string): WorkerProcess {
  // Its own process group, so that kill -9 takes the worker and its sandboxed run together, as when
  // a machine dies (an orphaned sandbox may otherwise finish one more epoch before it notices).
  return startWorker(url, name, { extraArgs: ['--lock-duration', '6000', '--stalled-interval', '2000'], detached: true });
}

async function stopWorker(worker: WorkerProcess): Promise<void> {
  if (worker.child.exitCode !== null || worker.child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    worker.child.once('exit', () => resolve());
    worker.child.kill('SIGTERM');
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
/** The worker and finished epoch of a job's last progress, when it was an 'epoch' event. */
function finishedEpoch(progress: unknown): { worker: string; epoch: number; run: string } | null {
  const p = progress;
  if (!isRecord(p) || typeof p.worker !== 'string' || !isRecord(p.event) || p.event.kind !== 'epoch') return null;
  const { record, run } = p.event;
  if (!isRecord(record) || typeof record.epoch !== 'number' || typeof run !== 'string') return null;
  return { worker: p.worker, epoch: record.epoch, run };
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
  localOut = join(await tempDir('queue-local'), 'exp');
  local = await cli(['reproduce', ...SETTINGS, '--workers', '2', '--no-report', '--out', localOut]);
  if (local.code !== 0) throw new Error(`local reproduce failed (${local.code}):\n${local.stderr}`);
}, 300_000);

afterAll(async () => {
  if (!HAVE_REDIS_SERVER) return;
  await queue.close();
  connection.disconnect();
  await redis.stop();
  await removeTempDirs();
});

describe.skipIf(!HAVE_REDIS_SERVER)('reproduce --redis with boundary-effects worker (needs redis-server)', () => {
  it('trains on two workers with the numbers of a local run, survives kill -9 of one, and trains each run once for two coordinators, one restarted', async () => {
    const workers = [startQueueWorker(redis.url, 'worker-a'), startQueueWorker(redis.url, 'worker-b')];
    try {
      const outA = join(await tempDir('queue-a'), 'exp');
      const outB = join(await tempDir('queue-b'), 'exp');
      // Progress events are pushed to us (not polled), so a fast epoch cannot slip between two looks.
      const eventsConnection = new Redis(redis.url, { maxRetriesPerRequest: null });
      const events = new QueueEvents(RUN_QUEUE, { connection: eventsConnection });
      await events.waitUntilReady();
      const victim: { killed: { worker: string; epoch: number } | null } = { killed: null };
      let firstB: ChildProcess | null = null;
      const victimFound = new Promise<void>((resolve) => {
        events.on('progress', ({ data }) => {
          const at = finishedEpoch(data);
          const target = workers.find((w) => w.name === at?.worker);
          if (victim.killed === null && at !== null && at.run.startsWith('edge32') && at.epoch === 1 && target !== undefined) {
            if (target.child.pid !== undefined) process.kill(-target.child.pid, 'SIGKILL');
            firstB?.kill('SIGKILL');
            victim.killed = { worker: target.name, epoch: at.epoch };
            resolve();
          }
        });
      });
      const coordinatorA = cli(['reproduce', ...SETTINGS, '--no-report', '--out', outA, '--redis', redis.url]);
      // Coordinator B enqueues the same runs from its own process, which is killed and started again below.
      firstB = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'reproduce', ...SETTINGS, '--no-report', '--out', outB, '--redis', redis.url], {
        cwd: REPO_ROOT,
        stdio: 'ignore',
      });
      const firstBExit = new Promise<string | null>((resolve) => firstB?.once('exit', (_code, signal) => resolve(signal)));

      // kill -9 the worker training edge32 as soon as its epoch 1 is finished (so during epoch 2), and coordinator B with it.
      await Promise.race([victimFound, coordinatorA]);
      await events.close();
      eventsConnection.disconnect();
      const { killed } = victim;
      expect(await firstBExit).toBe('SIGKILL');
      // Restarted, coordinator B follows the runs already queued, training or finished.
      const [a, b] = await Promise.all([coordinatorA, cli(['reproduce', ...SETTINGS, '--no-report', '--out', outB, '--redis', redis.url])]);
      expect(b.stderr).toContain('queued 0 run(s)');
      const context = `coordinator A:\n${a.stderr}\nworkers:\n${workers.map((w) => w.output()).join('\n')}`;
      expect(a.code, context).toBe(0);
      expect(b.code, context).toBe(0);
      expect(killed, context).not.toBeNull();
      const survivor = workers.find((w) => w.name !== killed?.worker)?.name ?? '';

      // The killed run resumed at epoch 2 on the other worker, from the checkpoint of epoch 1.
      expect(a.stderr).toContain(`edge32/seed-1: finished on ${survivor}, resumed at epoch 2 from its checkpoint in Redis`);
      const jobs = await queue.getJobs(['completed']);
      expect(jobs).toHaveLength(2);
      const logs = new Map<string, string[]>();
      for (const job of jobs) logs.set(String(job.data?.config?.variant), (await queue.getJobLogs(job.id ?? '')).logs);
      expect(logs.get('edge32')).toEqual([
        `${killed?.worker}: starting edge32/seed-1 at epoch 1`,
        `${survivor}: resuming edge32/seed-1 at epoch 2 from the checkpoint of epoch 1 in Redis`,
      ]);
      // Two coordinators (three starts) enqueued baseline28: it was trained once.
      expect(logs.get('baseline28')).toHaveLength(1);
      expect(logs.get('baseline28')?.[0]).toMatch(/^worker-[ab]: starting baseline28\/seed-1 at epoch 1$/);

      // Same numbers as the local run: summary.json and every run file, timings and command aside.
      const summary = withoutTimings(await readJson(join(localOut, 'summary.json')));
      for (const out of [outA, outB]) {
        expect(withoutTimings(await readJson(join(out, 'summary.json')))).toEqual(summary);
        for (const variant of VARIANTS) {
          for (const file of RUN_FILES) {
            const path = (root: string): string => join(root, 'runs', variant, 'seed-1', file);
            expect(withoutTimings(await readJson(path(out))), `${variant} ${file}`).toEqual(withoutTimings(await readJson(path(localOut))));
          }
        }
      }
      // The resumed run's history holds every epoch once, as the local one does.
      expect(withoutTimings(await readJson(join(outA, 'runs', 'edge32', 'seed-1', 'history.json')))).toHaveLength(3);

      // Enqueuing again: finished runs in the folder are not enqueued; a fresh folder gets them from Redis untrained.
      const again = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', outA, '--redis', redis.url]);
      expect(again.code).toBe(0);
      expect(again.stderr).not.toContain('queued');
      const outC = join(await tempDir('queue-c'), 'exp');
      const fresh = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', outC, '--redis', redis.url]);
      expect(fresh.code).toBe(0);
      expect(fresh.stderr).toContain('queued 0 run(s)');
      expect(fresh.stderr).toContain('2 already queued, training or finished there');
      expect(withoutTimings(await readJson(join(outC, 'summary.json')))).toEqual(summary);
      for (const job of await queue.getJobs(['completed'])) expect(job.attemptsMade).toBe(1);
      expect((await queue.getJobLogs(jobs[0]?.id ?? '')).count).toBe(logs.get(String(jobs[0]?.data?.config?.variant))?.length);
    } finally {
      await Promise.all(workers.map(stopWorker));
    }
  }, 600_000);

  it('fails a job it cannot run once, without retrying it', async () => {
    const worker = startQueueWorker(redis.url, 'worker-c');
    try {
      const job = await queue.add('train', { format: 'boundary-effects/run-job', version: 1, config: { variant: 'edge32' } }, { jobId: 'not-a-run', attempts: 3 });
      let state = await job.getState();
      for (let i = 0; i < 600 && state !== 'failed' && state !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await job.getState();
      }
      const failed = await queue.getJob('not-a-run');
      expect(state, worker.output()).toBe('failed');
      expect(failed?.attemptsMade).toBe(1);
      expect(failed?.failedReason).toMatch(/^\[DistributedError\/bad-job\] job not-a-run on queue boundary-effects-runs has no text dataset/);
    } finally {
      await stopWorker(worker);
    }
  }, 120_000);
});

describe('without a reachable Redis', () => {
  it('reproduce --redis and worker stop with exit code 4 and say which server', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const out = join(await tempDir('queue-none'), 'exp');
    const enqueue = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', out, '--redis', url]);
    expect(enqueue.code).toBe(4);
    expect(enqueue.stderr).toContain(`error: cannot reach Redis at ${url}`);
    expect(enqueue.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const worker = await cli(['worker', '--redis', url]);
    expect(worker.code).toBe(4);
    expect(worker.stderr).toContain(`error: cannot reach Redis at ${url}`);
  });

  it('rejects a URL that is not redis:// and --workers with --redis as usage errors', async () => {
    const out = join(await tempDir('queue-usage'), 'exp');
    const bad = await cli(['reproduce', ...SETTINGS, '--out', out, '--redis', 'http://localhost:6379']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--redis must start with redis:// or rediss://');
    const both = await cli(['reproduce', ...SETTINGS, '--out', out, '--redis', 'redis://localhost:6379', '--workers', '2']);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain('--workers sets local worker processes');
  });
});
