/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonIfExists, refuseSymlinkedFolder } from '../fs/atomic-file.js';
import { configMismatch, runLabel, validateRunConfig, type CheckedRunConfig, type RunConfig } from './config.js';
import { TrainingError } from './errors.js';
import { createProgressReporter, type ProgressEvent, type ProgressReporter } from './progress.js';
import { parseRunConfig } from '../run-format/config-file.js';
import { RunFileError } from '../run-format/errors.js';
import { RUN_FILES } from '../run-format/files.js';
import { inspectRunDirectory } from '../run-format/read-run.js';
import type { RunResult } from '../run-format/result-file.js';
import { FilesError } from '../fs/files-error.js';
import { InterruptedError, type KeptRun } from './interrupted.js';
import type { ParentMessage, WorkerErrorInfo, WorkerMessage } from './worker-protocol.js';

/** How one run of an experiment ended. */
export interface RunOutcome {
  config: RunConfig;
  runDir: string;
  /** `reused`: result.json was already there with an equal config; `trained`: trained (or continued) now. */
  status: 'reused' | 'trained' | 'failed';
  result: RunResult | null;
  error: WorkerErrorInfo | null;
}

/** Options of {@link runExperiment}. */
export interface ExperimentOptions {
  /** Worker processes (default: one per core, at most one per run to do). */
  workers?: number;
  reporter?: ProgressReporter;
  /** Worker entry (default: `worker.ts` / `worker.js` beside this module). */
  workerEntry?: string;
  /**
   * Stop on SIGINT/SIGTERM (default true): the workers are stopped, finished epochs stay
   * checkpointed, and the call throws an {@link InterruptedError} (exit code 130/143).
   */
  handleSignals?: boolean;
}

/**
 * The run directory of a config inside an experiment: `<outDir>/runs/<variant>/seed-<seed>`.
 *
 * @example
 * runDirectory('out', { variant: 'edge32', seed: 3 }); // 'out/runs/edge32/seed-3'
 */
export function runDirectory(outDir: string, config: Pick<RunConfig, 'variant' | 'seed'>): string {
  return join(outDir, 'runs', config.variant, `seed-${config.seed}`);
}

/**
 * The worker entry beside this module, with this module's own extension: `worker.ts` when running
 * from source (vitest, tsx), `worker.js` from `dist/`.
 *
 * @example
 * defaultWorkerEntry(); // '/.../src/train/worker.ts' under vitest
 */
export function defaultWorkerEntry(): string {
  const here = fileURLToPath(import.meta.url);
  return join(dirname(here), `worker${extname(here) === '.ts' ? '.ts' : '.js'}`);
}

/**
 * Starts a worker process for `entry`; a `.ts` entry is run through tsx's loader.
 *
 * @example
 * const child = forkWorker(defaultWorkerEntry());
 */
