import { parse as parseNpyBuffer } from 'npyjs';
import { OpenFormatError } from './errors.js';

/** A numeric NumPy array read from a `.npy` file: C-order (row-major) values and the shape. */
export interface NumericArray {
  shape: number[];
  data: Float32Array | Float64Array;
  /** The file's dtype without byte order: 'f2' (converted to float32), 'f4' or 'f8'. */
  dtype: 'f2' | 'f4' | 'f8';
  /** True when the file was saved in Fortran (column-major) order and was converted to C order on reading. */
  convertedFromFortran: boolean;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  dataOffset: number;
}

/** Reads and checks the header ourselves first, so that each problem gets its own clear error (npyjs only says 'Unsupported dtype'). */
function readHeader(bytes: Uint8Array, file: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new OpenFormatError('npy-header', file, 'is not a NumPy .npy file (no \\x93NUMPY magic); save the array with np.save.');
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lengthBytes = major <= 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (bytes.length < headerStart) throw new OpenFormatError('npy-truncated', file, 'is truncated inside its header; write the file again.');
  const headerLength = major <= 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) {
    throw new OpenFormatError('npy-truncated', file, `is truncated inside its header (${bytes.length} bytes, header ends at ${dataOffset}); write the file again.`);
  }
  const header = new TextDecoder('latin1').decode(bytes.subarray(headerStart, dataOffset));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new OpenFormatError('npy-header', file, `has a header without descr, fortran_order or shape (${JSON.stringify(header.trim())}); save it with np.save.`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new OpenFormatError('npy-header', file, `has an unreadable shape (${shapeText}).`);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset };
}

/** Rearranges column-major (Fortran) values of `shape` into row-major (C) order. */
function fortranToC(values: Float32Array | Float64Array, shape: number[]): Float32Array | Float64Array {
  const out = values instanceof Float32Array ? new Float32Array(values.length) : new Float64Array(values.length);
  const rank = shape.length;
  const fStride = new Array<number>(rank);
  let s = 1;
  for (let d = 0; d < rank; d++) {
    fStride[d] = s;
    s *= shape[d];
  }
  const index = new Array<number>(rank).fill(0);
  for (let c = 0; c < out.length; c++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += index[d] * fStride[d];
    out[c] = values[f];
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * Parses a `.npy` file's bytes (read from disk, not fetched) into a float array in C order, with npyjs doing the
 * decoding. Accepts little-endian float16/32/64; converts Fortran-order arrays to C order; rejects big-endian
 * arrays and every other dtype, and files whose data is shorter or longer than the shape needs, with an
 * `OpenFormatError` naming `file`.
 *
 * @example
 * const a = parseNpy(fs.readFileSync('run/targets.npy'), 'run/targets.npy');
 * a.shape; // [2000, 28, 28]
 */
export function parseNpy(bytes: Uint8Array, file: string): NumericArray {
  const header = readHeader(bytes, file);
  const order = header.descr[0];
  const code = header.descr.slice(1);
  if (order === '>') {
    throw new OpenFormatError(
      'npy-byte-order',
      file,
      `holds a big-endian array (dtype '${header.descr}'), which is rejected; save it little-endian, e.g. np.save(path, a.astype('<f4')).`,
    );
  }
  if (code !== 'f2' && code !== 'f4' && code !== 'f8') {
    throw new OpenFormatError(
      'npy-dtype',
      file,
      `has dtype '${header.descr}'; only float16, float32 and float64 are read (convert with a.astype(np.float32), scaling integer images to [0, 1]).`,
    );
  }
  const itemBytes = code === 'f2' ? 2 : code === 'f4' ? 4 : 8;
  const expectedItems = header.shape.reduce((a, b) => a * b, 1);
  const dataBytes = bytes.length - header.dataOffset;
  if (dataBytes !== expectedItems * itemBytes) {
    throw new OpenFormatError(
      'npy-truncated',
      file,
      `holds ${dataBytes} data bytes but its shape (${header.shape.join(', ')}) of '${header.descr}' needs ${expectedItems * itemBytes}` +
        `${dataBytes < expectedItems * itemBytes ? ' (the file is truncated)' : ' (extra bytes at the end)'}; write the file again.`,
    );
  }
  // npyjs reads from an ArrayBuffer; copy so the typed arrays start at offset 0 and are aligned.
  const own = new Uint8Array(bytes.length);
  own.set(bytes);
  let parsed;
  try {
    parsed = parseNpyBuffer(own.buffer);
  } catch (e) {
    throw new OpenFormatError('npy-header', file, `could not be decoded: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
  const raw = parsed.data;
  if (!(raw instanceof Float32Array || raw instanceof Float64Array) || raw.length !== expectedItems) {
    throw new OpenFormatError('npy-header', file, `decoded to ${raw.constructor.name} of length ${'length' in raw ? String(raw.length) : '?'}, expected ${expectedItems} floats.`);
  }
  const data = header.fortranOrder && header.shape.length > 1 ? fortranToC(raw, header.shape) : raw;
  return { shape: header.shape, data, dtype: code, convertedFromFortran: header.fortranOrder && header.shape.length > 1 };
}
