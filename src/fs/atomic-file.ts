import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';

/**
 * Writes a file so that a reader (or a process killed at any moment) sees either the old content
 * or the whole new content: write a temp file in the same directory, fsync it, rename it over the
 * target, then fsync the directory so the rename itself survives a crash.
 *
 * @example
 * await writeFileAtomic('runs/edge32/seed-1/history.json', JSON.stringify(history));
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const file = await open(temp, 'w');
  try {
    await file.writeFile(data);
    await file.sync();
  } finally {
    await file.close();
  }
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
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
 * Reads and parses a JSON file, or returns null when it does not exist.
 *
 * @example
 * const config = await readJsonIfExists<RunConfig>('run/config.json'); // null before the first write
 */
export async function readJsonIfExists<T>(path: string): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  return JSON.parse(text) as T;
}