export function forkWorker(entry: string): ChildProcess {
  const execArgv = entry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  return fork(entry, [], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
}

/**
 * A finished, whole run with the same config; null for unfinished or damaged runs (trainRun repairs those).
 *
 * @example
 * await reusableResult('out/runs/edge32/seed-1', config); // RunResult, or null: the run must be trained
 */
export async function reusableResult(runDir: string, config: RunConfig): Promise<RunResult | null> {
  const state = await inspectRunDirectory(runDir);
  if (state.state !== 'finished' || configMismatch(runDir, state.run.config, config) !== null) return null;
  return state.run.result;
}

/** A run directory's config.json, checked; null when absent or damaged (a damaged run is retrained, see clearDamagedRun). */
async function storedConfig(runDir: string): Promise<RunConfig | null> {
  const path = join(runDir, RUN_FILES.config);
  try {
    return await readJsonIfExists(path, parseRunConfig);
  } catch (error) {
    if (error instanceof RunFileError) return null;
    throw error;
  }
}

/**
 * Refuses a symlinked `runs/`, `runs/<variant>/` or `runs/<variant>/seed-<n>/` in `outDir` with a
 * FilesError ('symlink', exit 2), as the report refuses a symlinked `figures/`: outputs are written
 * only inside `--out`. (`--out` itself may be a link: that is where the user chose to write.)
 *
 * @example
 * await refuseSymlinkedRunFolders('reports/mnist', { variant: 'edge32', seed: 1 });
 */
export async function refuseSymlinkedRunFolders(outDir: string, config: Pick<RunConfig, 'variant' | 'seed'>): Promise<void> {
  const runDir = runDirectory(outDir, config);
  for (const folder of [dirname(dirname(runDir)), dirname(runDir), runDir]) await refuseSymlinkedFolder(folder);
}

/**
 * Throws, before anything is written or trained, when a run directory of the experiment already
 * holds a run with other settings (a 'config-mismatch' TrainingError naming the setting), rather
 * than letting each such run fail in its worker.
 *
 * @example
 * await assertRunsMatch('reports/mnist', configs);
 */
export async function assertRunsMatch(outDir: string, configs: readonly RunConfig[]): Promise<void> {
  for (const config of configs) {
    await refuseSymlinkedRunFolders(outDir, config);
    const runDir = runDirectory(outDir, config);
    const stored = await storedConfig(runDir);
    const mismatch = stored === null ? null : configMismatch(runDir, stored, config);
    if (mismatch !== null) throw mismatch;
  }
}

/**
 * Trains many runs on worker processes (default one per core) into `<outDir>/runs/<variant>/seed-<n>/`.
 * Finished runs (result.json present, same config) are reused without a worker; unfinished ones
 * continue from their checkpoint. A failed run or crashed worker does not stop the others (a new
 * worker takes over the queue); when all are done, failures are thrown as one `TrainingError`
 * ('runs-failed') naming each failed run, whose `outcomes` holds every run's outcome. Runs that
 * failed only for a file reason (full disk, no permission) throw a `FilesError` instead. SIGINT or
 * SIGTERM stops every worker (each keeps its finished epochs) and throws an `InterruptedError`.
 *
 * @example
 * const outcomes = await runExperiment(
 *   [makeRunConfig({ variant: 'baseline28', seed: 1 }), makeRunConfig({ variant: 'edge32', seed: 1 })],
 *   'out', { workers: 2 });
 * outcomes.map((o) => o.result?.finalTestLoss);
 */
export async function runExperiment(configs: readonly RunConfig[], outDir: string, options: ExperimentOptions = {}): Promise<RunOutcome[]> {
  return runCheckedExperiment(configs.map(validateRunConfig), outDir, options);
}

/**
 * {@link runExperiment} of configs checked where they entered (`makeRunConfig`): `reproduce`'s path,
 * which does not check them again (nor do the worker processes).
 *
 * @example
 * const configs = [makeRunConfig({ variant: 'baseline28', seed: 1 }), makeRunConfig({ variant: 'edge32', seed: 1 })];
 * await runCheckedExperiment(configs, 'out', { workers: 2 });
 */
export async function runCheckedExperiment(configs: readonly CheckedRunConfig[], outDir: string, options: ExperimentOptions = {}): Promise<RunOutcome[]> {
  const labels = new Set<string>();
  for (const config of configs) {
    const label = runLabel(config);
    if (labels.has(label)) {
      throw new TrainingError('bad-config', `two configs of the experiment share ${label} (one run directory); give each variant/seed pair once.`, { run: label });
    }
    labels.add(label);
  }
  await assertRunsMatch(outDir, configs);
  const reporter = options.reporter ?? createProgressReporter();
  const outcomes: RunOutcome[] = [];
  const queue: Array<{ config: CheckedRunConfig; runDir: string; index: number }> = [];
  for (const [index, config] of configs.entries()) {
    const runDir = runDirectory(outDir, config);
    const result = await reusableResult(runDir, config);
    outcomes[index] = { config, runDir, status: result === null ? 'failed' : 'reused', result, error: null };
    if (result === null) queue.push({ config, runDir, index });
  }

  const workerCount = Math.max(0, Math.min(options.workers ?? availableParallelism(), queue.length));
  const entry = options.workerEntry ?? defaultWorkerEntry();
  const children = new Set<ChildProcess>();
  // Epochs finished per started run, from the workers' progress (what a signal leaves on disk).
  const progress = new Map<string, { runDir: string; epochsKept: number; epochs: number; done: boolean }>();
  let stoppedBy: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stoppedBy !== null) {
      // A second Ctrl-C: do not wait for the workers' graceful exit.
      for (const child of children) child.kill('SIGKILL');
      return;
    }
    stoppedBy = signal;
    queue.length = 0;
    for (const child of children) child.kill('SIGTERM');
  };
  const handleSignals = options.handleSignals !== false && workerCount > 0;
  if (handleSignals) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }

  const queueLabels = new Map(queue.map((item) => [runLabel(item.config), item.runDir]));
  const track = (event: ProgressEvent): void => {
    if (event.kind === 'start') {
      const entryFor = queueLabels.get(event.run);
      progress.set(event.run, { runDir: entryFor ?? '', epochsKept: event.startEpoch - 1, epochs: event.epochs, done: false });
    } else if (event.kind === 'epoch') {
      const known = progress.get(event.run);
      if (known !== undefined) known.epochsKept = event.record.epoch;
    } else if (event.kind === 'done') {
      const known = progress.get(event.run);
      if (known !== undefined) known.done = true;
    }
  };

  const worker = (): Promise<void> =>
    new Promise((resolve) => {
      const child = forkWorker(entry);
      children.add(child);
      let current: (typeof queue)[number] | null = null;
      let finished = false;
      const next = (): void => {
        current = queue.shift() ?? null;
        if (current === null) {
          finished = true;
          child.send({ type: 'exit' } satisfies ParentMessage);
          return;
        }
        child.send({ type: 'run', config: current.config, runDir: current.runDir } satisfies ParentMessage);
      };
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') next();
        else if (message.type === 'progress') {
          track(message.event);
          reporter.report(message.event);
        } else if (current !== null) {
          const outcome = outcomes[current.index];
          if (message.type === 'done') {
            outcome.status = 'trained';
            outcome.result = message.result;
          } else {
            outcome.error = message.error;
          }
          next();
        }
      });
      let ended = false;
      const onEnd = (how: string): void => {
        if (ended) return;
        ended = true;
        children.delete(child);
        if (!finished && current !== null && stoppedBy === null) {
          const label = runLabel(current.config);
          const message = `the worker training ${label} died (${how}); its finished epochs are kept in ${current.runDir} and a rerun continues from there.`;
          outcomes[current.index].error = { name: 'TrainingError', code: 'worker-crashed', message };
          reporter.report({ kind: 'failed', run: label, message });
          // Another worker takes over whatever is still queued.
          if (queue.length > 0) {
            void worker().then(resolve);
            return;
          }
        }
        resolve();
      };
      child.on('exit', (code, signal) => onEnd(signal !== null ? `signal ${signal}` : `exit code ${String(code)}`));
      // A worker that cannot start or be written to: kill it so that 'exit' follows in any case.
      child.on('error', (error) => {
        child.kill('SIGKILL');
        if (child.pid === undefined) onEnd(`could not start: ${error.message}`);
      });
    });

  try {
    await Promise.all(Array.from({ length: workerCount }, () => worker()));
  } finally {
    if (handleSignals) {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
    }
    if (options.reporter === undefined) reporter.close();
  }

  if (stoppedBy !== null) {
    const kept: KeptRun[] = [...progress]
      .filter(([, p]) => !p.done)
      .map(([run, p]) => ({ run, runDir: p.runDir, epochsKept: p.epochsKept, epochs: p.epochs }));
    throw new InterruptedError(stoppedBy, outcomes.filter((o) => o.result !== null).length, kept);
  }

  const failed = outcomes.filter((o) => o.status === 'failed');
  // A full disk or a read-only folder is the same for every run: say so once, as a files error (exit 2).
  const fileFailure = failed.find((o) => o.error?.name === 'FilesError');
  if (fileFailure !== undefined && failed.every((o) => o.error?.name === 'FilesError' || o.error?.code === 'worker-crashed')) {
    const error = new FilesError(
      'io',
      fileFailure.runDir,
      `${failed.length} of ${configs.length} runs could not write their files: ${fileFailure.error?.message ?? ''}`,
    );
    throw Object.assign(error, { outcomes });
  }
  if (failed.length > 0) {
    const lines = failed.map((o) => `${runLabel(o.config)}: ${o.error?.message ?? 'no result'}`);
    const error = new TrainingError('runs-failed', `${failed.length} of ${configs.length} runs failed:\n  ${lines.join('\n  ')}`, {
      run: runLabel(failed[0].config),
    });
    throw Object.assign(error, { outcomes });
  }
  return outcomes;
}
