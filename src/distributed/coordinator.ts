/**
 * `reproduce --redis`: adds an experiment's unfinished runs to the BullMQ queue (one job per run,
 * its id derived from the run's settings), relays every run's progress from the workers, and
 * writes each finished run's files into the output folder as they arrive. Loaded only with --redis.
 */
import { Queue, QueueEvents, type Job } from 'bullmq';
import { runLabel, type CheckedRunConfig, type RunConfig } from '../train/config.js';
import { TrainingError } from '../train/errors.js';
import { InterruptedError } from '../train/interrupted.js';
import { assertRunsMatch, reusableResult, runDirectory, type RunOutcome } from '../train/experiment.js';
import { createProgressReporter, type ProgressReporter } from '../train/progress.js';
import { inspectRunDirectory } from '../run-format/read-run.js';
import { DistributedError } from './errors.js';
import { decodeJobError } from './job-error.js';
import { RUN_QUEUE, runJobData, runJobId } from './job-id.js';
import { parseQueuedProgress } from './progress-forwarder.js';
import { connectRedis, probeRedis, redactRedisUrl } from './redis.js';
import { parseRunPayload, writeRunFiles, type RunFiles } from './run-payload.js';

/** Options of {@link runQueuedExperiment}. */
export interface QueuedExperimentOptions {
  /** redis:// URL of the queue's server. */
  redis: string;
  reporter?: ProgressReporter;
  /** Lines for the user (default: stderr). */
  log?: (line: string) => void;
  /** Attempts of a run that fails for a reason outside it, e.g. a child process killed by the OS (default 3). */
  attempts?: number;
  /** Milliseconds between checks of every run's state, besides the queue's events (default 5000). */
  pollIntervalMs?: number;
  /** Stop on SIGINT/SIGTERM with an InterruptedError (default true). */
  handleSignals?: boolean;
}

/** Job options of every run: bounded retries with backoff for faults outside the run. */
function jobOptions(jobId: string, attempts: number): { jobId: string; attempts: number; backoff: { type: 'exponential'; delay: number } } {
  return { jobId, attempts, backoff: { type: 'exponential', delay: 10_000 } };
}

interface Pending {
  index: number;
  config: RunConfig;
  runDir: string;
  jobId: string;
  /** Worker last seen training the run. */
  worker: string | null;
}

/**
 * Trains an experiment's runs on `boundary-effects worker` processes through Redis, into the same
 * `<outDir>/runs/<variant>/seed-<n>/` directories a local run writes. Finished runs in `outDir` are
 * reused and not enqueued; a run already queued, training or finished in Redis is not added again
 * (its job id is its settings), so a restarted coordinator picks up where it was. A run that failed
 * earlier is retried once more. Resolves with every run's outcome; failures are thrown, after every
 * run has ended, as one TrainingError ('runs-failed') carrying `outcomes`, as {@link runExperiment} does.
 * The configs were checked where they entered (`makeRunConfig`, in `reproduce`), and are not checked again.
 *
 * @example
 * const outcomes = await runQueuedExperiment(configs, 'reports/mnist', { redis: 'redis://127.0.0.1:6379' });
 */
