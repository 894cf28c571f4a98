import { BoundaryEffectsError } from '../errors.js';

/**
 * What went wrong with a file or folder on disk: no space, no permission, a file where a folder is
 * expected (or the reverse), a file that is not valid JSON or not of the expected shape, a symlink
 * where the tool writes, or an output folder held by another process.
 */
export type FilesErrorCode =
  | 'no-space'
  | 'permission'
  | 'not-a-directory'
  | 'is-a-directory'
  | 'bad-json'
  | 'bad-shape'
  | 'symlink'
  | 'locked'
  | 'io';

/**
 * A problem with a file or folder (the `path`), not with the data inside a dataset and not with
 * training. The message names the path and says what to do. The CLI exits 2 for it, except
 * `locked` (another run holds the folder), which is a usage error (1).
 *
 * @example
 * throw new FilesError('no-space', '/tmp/out/report.html', 'no space left on the device holding /tmp/out/report.html; free some space and rerun.');
 */
export class FilesError extends BoundaryEffectsError<FilesErrorCode> {
  /** The file or folder concerned. */
  readonly path: string;

  constructor(code: FilesErrorCode, path: string, message: string, options?: ErrorOptions) {
    super('FilesError', code, message, options);
    this.path = path;
  }
}

/** The `code` of a Node system error (`ENOSPC`, `EACCES`, ...), or null. */
export function errnoCode(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error)) return null;
  const { code } = error;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

/** The `path` a Node system error carries, or null. */
function errnoPath(error: unknown): string | null {
  if (!(error instanceof Error) || !('path' in error)) return null;
  return typeof error.path === 'string' ? error.path : null;
}

/**
 * Turns a Node system error from a file operation into a {@link FilesError} that names the path
 * and says what to do; returns other errors (and FilesErrors) unchanged. `path` is the file the
 * caller was working on, used when the system error carries none or carries `internalPath` (a temp
 * file of the caller's that the user never asked about).
 *
 * @example
 * try { await writeFile(path, text); } catch (e) { throw describeFileError(e, path); }
 */
export function describeFileError(error: unknown, path?: string, internalPath?: string): unknown {
  if (error instanceof FilesError) return error;
  const code = errnoCode(error);
  const own = errnoPath(error);
  const where = own === null || (own === internalPath && path !== undefined) ? path : own;
  if (code === null || where === undefined) return error;
  const options = { cause: error };
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new FilesError('no-space', where, `no space left on the device holding ${where}; free some space (or choose another output folder) and rerun: finished work is kept.`, options);
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new FilesError('permission', where, `permission denied on ${where}; make it writable (or choose another output folder) and rerun.`, options);
    case 'ENOTDIR':
      return new FilesError('not-a-directory', where, `${where}: a part of this path is a file, not a folder; pass a folder (it is created when missing).`, options);
    case 'EEXIST':
      return new FilesError('not-a-directory', where, `${where} exists and is not a folder; pass a folder (it is created when missing) or move the file away.`, options);
    case 'EISDIR':
    case 'ENOTEMPTY':
      return new FilesError('is-a-directory', where, `${where} is a folder where a file is expected; move it away and rerun.`, options);
    case 'ELOOP':
      return new FilesError('symlink', where, `${where} is a symlink loop; remove the link and rerun.`, options);
    case 'ENOENT':
      return new FilesError('io', where, `${where} does not exist; check the path.`, options);
    case 'EMFILE':
    case 'ENFILE':
    case 'EIO':
    case 'EBUSY':
    case 'ETXTBSY':
      return new FilesError('io', where, `${where}: the system could not read or write it (${code}); check the disk and rerun.`, options);
    default:
      return error;
  }
}
