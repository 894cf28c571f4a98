/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types (NodeJS.Signals), so consumers need none of their own setup.
import { mkdir } from 'node:fs/promises';
import { removeStaleTempFiles } from './atomic-file.js';
import { describeFileError } from './files-error.js';
import { acquireOutputLock } from './output-lock.js';
import { requireFolder } from './require-folder.js';

/** Options of {@link withOutputFolder}. */
export interface OutputFolderOptions {
  /** The option that named the folder, in errors (default `--out`). */
  option?: string;
  /** The command line, written into the lock file for whoever finds the folder held. */
  command?: string | null;
  /** When another process holds the folder, wait for it instead of failing (default false). */
  wait?: boolean;
  /** Told of a stale lock removed, or of waiting for the holder. */
  onNotice?: (text: string) => void;
  /**
   * Checks of the command's own (settings, inputs, symlinked subfolders), run once the folder is
   * known to be usable and before it is created or locked: a failure there leaves the disk as it was.
   */
  check?: () => Promise<void>;
  /** The folder whose crashed writers' temp files are removed (default: the whole output folder). */
  sweep?: string;
  /**
   * Called on SIGINT or SIGTERM while `work` runs; it ends the process, and the exit releases the
   * lock. Without it the process's own handling of signals stands.
   */
  onSignal?: (signal: NodeJS.Signals) => void;
}

/** What {@link withOutputFolder} hands its work. */
export interface OutputFolder {
  dir: string;
  /** Temp files of a writer that crashed (or was killed) in the folder, removed before the work. */
  removedTempFiles: string[];
}

/**
 * The life of an output folder, the same for every command that writes one: the path must be a
 * folder or missing (a file there is a FilesError naming `option`); the command's `check` runs; the
 * folder is created; its one-writer lock is taken (or waited for); temp files a crashed writer
 * left are removed; then `work` runs, and the lock is released when it ends, fails, or the process
 * exits on a signal.
 *
 * @example
 * await withOutputFolder('reports/mnist', { command: 'boundary-effects report reports/mnist' }, async ({ dir }) => {
 *   await writeReport(summary, dir);
 * });
 */
export async function withOutputFolder<T>(dir: string, options: OutputFolderOptions, work: (folder: OutputFolder) => Promise<T>): Promise<T> {
  await requireFolder(dir, options.option ?? '--out');
  await options.check?.();
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw describeFileError(error, dir);
  }
  const lock = await acquireOutputLock(dir, {
    command: options.command ?? null,
    ...(options.wait === undefined ? {} : { wait: options.wait }),
    ...(options.onNotice === undefined ? {} : { onNotice: options.onNotice }),
  });
  const onSignal = options.onSignal;
  if (onSignal !== undefined) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  try {
    // Nobody else writes here now: what a dead writer left is stale.
    const removedTempFiles = await removeStaleTempFiles(options.sweep ?? dir);
    return await work({ dir, removedTempFiles });
  } finally {
    if (onSignal !== undefined) {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    await lock.release();
  }
}