export async function runQueuedExperiment(configs: readonly CheckedRunConfig[], outDir: string, options: QueuedExperimentOptions): Promise<RunOutcome[]> {
  await assertRunsMatch(outDir, configs);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const reporter = options.reporter ?? createProgressReporter();
  const outcomes: RunOutcome[] = [];
  const pending = new Map<string, Pending>();
  for (const [index, config] of configs.entries()) {
    const runDir = runDirectory(outDir, config);
    const result = await reusableResult(runDir, config);
    outcomes[index] = { config, runDir, status: result === null ? 'failed' : 'reused', result, error: null };
    if (result !== null) continue;
    const jobId = runJobId(config);
    if (pending.has(jobId)) throw new TrainingError('bad-config', `two configs of the experiment are the same run ${runLabel(config)}; give each variant/seed pair once.`, { run: runLabel(config) });
    pending.set(jobId, { index, config, runDir, jobId, worker: null });
  }
  if (pending.size === 0) return outcomes;

  const probe = await probeRedis(options.redis);
  for (const warning of probe.warnings) log(warning);
  const where = redactRedisUrl(options.redis);
  // An outage is said once (and the reconnection), by one of the two connections; no ioredis stack traces.
  const connection = connectRedis(options.redis, log);
  const queue = new Queue(RUN_QUEUE, { connection });
  const eventsConnection = connectRedis(options.redis);
  const events = new QueueEvents(RUN_QUEUE, { connection: eventsConnection });
  // BullMQ re-emits its connections' errors; an 'error' without a listener would crash the coordinator.
  queue.on('error', () => undefined);
  events.on('error', () => undefined);
  const attempts = options.attempts ?? 3;
  let wake: () => void = () => undefined;

  /** Looks at a run's job and settles the run when the job has finished. */
  const settleIfFinished = async (entry: Pending): Promise<void> => {
    const job: Job | undefined = await queue.getJob(entry.jobId);
    if (job === undefined) {
      // Removed from Redis (flushed, or aged out): add it again; its checkpoint, if any, is reused.
      await queue.add('train', runJobData(entry.config), jobOptions(entry.jobId, attempts));
      log(`${runLabel(entry.config)}: its job was gone from Redis; queued again`);
      return;
    }
    const state = await job.getState();
    if (state === 'completed') {
      let run: RunFiles;
      try {
        run = parseRunPayload(job.returnvalue, entry.config);
      } catch (error) {
        if (!(error instanceof DistributedError)) throw error;
        // One unreadable result fails that run, not the experiment.
        outcomes[entry.index].error = { name: error.name, code: error.code, message: error.message };
        pending.delete(entry.jobId);
        reporter.report({ kind: 'failed', run: runLabel(entry.config), message: error.message });
        wake();
        return;
      }
      await writeRunFiles(entry.runDir, run);
      // The written files are checked against the worker's manifest (sha256 of each), as any reader does.
      const stored = await inspectRunDirectory(entry.runDir);
      const outcome = outcomes[entry.index];
      if (stored.state !== 'finished') {
        const message = stored.state === 'damaged' ? stored.error.message : `${entry.runDir} is incomplete after writing the returned files`;
        outcome.error = { name: 'DistributedError', code: 'bad-result', message };
        pending.delete(entry.jobId);
        reporter.report({ kind: 'failed', run: runLabel(entry.config), message });
        wake();
        return;
      }
      outcome.status = 'trained';
      outcome.result = stored.run.result;
      pending.delete(entry.jobId);
      log(`${runLabel(entry.config)}: finished on ${run.worker}${run.startEpoch > 1 ? `, resumed at epoch ${run.startEpoch} from its checkpoint in Redis` : ''}; files in ${entry.runDir}`);
      wake();
    } else if (state === 'failed') {
      const error = decodeJobError(job.failedReason);
      outcomes[entry.index].error = error;
      pending.delete(entry.jobId);
      reporter.report({ kind: 'failed', run: runLabel(entry.config), message: `${error.message} (after ${job.attemptsMade} attempt(s))` });
      wake();
    }
  };

  /** Runs being looked at: an event and the periodic check may arrive together. */
  const checking = new Set<string>();
  /** {@link settleIfFinished}, once at a time per run. */
  const check = async (entry: Pending): Promise<void> => {
    if (checking.has(entry.jobId) || !pending.has(entry.jobId)) return;
    checking.add(entry.jobId);
    try {
      await settleIfFinished(entry);
    } finally {
      checking.delete(entry.jobId);
    }
  };
  events.on('progress', ({ jobId, data }) => {
    const entry = pending.get(jobId);
    const progress = parseQueuedProgress(data);
    if (entry === undefined || progress === null) return;
    if (entry.worker !== progress.worker) {
      entry.worker = progress.worker;
      log(`${runLabel(entry.config)}: on ${progress.worker}`);
    }
    reporter.report(progress.event);
  });
  const settle = ({ jobId }: { jobId: string }): void => {
    const entry = pending.get(jobId);
    if (entry !== undefined) void check(entry).catch(fail);
  };
  events.on('completed', settle);
  events.on('failed', settle);
  events.on('stalled', ({ jobId }) => {
    const entry = pending.get(jobId);
    if (entry !== undefined) log(`${runLabel(entry.config)}: its worker ${entry.worker ?? ''} stopped answering; the run is queued again and resumes from its last finished epoch`);
  });
  let failure: unknown = null;
  function fail(error: unknown): void {
    failure ??= error;
    wake();
  }
  // Ctrl-C or SIGTERM: stop following the queue (the runs stay queued or training on the workers),
  // close the connections, and throw an InterruptedError: the caller releases the lock and the
  // command prints the stop line and the command that resumes.
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    stoppedBy ??= signal;
    wake();
  };
  const handleSignals = options.handleSignals !== false;
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  try {
    await events.waitUntilReady();
    let added = 0;
    let retried = 0;
    for (const entry of pending.values()) {
      const existing = await queue.getJob(entry.jobId);
      if (existing === undefined) {
        await queue.add('train', runJobData(entry.config), jobOptions(entry.jobId, attempts));
        added++;
      } else if ((await existing.getState()) === 'failed') {
        // As a local rerun retries a failed run: once more per coordinator start, not endlessly.
        await existing.retry('failed');
        retried++;
      }
    }
    const known = pending.size - added - retried;
    log(`queued ${added} run(s) on ${where} (Redis ${probe.version})${retried > 0 ? `, retrying ${retried} failed earlier` : ''}${known > 0 ? `, ${known} already queued, training or finished there` : ''}; start workers with: boundary-effects worker --redis <url>`);
    const poll = options.pollIntervalMs ?? 5000;
    while (pending.size > 0 && failure === null && stoppedBy === null) {
      for (const entry of [...pending.values()]) await check(entry);
      if (pending.size === 0 || stoppedBy !== null) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, poll);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    if (handleSignals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    if (options.reporter === undefined) reporter.close();
    await events.close();
    await queue.close();
    connection.disconnect();
    eventsConnection.disconnect();
  }
  if (failure !== null) throw failure;
  if (stoppedBy !== null) {
    const finished = outcomes.filter((o) => o.result !== null).length;
    throw new InterruptedError(stoppedBy, finished, [], `${pending.size} run(s) stay queued or training on the workers; rerunning the command writes them as they finish.`);
  }

  const failed = outcomes.filter((o) => o.status === 'failed');
  if (failed.length > 0) {
    const lines = failed.map((o) => `${runLabel(o.config)}: ${o.error?.message ?? 'no result'}`);
    const error = new TrainingError('runs-failed', `${failed.length} of ${configs.length} runs failed:\n  ${lines.join('\n  ')}`, { run: runLabel(failed[0].config) });
    throw Object.assign(error, { outcomes });
  }
  return outcomes;
}
