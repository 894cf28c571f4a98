/**
 * One rule for credentials, checked against a real password-protected redis-server: a distributed
 * run with the password in its --redis URL writes and prints it nowhere (experiment.json,
 * summary.json, report.html, the lock file, a second writer's "in use by" error, the logs of the
 * coordinator and the worker); the URL appears redacted instead (`redis://***@host`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, removeTempDirs, REPO_ROOT, tempDir, type CliRun } from '../cli/helpers.js';
import { HAVE_REDIS_SERVER, startRedisServer, type RedisServer } from './redis-server.js';

// A password no file or message could hold by chance.
const PASSWORD = `pw-${randomBytes(12).toString('hex')}`;
const SETTINGS = ['--dataset', 'synthetic', '--train-size', '64', '--test-size', '16', '--epochs', '1', '--batch-size', '32', '--seeds', '1', '--backend', 'wasm', '--variants', 'baseline28,edge32'];
const LOCK = '.boundary-effects.lock';

/** Every file under `dir` (hidden ones too), by path relative to it, with its text. */
async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(path.slice(dir.length + 1), await readFile(path, 'latin1'));
  }
  return out;
}

/** A CLI process with its output collected as it comes. */
function start(argv: readonly string[]): { child: ChildProcess; output: () => string; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const started = performance.now();
  const done = new Promise<CliRun>((resolve) =>
    child.once('close', (code, signal) => resolve({ code: code ?? (signal === 'SIGTERM' ? 143 : 130), stdout, stderr, seconds: (performance.now() - started) / 1000 })),
  );
  return { child, output: () => `${stdout}${stderr}`, done };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let redis: RedisServer;

beforeAll(async () => {
  if (!HAVE_REDIS_SERVER) return;
  redis = await startRedisServer({ password: PASSWORD });
}, 60_000);

afterAll(async () => {
  if (!HAVE_REDIS_SERVER) return;
  await redis.stop();
  await removeTempDirs();
});

describe.skipIf(!HAVE_REDIS_SERVER)('a password-protected Redis (needs redis-server)', () => {
  it('the password is in no file written and no line printed by the coordinator, the worker or a second writer', async () => {
    expect(redis.url).toContain(PASSWORD);
    const out = join(await tempDir('secret'), 'exp');
    const worker = start(['worker', '--redis', redis.url, '--concurrency', '1', '--name', 'w1']);
    try {
      const coordinator = start(['reproduce', ...SETTINGS, '--out', out, '--redis', redis.url]);
      // While the coordinator holds the folder: its lock file, and a second writer turned away.
      let lockText: string | null = null;
      // The lock is created empty then written (O_EXCL), so wait for its text, not only the file.
      for (let i = 0; i < 600 && (lockText === null || lockText === ''); i++) {
        lockText = await readFile(join(out, LOCK), 'utf8').catch(() => null);
        if (lockText === null || lockText === '') await sleep(100);
      }
      expect(lockText, coordinator.output()).not.toBeNull();
      const second = await cli(['reproduce', ...SETTINGS, '--out', out, '--redis', redis.url]);
      const finished = await coordinator.done;
      const context = `coordinator:\n${coordinator.output()}\nworker:\n${worker.output()}`;
      expect(finished.code, context).toBe(0);
      expect(second.code).toBe(1);
      expect(second.stderr).toContain('is in use by process');

      // Redacted, not dropped: the URL is recorded with `***` in place of the password.
      const redacted = `redis://***@127.0.0.1:${redis.port}`;
      expect(lockText).toContain(redacted);
      expect(second.stderr).toContain(redacted);
      const files = await filesUnder(out);
      expect(files.has(LOCK)).toBe(false); // released at the end
      expect(files.get('experiment.json')).toContain(redacted);
      expect(files.get('summary.json')).toContain(redacted);
      expect(files.get('report.html')).toContain(redacted);
      expect(files.size).toBeGreaterThan(20); // runs, figures, tables

      // The password itself: nowhere.
      await stop(worker.child);
      const printed = { coordinator: coordinator.output(), worker: worker.output(), second: second.stdout + second.stderr, lock: lockText ?? '' };
      for (const [name, text] of Object.entries(printed)) expect(text.includes(PASSWORD), `${name} printed the password:\n${text}`).toBe(false);
      const leaking = [...files].filter(([, text]) => text.includes(PASSWORD)).map(([path]) => path);
      expect(leaking).toEqual([]);
    } finally {
      await stop(worker.child);
    }
  }, 600_000);
});
