import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FilesError } from '../../src/fs/files-error.js';
import { acquireOutputLock, LOCK_FILE } from '../../src/fs/output-lock.js';

describe('output-folder lock', () => {
  it('a second holder is refused with who holds it; release frees the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const lock = await acquireOutputLock(dir, { command: 'boundary-effects reproduce --out x' });
    const owner: unknown = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'));
    expect(owner).toMatchObject({ pid: process.pid, host: hostname(), command: 'boundary-effects reproduce --out x' });
    const refused = await acquireOutputLock(dir).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FilesError);
    expect((refused as FilesError).code).toBe('locked');
    expect((refused as FilesError).message).toContain(`is in use by process ${process.pid} on ${hostname()}`);
    expect((refused as FilesError).message).toContain('(boundary-effects reproduce --out x)');
    expect((refused as FilesError).message).toContain('pass --wait');
    await lock.release();
    expect(await readdir(dir)).toEqual([]);
    const again = await acquireOutputLock(dir);
    await again.release();
  });

  it('a lock whose process is gone is stale: removed and taken, with a notice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    // 2^22 + 1: above Linux's largest pid_max, so no live process has it.
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 4_194_305, host: hostname(), since: '2026-01-01T00:00:00.000Z', command: null }));
    const notices: string[] = [];
    const lock = await acquireOutputLock(dir, { onNotice: (t) => notices.push(t) });
    expect(notices).toEqual([`removed a stale lock of ${dir} (process 4194305 is gone).`]);
    expect(JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    await lock.release();
  });

  it('a lock of another host is never judged stale', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    await writeFile(join(dir, LOCK_FILE), JSON.stringify({ pid: 4_194_305, host: 'elsewhere.example', since: '2026-01-01T00:00:00.000Z', command: null }));
    const refused = await acquireOutputLock(dir).catch((e: unknown) => e);
    expect((refused as FilesError).message).toContain('process 4194305 on elsewhere.example');
  });

  it('with wait, takes the folder once the holder releases it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lock-'));
    const first = await acquireOutputLock(dir);
    const notices: string[] = [];
    const second = acquireOutputLock(dir, { wait: true, pollMs: 20, onNotice: (t) => notices.push(t) });
    await new Promise((r) => setTimeout(r, 100));
    await first.release();
    const lock = await second;
    expect(notices[0]).toMatch(/^waiting for process \d+ on /);
    await lock.release();
  });
});
