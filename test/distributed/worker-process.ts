/**
 * What the queue tests share: a `boundary-effects worker` child process, and run files compared
 * without the fields that differ between identical runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { REPO_ROOT } from '../cli/helpers.js';

/** Fields that may differ between identical runs: wall times and the command line. */
const TIMING_KEYS = new Set(['seconds', 'trainSeconds', 'testSeconds', 'imagesPerSecond', 'command', 'commands']);

/** `value` without its timing fields, at any depth. */
export function withoutTimings(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTimings);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !TIMING_KEYS.has(key)).map(([key, v]) => [key, withoutTimings(v)]));
}

export const readJson = async (path: string): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'));

export interface WorkerProcess {
  name: string;
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts `boundary-effects worker --redis url --concurrency 1 --name name` from the source tree,
 * with `extraArgs` after them; `detached` puts it in its own process group.
 */
export function startWorker(url: string, name: string, options: { extraArgs?: string[]; detached?: boolean } = {}): WorkerProcess {
  const args = ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--redis', url, '--concurrency', '1', '--name', name, ...(options.extraArgs ?? [])];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  let text = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (text += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (text += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, output: () => text, exited };
}
