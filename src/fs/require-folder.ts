import { stat } from 'node:fs/promises';
import { FilesError } from './files-error.js';

/**
 * Checks that `path` is a folder, or does not exist yet when `mayBeMissing` (an output folder,
 * created later). A file in its place (or in the place of one of its parents) is a
 * {@link FilesError} (`not-a-directory`) that names the option and the path, instead of an
 * `ENOTDIR`/`EEXIST` failure halfway through a command.
 *
 * @example
 * await requireFolder('reports/mnist', '--out');              // fine when missing
 * await requireFolder('reports/mnist', 'analyze <dir>', false); // must exist
 */
export async function requireFolder(path: string, what: string, mayBeMissing = true): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? error.code : null;
    if (code === 'ENOENT' && mayBeMissing) return;
    if (code === 'ENOENT') throw new FilesError('io', path, `${what}: ${path} does not exist; pass an experiment folder: the --out of 'boundary-effects reproduce', or a folder with a manifest.json of another framework's runs (docs/open-format.md).`, { cause: error });
    if (code === 'ENOTDIR') throw new FilesError('not-a-directory', path, `${what}: a part of ${path} is a file, not a folder; pass a folder.`, { cause: error });
    throw error;
  }
  if (!info.isDirectory()) {
    throw new FilesError('not-a-directory', path, `${what}: ${path} is a file, not a folder; pass a folder${mayBeMissing ? ' (it is created when missing)' : ''}.`);
  }
}
