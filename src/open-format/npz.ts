import { unzipSync } from 'fflate';
import { OpenFormatError } from './errors.js';
import { parseNpy, type NumericArray } from './npy.js';

/**
 * Parses a `.npz` archive's bytes (as `np.savez` / `np.savez_compressed` write them, zip64 headers included) into
 * its arrays by name (without the `.npy` suffix). Throws `OpenFormatError` 'npz' naming the file when it is not a
 * readable zip archive, and the `.npy` errors (with `file:name.npy`) for a bad member.
 *
 * @example
 * const arrays = parseNpz(fs.readFileSync('run.npz'), 'run.npz');
 * arrays.get('targets')?.shape; // [2000, 28, 28]
 */
export function parseNpz(bytes: Uint8Array, file: string): Map<string, NumericArray> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes);
  } catch (e) {
    throw new OpenFormatError('npz', file, `is not a readable .npz (zip) archive: ${e instanceof Error ? e.message : String(e)}; save it with np.savez.`, { cause: e });
  }
  const arrays = new Map<string, NumericArray>();
  for (const [name, content] of Object.entries(members)) {
    if (!name.endsWith('.npy')) continue;
    arrays.set(name.slice(0, -'.npy'.length), parseNpy(content, `${file}:${name}`));
  }
  return arrays;
}
