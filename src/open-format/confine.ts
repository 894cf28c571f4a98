import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { OpenFormatError } from './errors.js';

/** Whether `inner` is `outer` or below it (both absolute, resolved). */
function isInside(outer: string, inner: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * One rule for the open format's folders: a path a manifest names must resolve, after every
 * symlink (realpath), to a file inside the experiment folder. Returns the file's path as named
 * (`folder/relative`, for messages and provenance) and its real path (to read). An absolute path,
 * a `../` that leaves the folder, or a symlink inside it pointing out is an OpenFormatError
 * ('outside-folder', exit 2) naming the entry; a missing file is 'missing-file'.
 *
 * @example
 * const { file, real } = await confinedFile('my-experiment', 'runs/edge32-1.npz', 'my-experiment/manifest.json', "variant 'edge32', seed 1, npz");
 */
export async function confinedFile(folder: string, relative: string, manifestFile: string, what: string): Promise<{ file: string; real: string; size: number }> {
  const file = path.join(folder, relative);
  const outside = (why: string): OpenFormatError =>
    new OpenFormatError(
      'outside-folder',
      manifestFile,
      `${what}: '${relative}' ${why}; a manifest names only files inside its own folder (relative paths, no links out of it): copy the file into the folder and name it relative to it.`,
    );
  if (path.isAbsolute(relative)) throw outside('is an absolute path');
  const root = await realpath(folder);
  let real: string;
  try {
    real = await realpath(file);
  } catch {
    // Not there (or a dangling link): say where it was looked for, unless the name itself leaves the folder.
    if (!isInside(path.resolve(folder), path.resolve(file))) throw outside(`leads outside the folder ${folder}`);
    throw new OpenFormatError('missing-file', file, `is named in ${manifestFile} (${what}) but does not exist; write it or fix the path (relative to the folder).`);
  }
  if (!isInside(root, real)) throw outside(`resolves to ${real}, outside the folder ${root}`);
  const info = await stat(real);
  if (!info.isFile()) throw new OpenFormatError('missing-file', file, `is named in ${manifestFile} (${what}) but is not a file; write it or fix the path (relative to the folder).`);
  return { file, real, size: info.size };
}
