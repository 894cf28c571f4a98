/**
 * BullMQ's sandboxed processor of `boundary-effects worker`: each run is trained in a child process
 * that BullMQ forks (so a CPU-bound epoch never blocks the parent's lock renewal). The child trains
 * the run into a local temporary directory, mirrors each finished epoch's checkpoint into Redis,
 * resumes from Redis when an earlier worker died, and returns the run's files as the job's value.
 * The parent passes the Redis URL, its name and an optional data directory in the environment.
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, type SandboxedJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { runLabel } from '../train/config.js';
import { trainCheckedRun } from '../train/run.js';
import { checkpointKey, expireCheckpoint, restoreCheckpoint, uploadCheckpoint } from './checkpoint-mirror.js';
import { DistributedError } from './errors.js';
import { encodeJobError } from './job-error.js';
import { parseRunJobData } from './job-id.js';
import { forwardProgress, type QueuedProgress } from './progress-forwarder.js';
import { connectRedis } from './redis.js';
import { PROCESSOR_ENV } from './processor-env.js';
import { packRunFiles, type RunPayload } from './run-payload.js';

// BullMQ's child waits for the current job on SIGTERM/SIGINT; a stopped worker should stop now
// (the run resumes elsewhere from its last finished epoch). Without its parent (killed with
// kill -9) the child must not train on unseen either.
/** The temp run folders of the runs this child is training: removed on every way out. */
const runDirs = new Set<string>();
/** Leaves at once, without the `finally` of the run under way: its temp folder is removed here. */
function leave(code: number): void {
  for (const dir of runDirs) rmSync(dir, { recursive: true, force: true });
  process.exit(code);
}
/**
 * Ctrl-C reaches the whole process group: the parent then puts this child's run back in the queue
 * and stops the child with SIGTERM. Leaving first would make BullMQ record the run as failed (one
 * attempt used), so the child waits for that SIGTERM, or its parent's end, at most a few seconds.
 */
const CTRL_C_GRACE_MS = 3000;
process.removeAllListeners('SIGTERM');
process.removeAllListeners('SIGINT');
process.on('SIGTERM', () => leave(143));
process.on('SIGINT', () => {
  if (process.connected) setTimeout(() => leave(130), CTRL_C_GRACE_MS);
  else leave(130);
});
process.on('disconnect', () => leave(0));

let redis: Redis | null = null;

function redisClient(): Redis {
  const url = process.env[PROCESSOR_ENV.redis];
  if (url === undefined || url === '') {
    throw new DistributedError('bad-redis-url', `${PROCESSOR_ENV.redis} is not set: the processor is started by 'boundary-effects worker --redis <url>'.`);
  }
  redis ??= connectRedis(url);
  return redis;
}

/**
 * Trains one queued run (BullMQ calls it in a child process with the job).
 *
 * @example
 * new Worker(RUN_QUEUE, '/path/to/dist/distributed/processor.js', { connection, useWorkerThreads: false });
 */
export default async function trainQueuedRun(job: SandboxedJob): Promise<RunPayload> {
  const jobId = job.id ?? '';
  const worker = process.env[PROCESSOR_ENV.name] ?? `pid ${process.pid}`;
  const runDir = await mkdtemp(join(tmpdir(), 'boundary-effects-queued-run-'));
  runDirs.add(runDir);
  try {
    const config = parseRunJobData(job.data, jobId);
    const dataDir = process.env[PROCESSOR_ENV.dataDir];
    const client = redisClient();
    const key = checkpointKey(jobId);
    const resumedFrom = await restoreCheckpoint(client, key, runDir);
    await job.log(
      resumedFrom === null
        ? `${worker}: starting ${runLabel(config)} at epoch 1`
        : `${worker}: resuming ${runLabel(config)} at epoch ${resumedFrom + 1} from the checkpoint of epoch ${resumedFrom} in Redis`,
    );
    const reporter = forwardProgress((progress: QueuedProgress) => job.updateProgress(progress), worker);
    await trainCheckedRun(dataDir === undefined || dataDir === '' ? config : { ...config, dataDir }, runDir, {
      reporter,
      onCheckpoint: async (epoch, dir) => {
        await uploadCheckpoint(client, key, dir, epoch);
      },
    });
    await reporter.flush();
    const payload = await packRunFiles(runDir, { worker, startEpoch: (resumedFrom ?? 0) + 1 });
    await expireCheckpoint(client, key);
    return payload;
  } catch (error) {
    const { reason, retry } = encodeJobError(error);
    // The worker's own classification: only faults outside the run are worth another attempt.
    throw retry ? new Error(reason) : new UnrecoverableError(reason);
  } finally {
    await rm(runDir, { recursive: true, force: true });
    runDirs.delete(runDir);
  }
}
