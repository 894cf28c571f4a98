import { memoryStream } from './byte-stream.js';
import { readNpyHeader } from './npy-header.js';
import { NpyImageReader } from './npy-images.js';

/** A numeric NumPy array read from a `.npy` file: C-order (row-major) values and the shape. */
export interface NumericArray {
  shape: number[];
  data: Float32Array | Float64Array;
  /** The file's dtype without byte order: 'f2' (converted to float32), 'f4' or 'f8'. */
  dtype: 'f2' | 'f4' | 'f8';
  /** True when the file was saved in Fortran (column-major) order and was converted to C order on reading. */
  convertedFromFortran: boolean;
}

/**
 * Parses a `.npy` file's bytes (already in memory) into a float array in C order, by the same header checks and
 * decoding as the streaming reader. Accepts little-endian float16/32/64; converts Fortran-order arrays to C order;
 * rejects big-endian arrays and every other dtype, and files whose data is shorter or longer than the shape needs,
 * with an `OpenFormatError` naming `file`. For files on disk of any size, `readOpenExperiment` streams instead.
 *
 * @example
 * const a = parseNpy(fs.readFileSync('run/targets.npy'), 'run/targets.npy');
 * a.shape; // [2000, 28, 28]
 */
export function parseNpy(bytes: Uint8Array, file: string): NumericArray {
  const stream = memoryStream(bytes);
  const layout = readNpyHeader(stream, file);
  const reader = new NpyImageReader(stream, layout, file);
  // One chunk of all images; copy, since the reader's buffer is reused.
  const values = reader.next(reader.images);
  const data = values instanceof Float32Array ? Float32Array.from(values) : Float64Array.from(values);
  return { shape: layout.shape, data, dtype: layout.code, convertedFromFortran: reader.convertedFromFortran };
}
