/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types (Buffer), so consumers need none of their own setup.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { lstat, mkdir, open, readdir, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describeFileError, FilesError } from './files-error.js';
import { parseJsonText } from '../json/parse-text.js';

/**
 * Temp files of the atomic writer: `.<name>.<pid>.<8 hex>.tmp` beside the target. The pid lets
 * {@link removeStaleTempFiles} tell a crashed writer's leftovers from a live writer's file.
 */
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Writes a file so that a reader (or a process killed at any moment) sees either the old content
 * or the whole new content: write a temp file in the same directory, fsync it, rename it over the
 * target, then fsync the directory so the rename itself survives a crash.
 *
 * A symlink at `path` is replaced by the new file; its target is never written (rename replaces the
 * directory entry, it does not follow it). When any step fails (a full disk, no permission, a file
 * where the folder should be) the temp file is removed and a {@link FilesError} names the path.
 *
 * @example
 * await writeFileAtomic('runs/edge32/seed-1/history.json', JSON.stringify(history));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = tempPathFor(path);
  let created = false;
  try {
    await mkdir(dir, { recursive: true });
    // 'wx': never opens an existing file (or a planted symlink) under the temp name.
    const file = await open(temp, 'wx', 0o644);
    created = true;
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (error) {
    if (created) await rm(temp, { force: true }).catch(() => undefined);
    // Name the file the caller wrote, not our temp file.
    throw describeFileError(error, path, temp);
  }
  await syncDirectory(dir);
}

/**
 * {@link writeFileAtomic} for synchronous callers (same temp file, fsync, rename, cleanup and errors).
 *
 * @example
 * writeFileAtomicSync('out/tables/regions.csv', csv);
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = tempPathFor(path);
  let created = false;
  try {
    mkdirSync(dirname(path), { recursive: true });
    const fd = openSync(temp, 'wx', 0o644);
    created = true;
    try {
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    if (created) rmSync(temp, { force: true });
    throw describeFileError(error, path, temp);
  }
}

/** fsync a directory (best effort: some file systems refuse to open directories). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Not supported here (e.g. some network file systems): the rename is still atomic.
  } finally {
    await handle?.close();
  }
}

/**
 * {@link writeFileAtomic} of `JSON.stringify(value, null, 2)` plus a newline. Numbers keep full
 * float64 precision (JSON prints the shortest round-tripping form).
 *
 * @example
 * await writeJsonAtomic('run/config.json', { seed: 1 });
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Parses JSON text read from `path`, or throws a {@link FilesError} (`bad-json`) naming the file,
 * the line and column of the fault, and what to do (`hint`).
 *
 * @example
 * parseJsonFile('{"a": 1}', 'x.json'); // { a: 1 }
 * parseJsonFile('{"a": ]', 'x.json');  // FilesError: x.json is not valid JSON (line 1, column 7: unexpected "]"); ...
 */
export function parseJsonFile(text: string, path: string, hint = 'restore it from a copy or delete it and rerun the command that writes it'): unknown {
  const parsed = parseJsonText(text);
  if (parsed.ok) return parsed.value;
  throw new FilesError('bad-json', path, `${path} is not valid JSON (${parsed.where}); ${hint}.`);
}

/**
 * The bytes of a file, or null when it does not exist; any other failure (a folder in its place, no permission) is a
 * {@link FilesError} naming the path.
 *
 * @example
 * const bytes = await readFileIfExists('reports/mnist/summary.json'); // null before the first reproduce
 */
export async function readFileIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw describeFileError(error, path);
  }
}

/**
 * Reads a JSON file and checks it with `parse` (built on `src/json/fields.ts`), or returns null when
 * the file does not exist. Invalid JSON throws a {@link FilesError} naming the file and the position;
 * a folder in its place, or no permission, a FilesError too; a value of the wrong shape, what `parse`
 * throws.
 *
 * @example
 * const config = await readJsonIfExists('run/config.json', parseRunConfig); // null before the first write
 */
export async function readJsonIfExists<T>(path: string, parse: (value: unknown, path: string) => T): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw describeFileError(error, path);
  }
  return parse(parseJsonFile(text, path), path);
}

/** Whether a process with this pid is alive on this machine. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/**
 * Removes the temp files a crashed writer left under `dir` (recursively): those of the atomic
 * writer whose process is gone. Returns the removed paths. Call it while holding the folder's lock
 * (see `acquireOutputLock`), so no other writer of the folder is at work.
 *
 * @example
 * await removeStaleTempFiles('reports/mnist'); // ['reports/mnist/.summary.json.4242.a1b2c3d4.tmp']
 */
export async function removeStaleTempFiles(dir: string): Promise<string[]> {
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return removed; // not there (yet), or not a folder: nothing of ours to clean
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      for (const file of await removeStaleTempFiles(path)) removed.push(file);
      continue;
    }
    const match = TEMP_NAME.exec(entry.name);
    if (match === null || !entry.isFile()) continue;
    const pid = Number(match[1]);
    // Our own writes in flight, or another live process's: not stale.
    if (pid === process.pid || processAlive(pid)) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}

/**
 * Refuses a symlink at `path` (a folder the tool writes into, such as `figures/` or `runs/`): writing through
 * it would change files outside the output folder. Missing paths are fine.
 *
 * @example
 * await refuseSymlinkedFolder('reports/mnist/figures');
 */
export async function refuseSymlinkedFolder(path: string): Promise<void> {
  const info = await lstat(path).catch(() => null);
  if (info?.isSymbolicLink() === true) {
    throw new FilesError('symlink', path, `${path} is a symlink; the tool never writes through links (it would change files outside the output folder). Remove the link (or pass another --out) and rerun.`);
  }
}
