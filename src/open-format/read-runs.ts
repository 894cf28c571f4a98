import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { readRunData, type RunData, type RunDataJob } from './read-run-data.js';
import { fromWorkerError, type WorkerError } from './run-worker-messages.js';

/**
 * One run's outcome, in job order: its data, or the error reading it stopped with, passed on as it
 * was thrown (an OpenFormatError, or Node's own file error, rebuilt when it crossed from a worker).
 */
export type RunOutcome = { ok: true; data: RunData } | { ok: false; error: unknown };

/** The worker's code bundled from the sources (only when running from TypeScript), made once per process. */
let bundledWorker: Promise<string> | null = null;

/**
 * A worker running the entry next to this module: `run-worker.js` once built. From the TypeScript sources (tsx,
 * vitest) Node 20 workers cannot load tsx's loader, so the entry is bundled to one script with esbuild (tsx's own
 * compiler, a dev dependency) and run as such: the same code.
 */
async function startWorker(): Promise<Worker> {
  const here = fileURLToPath(import.meta.url);
  if (extname(here) !== '.ts') return new Worker(here.replace(/read-runs\.js$/, 'run-worker.js'));
  bundledWorker ??= import('esbuild').then((esbuild) => {
    const out = esbuild.buildSync({ entryPoints: [here.replace(/read-runs\.ts$/, 'run-worker.ts')], bundle: true, platform: 'node', format: 'cjs', write: false });
    return out.outputFiles[0].text;
  });
  return new Worker(await bundledWorker, { eval: true });
}

/** Below this many bytes of data, runs are read in the calling thread: starting workers would cost more than they save. */
export const WORKER_MIN_BYTES = 32 * 1024 * 1024;

/**
 * How many worker threads read runs by default: one per core (each run is CPU-bound), at most one per run, and
 * none (1: the calling thread) for less than {@link WORKER_MIN_BYTES} of data. `BOUNDARY_EFFECTS_READ_WORKERS`
 * overrides it (1 reads in the calling thread).
 *
 * @example
 * defaultReadWorkers(4, 3.2e9); // 2 on a two-core machine
 * defaultReadWorkers(4, 1e6);   // 1
 */
export function defaultReadWorkers(runs: number, dataBytes: number): number {
  const env = process.env.BOUNDARY_EFFECTS_READ_WORKERS;
  if (env !== undefined && /^[1-9][0-9]*$/.test(env)) return Math.max(1, Math.min(Number(env), runs));
  if (dataBytes < WORKER_MIN_BYTES) return 1;
  return Math.max(1, Math.min(availableParallelism(), runs));
}

/**
 * Reads runs, each whole in one place (the calling thread when `workers` is 1, else a pool of worker threads that
 * take the next run as they finish one), and returns the outcomes in job order. A run's numbers are computed by
 * the same sequential pass wherever it runs, so they are bit-identical for any worker count. After a failing
 * run, later runs are not started; earlier ones finish, so the outcome list up to the first failure is the same
 * as reading in order.
 *
 * @example
 * const outcomes = await readRuns(jobs, 2);
 */
export async function readRuns(jobs: readonly RunDataJob[], workers: number): Promise<RunOutcome[]> {
  if (workers <= 1 || jobs.length <= 1) {
    const outcomes: RunOutcome[] = [];
    for (const job of jobs) {
      try {
        outcomes.push({ ok: true, data: readRunData(job) });
      } catch (e) {
        outcomes.push({ ok: false, error: e });
        break;
      }
    }
    return outcomes;
  }
  const outcomes = new Array<RunOutcome | undefined>(jobs.length);
  let next = 0;
  let firstFailure = jobs.length;
  const pool = await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, startWorker));
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const give = () => {
              if (next >= jobs.length || next > firstFailure) {
                resolve();
                return;
              }
              const index = next++;
              worker.postMessage({ index, job: jobs[index] });
            };
            worker.on('message', (message: { index: number; result?: RunData; error?: WorkerError }) => {
              if (message.error !== undefined) {
                outcomes[message.index] = { ok: false, error: fromWorkerError(message.error) };
                firstFailure = Math.min(firstFailure, message.index);
              } else if (message.result !== undefined) outcomes[message.index] = { ok: true, data: message.result };
              give();
            });
            worker.once('error', reject);
            worker.once('exit', (code) => {
              if (code !== 0) reject(new Error(`internal: a run-reading worker exited with code ${code}`));
            });
            give();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  // In job order up to (and including) the first failure: what reading one by one would have produced.
  const ordered: RunOutcome[] = [];
  for (const outcome of outcomes) {
    if (outcome === undefined) break;
    ordered.push(outcome);
    if (!outcome.ok) break;
  }
  return ordered;
}
