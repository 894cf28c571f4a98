import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/program.js';

/** The repository root (cwd of the subprocess runs). */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The committed synthetic dataset. */
export const SYNTHETIC_DIR = join(REPO_ROOT, 'fixtures', 'synthetic');

/** A writable stream that keeps everything written to it as text. */
export class CaptureStream extends Writable {
  private chunks: string[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    callback();
  }
  get text(): string {
    return this.chunks.join('');
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

/**
 * Runs the command line in-process with captured stdout and stderr.
 *
 * @example
 * const { code, stdout } = await cli(['data', 'verify', '--dataset', 'synthetic']);
 */
export async function cli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliRun> {
  const stdout = new CaptureStream();
  const stderr = new CaptureStream();
  const io: CliIo = { stdout, stderr, env: { ...env } };
  const started = performance.now();
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text, stderr: stderr.text, seconds: (performance.now() - started) / 1000 };
}

/**
 * Runs `node --import tsx src/cli/main.ts ...argv` as a real process (with a time limit).
 *
 * @example
 * const { code } = await cliProcess(['--version']);
 */
export function cliProcess(argv: readonly string[], timeoutMs = 60_000): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === null) reject(new Error(`boundary-effects ${argv.join(' ')} ended by ${String(signal)}; stderr:\n${stderr}`));
      else resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    });
  });
}

const made: string[] = [];

/** A fresh temporary directory, removed by {@link removeTempDirs}. */
export async function tempDir(label: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `be-cli-${label}-`));
  made.push(dir);
  return dir;
}

/** Removes every directory made by {@link tempDir}. */
export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** Sets environment variables for the duration of `fn` (libraries read process.env), then restores them. */
export async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const before = new Map(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of before) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
