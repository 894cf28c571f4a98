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
function start(argv: readonly string[], env: NodeJS.ProcessEnv = {}): { child: ChildProcess; output: () => string; done: Promise<CliRun> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

  it('a wrong or missing password is exit 4 saying so (not "cannot reach"), before anything is queued', async () => {
    const out = join(await tempDir('auth'), 'exp');
    const wrong = redis.url.replace(PASSWORD, 'not-the-password');
    for (const argv of [['reproduce', ...SETTINGS, '--no-report', '--out', out, '--redis', wrong], ['worker', '--redis', wrong]]) {
      const run = await cli(argv);
      expect(run.code, run.stderr).toBe(4);
      expect(run.stderr.trim()).toBe(
        `error: Redis at redis://***@127.0.0.1:${redis.port} refused the connection's credentials (WRONGPASS invalid username-password pair or user is disabled.); check the password in the --redis URL.`,
      );
    }
    const none = await cli(['worker', '--redis', `redis://127.0.0.1:${redis.port}`]);
    expect(none.code).toBe(4);
    expect(none.stderr).toContain('refused the connection\'s credentials (NOAUTH Authentication required.)');
  });

  it('a database index out of range or not a number is a usage error (exit 1), one line, before anything is queued', async () => {
    const out = join(await tempDir('db'), 'exp');
    const far = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', out, '--redis', `${redis.url}/99`]);
    expect(far.code, far.stderr).toBe(1);
    expect(far.stderr).toBe(
      `error: --redis redis://***@127.0.0.1:${redis.port}/99: Redis has no database 99 (this server has 16: 0 to 15): ERR DB index is out of range; fix the index after the port.\n(add --help for usage and examples)\n`,
    );
    const word = await cli(['worker', '--redis', `${redis.url}/abc`]);
    expect(word.code).toBe(1);
    expect(word.stderr).toContain("the database index after the port must be a number such as /0, got 'abc'");
    // Nothing was queued into database 0 instead.
    const probe = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', out, '--redis', `${redis.url}/99`]);
    expect(probe.stderr).not.toContain('queued');
  });
});

describe.skipIf(!HAVE_REDIS_SERVER)('signals to reproduce --redis (needs redis-server)', () => {
  it('SIGTERM: the stop line, the resume command (password redacted), exit 143 and the lock released; the runs stay queued', async () => {
    const out = join(await tempDir('signal'), 'exp');
    // A server of its own: the first test's jobs (the same settings, seed 1) would be found already
    // queued or finished in the shared one.
    const own = await startRedisServer({ password: PASSWORD });
    try {
      // No worker: the coordinator queues the runs and waits for them.
      const coordinator = start(['reproduce', ...SETTINGS, '--seeds', '2', '--no-report', '--out', out, '--redis', own.url]);
      for (let i = 0; i < 1800 && !coordinator.output().includes('queued '); i++) await sleep(100);
      expect(coordinator.output()).toContain('queued 4 run(s)');
      expect(await readFile(join(out, LOCK), 'utf8')).toContain('"pid"');
      coordinator.child.kill('SIGTERM');
      const run = await coordinator.done;
      expect(run.code, run.stderr).toBe(143);
      const lines = run.stderr.trim().split('\n');
      expect(lines.at(-2)).toBe('stopped by SIGTERM: 0 finished run(s) kept. 4 run(s) stay queued or training on the workers; rerunning the command writes them as they finish.');
      expect(lines.at(-1)).toBe(
        `resume with: boundary-effects reproduce ${SETTINGS.join(' ')} --seeds 2 --no-report --out ${out} --redis 'redis://***@127.0.0.1:${own.port}'   (with the password in place of ***)`,
      );
      expect(run.stderr).not.toContain(PASSWORD);
      expect(await readFile(join(out, LOCK), 'utf8').catch(() => null)).toBeNull();
    } finally {
      await own.stop();
    }
  }, 300_000);
});

describe.skipIf(!HAVE_REDIS_SERVER)('a worker stopped with SIGTERM (needs redis-server)', () => {
  it('removes the temp folder of the run it was training', async () => {
    const server = await startRedisServer();
    const tmp = await tempDir('worker-tmp');
    const out = join(await tempDir('worker-stop'), 'exp');
    const worker = start(['worker', '--redis', server.url, '--concurrency', '1', '--name', 'w-stop'], { TMPDIR: tmp });
    const coordinator = start(['reproduce', ...SETTINGS, '--epochs', '200', '--variants', 'edge32', '--no-report', '--out', out, '--redis', server.url]);
    try {
      // Training: the worker's child made its temp run folder under TMPDIR.
      let made: string[] = [];
      for (let i = 0; i < 3000 && made.length === 0; i++) {
        made = (await readdir(tmp)).filter((name) => name.startsWith('boundary-effects-queued-run-'));
        if (made.length === 0) await sleep(100);
      }
      expect(made, worker.output()).toHaveLength(1);
      for (let i = 0; i < 3000 && !coordinator.output().includes('epoch 1/200'); i++) await sleep(100);
      worker.child.kill('SIGTERM');
      await worker.done;
      expect((await readdir(tmp)).filter((name) => name.startsWith('boundary-effects-queued-run-'))).toEqual([]);
      expect(worker.output()).toContain('w-stop: stopping');
    } finally {
      await stop(worker.child);
      await stop(coordinator.child);
      await server.stop();
    }
  }, 400_000);
});

describe.skipIf(!HAVE_REDIS_SERVER)('a Redis outage (needs redis-server)', () => {
  it('a worker says once that Redis is gone and once that it is back, without ioredis stack traces', async () => {
    const server = await startRedisServer();
    const worker = start(['worker', '--redis', server.url, '--concurrency', '1', '--name', 'w-outage']);
    try {
      for (let i = 0; i < 1800 && !worker.output().includes('waiting for runs'); i++) await sleep(100);
      expect(worker.output()).toContain('waiting for runs');
      await server.stop();
      await sleep(6000); // several reconnect attempts
      const during = worker.output();
      expect(during).toContain(`Redis at redis://127.0.0.1:${server.port}: connect ECONNREFUSED`);
      const again = await startRedisServer({ port: server.port });
      try {
        for (let i = 0; i < 150 && !worker.output().includes('connected again'); i++) await sleep(100);
      } finally {
        await again.stop();
      }
      const text = worker.output();
      expect(text).toContain(`Redis at redis://127.0.0.1:${server.port}: connected again.`);
      expect(text).not.toContain('Unhandled error event');
      expect(text).not.toMatch(/\n\s+at /);
      // One line for the outage from the connection, not one per reconnect attempt.
      expect(text.split('reconnecting every few seconds').length - 1).toBe(1);
    } finally {
      await stop(worker.child);
    }
  }, 300_000);
});
