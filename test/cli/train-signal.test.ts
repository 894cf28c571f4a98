/**
 * Signals to `train` (one run in this process): Ctrl-C or SIGTERM prints the stop line with the
 * epochs the run keeps and the command that resumes, exits 130/143 and releases the lock.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('train and signals', () => {
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
    it(`${signal}: the stop line, the resume command, exit ${code}, the lock released`, async () => {
      const out = join(await tempDir('train-signal'), 'exp');
      const argv = ['train', '--variant', 'edge32', '--dataset', 'synthetic', '--train-size', '256', '--test-size', '16', '--epochs', '500', '--batch-size', '32', '--backend', 'wasm', '--out', out];
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const exit = new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
      // Wait for the first finished epoch (its line), so that the run keeps something.
      for (let i = 0; i < 3000 && !/epoch 1\/500 loss/.test(stderr); i++) await sleep(100);
      expect(stderr).toMatch(/epoch 1\/500 loss/);
      expect(await readFile(join(out, '.boundary-effects.lock'), 'utf8')).toContain('"pid"');
      child.kill(signal);
      expect(await exit, stderr).toBe(code);
      const lines = stderr.trim().split('\n');
      expect(lines.at(-2)).toMatch(new RegExp(`^stopped by ${signal}: 0 finished run\\(s\\) kept; edge32/seed-1 keeps [1-9]\\d* of 500 epochs\\.$`));
      expect(lines.at(-1)).toBe(`resume with: boundary-effects ${argv.join(' ')}`);
      expect(stderr).not.toMatch(/\n\s+at /);
      expect(await readFile(join(out, '.boundary-effects.lock'), 'utf8').catch(() => null)).toBeNull();
      // What it says it keeps is in the run's history (a resume continues after it).
      const kept = Number(/keeps (\d+) of/.exec(lines.at(-2) ?? '')?.[1]);
      const history: unknown = JSON.parse(await readFile(join(out, 'runs', 'edge32', 'seed-1', 'history.json'), 'utf8'));
      // (A signal between the history's write and the epoch's progress event says one epoch fewer than kept: never more.)
      const length = Array.isArray(history) ? history.length : -1;
      expect(length === kept || length === kept + 1, `history ${length}, said ${kept}`).toBe(true);
    }, 400_000);
  }
});
