import { hostname } from 'node:os';
import { open, readFile, rm, stat } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { redactCommand, redactCredentials } from '../credentials.js';
import { processAlive } from './atomic-file.js';
import { describeFileError, FilesError } from './files-error.js';
import { isRecord } from '../json/fields.js';
import { parseJsonText } from '../json/parse-text.js';

/** The lock file inside an output folder. */
export const LOCK_FILE = '.boundary-effects.lock';

/** Who holds an output folder (the lock file's content). */
export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the lock was taken. */
  since: string;
  command: string | null;
}

/** A held lock; `release()` removes the lock file (idempotent). */
export interface OutputLock {
  path: string;
  release(): Promise<void>;
}

/** Options of {@link acquireOutputLock}. */
export interface LockOptions {
  /** The command line, shown to whoever finds the folder locked. */
  command?: string | null;
  /** Wait for the holder to finish instead of failing (default false). */
  wait?: boolean;
  /** Poll interval while waiting, ms (default 1000). */
  pollMs?: number;
  /** Called once when a stale lock (its process gone) is removed, and when starting to wait. */
  onNotice?: (text: string) => void;
}

function parseOwner(text: string): LockOwner | null {
  const parsed = parseJsonText(text);
  if (!parsed.ok || !isRecord(parsed.value)) return null;
  const { pid, host, since, command } = parsed.value;
  if (typeof pid !== 'number' || typeof host !== 'string' || typeof since !== 'string') return null;
  return { pid, host, since, command: typeof command === 'string' ? command : null };
}

/** A lock file whose owner cannot be read is stale once it is older than this (a crash while writing it). */
const UNREADABLE_LOCK_GRACE_MS = 10_000;

/**
 * Whether the lock at `path` is stale: its process is gone (same host), or it is unreadable and old.
 * A lock of another host is never judged stale (its process cannot be checked from here).
 */
async function staleReason(path: string, owner: LockOwner | null): Promise<string | null> {
  if (owner === null) {
    const info = await stat(path).catch(() => null);
    if (info === null) return 'gone';
    return Date.now() - info.mtimeMs > UNREADABLE_LOCK_GRACE_MS ? 'unreadable and old' : null;
  }
  if (owner.host === hostname() && !processAlive(owner.pid)) return `process ${owner.pid} is gone`;
  return null;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Takes the one-writer lock of an output folder: creates `<dir>/.boundary-effects.lock` exclusively
 * with this process's pid, host, start time and command. When another live process holds it,
 * throws a {@link FilesError} (`locked`) saying who, or waits with `wait: true`. A lock left by a
 * process that is gone (same host) is removed and taken. The lock is also released when the
 * process exits (including on an uncaught error), but not on SIGKILL: then the next run finds
 * it stale.
 *
 * @example
 * const lock = await acquireOutputLock('reports/mnist', { command: 'boundary-effects reproduce' });
 * try { ... } finally { await lock.release(); }
 */
export async function acquireOutputLock(dir: string, options: LockOptions = {}): Promise<OutputLock> {
  const path = join(dir, LOCK_FILE);
  // The lock file is readable by anyone who can list the folder: no password in it.
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString(), command: redactCommand(options.command ?? null) };
  let waiting = false;
  for (;;) {
    try {
      const file = await open(path, 'wx', 0o644);
      try {
        await file.writeFile(`${JSON.stringify(owner)}\n`);
      } finally {
        await file.close();
      }
      break;
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw describeFileError(error, path);
    }
    const text = await readFile(path, 'utf8').catch(() => null);
    if (text === null) continue; // released between our open and read: try again
    const holder = parseOwner(text);
    const stale = await staleReason(path, holder);
    if (stale !== null) {
      await rm(path, { force: true });
      if (stale !== 'gone') options.onNotice?.(`removed a stale lock of ${dir} (${stale}).`);
      continue;
    }
    const who = holder === null ? 'another process (lock being written)' : `process ${holder.pid} on ${holder.host} since ${holder.since}${holder.command === null ? '' : ` (${redactCredentials(holder.command)})`}`;
    if (options.wait !== true) {
      throw new FilesError(
        'locked',
        path,
        `${dir} is in use by ${who}. Wait for it to finish, pass --wait to queue behind it, or use another --out. If that process is gone, delete ${path}.`,
      );
    }
    if (!waiting) options.onNotice?.(`waiting for ${who} to release ${dir} ...`);
    waiting = true;
    await sleep(options.pollMs ?? 1000);
  }
  let released = false;
  const releaseSync = (): void => {
    if (released) return;
    released = true;
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.once('exit', releaseSync);
  return {
    path,
    release: async () => {
      process.removeListener('exit', releaseSync);
      if (released) return;
      released = true;
      // Only our own lock: never delete one another process took after a stale-lock cleanup.
      const current = parseOwner((await readFile(path, 'utf8').catch(() => '')) ?? '');
      if (current !== null && current.pid === owner.pid && current.since === owner.since) await rm(path, { force: true });
    },
  };
}
