/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
/**
 * `boundary-effects worker`: takes queued runs from Redis and trains each in its own BullMQ
 * sandboxed child process, any number of machines at once. Loaded only by that command.
 */
import { availableParallelism, hostname } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker, type Job } from 'bullmq';
import { PROCESSOR_ENV } from './processor-env.js';
import { RUN_QUEUE } from './job-id.js';
import { connectRedis, probeRedis, redactRedisUrl } from './redis.js';

/** Options of {@link runWorker}. */
export interface RunWorkerOptions {
  /** redis:// URL of the queue's server. */
  redis: string;
  /** Runs trained at once, each in its own process (default: one per core). */
  concurrency?: number;
  /** Where this machine keeps the dataset files (default: $BOUNDARY_EFFECTS_DATA, caches). */
  dataDir?: string;
  /** Name shown on the coordinator and stored on each job (default `<host>:<pid>`). */
  name?: string;
  /**
   * How long a run's lock lasts without renewal (ms, default 30000). The parent renews it every
   * half of this while the child trains; a worker killed with kill -9 lets it expire, and the run
   * goes back to the queue at the next stalled check after that.
   */
  lockDurationMs?: number;
  /** Milliseconds between stalled-run checks (default 30000). */
  stalledIntervalMs?: number;
  /** How many times a run may lose its worker before it fails (default 5). */
  maxStalledCount?: number;
  /** Lines for the user (default: stderr). */
  log?: (line: string) => void;
  /** Stops the worker: the runs it trains go back to the queue and resume elsewhere. */
  signal?: AbortSignal;
}

/** Defaults of {@link runWorker}, documented in docs/distributed.md. */
export const WORKER_DEFAULTS = { lockDurationMs: 30_000, stalledIntervalMs: 30_000, maxStalledCount: 5 } as const;

/**
 * The processor file beside this module, with this module's own extension (`.ts` from source under
 * tsx, `.js` from dist/); BullMQ forks its child processes with this process's execArgv.
 *
 * @example
 * processorFile(); // '/.../dist/distributed/processor.js'
 */
export function processorFile(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), `processor${extname(here) === '.ts' ? '.ts' : '.js'}`);
}

/**
 * Trains queued runs until `signal` aborts. Fails at once with a DistributedError
 * ('redis-unreachable') when Redis cannot be reached; later outages are waited out (the client
 * reconnects) and logged.
 *
 * @example
 * const stop = new AbortController();
 * process.once('SIGTERM', () => stop.abort());
 * await runWorker({ redis: 'redis://127.0.0.1:6379', signal: stop.signal });
 */
export async function runWorker(options: RunWorkerOptions): Promise<void> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const probe = await probeRedis(options.redis);
  for (const warning of probe.warnings) log(warning);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const concurrency = options.concurrency ?? availableParallelism();
  const connection = connectRedis(options.redis, log);
  const env: NodeJS.ProcessEnv = { ...process.env, [PROCESSOR_ENV.redis]: options.redis, [PROCESSOR_ENV.name]: name };
  if (options.dataDir !== undefined) env[PROCESSOR_ENV.dataDir] = options.dataDir;
  const worker = new Worker(RUN_QUEUE, processorFile(), {
    connection,
    concurrency,
    name,
    useWorkerThreads: false,
    workerForkOptions: { env },
    lockDuration: options.lockDurationMs ?? WORKER_DEFAULTS.lockDurationMs,
    stalledInterval: options.stalledIntervalMs ?? WORKER_DEFAULTS.stalledIntervalMs,
    maxStalledCount: options.maxStalledCount ?? WORKER_DEFAULTS.maxStalledCount,
    // Kept so that enqueuing the same run again finds it finished; see docs/distributed.md.
    removeOnComplete: { age: 30 * 24 * 3600 },
    removeOnFail: { age: 30 * 24 * 3600 },
  });
  // The jobs this worker holds, so that stopping can hand them back (see giveBack).
  const held = new Map<string, Job>();
  let stopping = false;
  worker.on('active', (job) => {
    held.set(job.id ?? '', job);
    // Taken while stopping (a slot that was waiting for work): straight back.
    if (stopping) void giveBack(job, log, name);
    else log(`${name}: training job ${job.id ?? '?'} (attempt ${job.attemptsMade + 1})`);
  });
  worker.on('completed', (job) => {
    held.delete(job.id ?? '');
    log(`${name}: finished job ${job.id ?? '?'}`);
  });
  worker.on('failed', (job, error) => {
    if (job !== undefined) held.delete(job.id ?? '');
    log(`${name}: job ${job?.id ?? '?'} failed: ${error.message}`);
  });
  // Every failed reconnect is an 'error': say each distinct one once a minute, not every few seconds.
  const said = new Map<string, number>();
  worker.on('error', (error) => {
    const last = said.get(error.message);
    if (last !== undefined && Date.now() - last < 60_000) return;
    said.set(error.message, Date.now());
    log(`${name}: ${error.message} (Redis at ${redactRedisUrl(options.redis)}; retrying)`);
  });
  await worker.waitUntilReady();
  log(`${name}: waiting for runs on ${redactRedisUrl(options.redis)} (Redis ${probe.version}), ${concurrency} at a time`);
  await new Promise<void>((resolve) => {
    if (options.signal === undefined) return;
    if (options.signal.aborted) resolve();
    options.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  log(`${name}: stopping; runs in progress go back to the queue and resume on another worker from their last finished epoch`);
  stopping = true;
  // Each run under way goes back to the head of the queue without using an attempt, at once: on
  // Ctrl-C its child stops too, and BullMQ would record that as a failure if it came first.
  const givenBack = Promise.all([...held.values()].map((job) => giveBack(job, log, name)));
  await worker.pause(true); // no new runs
  await givenBack;
  // force: do not wait for the runs' children; they are stopped, and the failure BullMQ then sees is
  // not recorded, the jobs being no longer this worker's (their locks were released above).
  await worker.close(true);
  connection.disconnect();
}

/**
 * Puts a job this worker holds back in the queue's wait list, as a stopped worker's: BullMQ's
 * moveToWait releases the lock and leaves attemptsMade as it was (a failure would count one attempt).
 * If Redis cannot be reached, the lock expires instead and the stalled check returns the job.
 */
async function giveBack(job: Job, log: (line: string) => void, name: string): Promise<void> {
  try {
    await job.moveToWait(job.token);
    log(`${name}: job ${job.id ?? '?'} back in the queue (attempts used: ${job.attemptsMade})`);
  } catch (error) {
    log(`${name}: job ${job.id ?? '?'} could not be put back (${error instanceof Error ? error.message : String(error)}); it returns to the queue when its lock expires`);
  }
}
