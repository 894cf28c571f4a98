import type { ByteStream } from './byte-stream.js';
import { OpenFormatError } from './errors.js';

/** A float dtype the reader accepts, without byte order: float16 (converted to float32), float32, float64. */
export type NpyFloatCode = 'f2' | 'f4' | 'f8';

/** What a `.npy` header declares, checked: a little-endian float array of `shape`, and where its data starts. */
export interface NpyLayout {
  descr: string;
  code: NpyFloatCode;
  itemBytes: number;
  fortranOrder: boolean;
  shape: number[];
  /** Bytes before the data (magic, version, header length, header text). */
  dataOffset: number;
  /** Bytes of data the shape needs: product(shape) x itemBytes. */
  dataBytes: number;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** np.save pads headers to 64 bytes (a few hundred at most); a longer one is not a NumPy header, and reading it would be unbounded. */
const MAX_HEADER_BYTES = 1 << 20;

/** The fixed preamble: magic, version, header length (2 bytes in version 1, 4 in versions 2 and 3). */
function preambleLength(bytes: Uint8Array, available: number, file: string): { headerStart: number; headerLength: number } {
  if (available < 8 || MAGIC.some((m, i) => bytes[i] !== m)) {
    if (available < 8 && MAGIC.slice(0, available).every((m, i) => bytes[i] === m) && available > 0) {
      throw new OpenFormatError('npy-truncated', file, `is truncated inside its header (${available} bytes); write the file again.`);
    }
    throw new OpenFormatError('npy-header', file, 'is not a NumPy .npy file (no \\x93NUMPY magic); save the array with np.save.');
  }
  const major = bytes[6];
  const lengthBytes = major <= 1 ? 2 : 4;
  const headerStart = 8 + lengthBytes;
  if (available < headerStart) throw new OpenFormatError('npy-truncated', file, 'is truncated inside its header; write the file again.');
  const view = new DataView(bytes.buffer, bytes.byteOffset, headerStart);
  const headerLength = major <= 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > MAX_HEADER_BYTES) {
    throw new OpenFormatError('npy-header', file, `declares a header of ${headerLength} bytes (np.save writes a few hundred); the file is damaged or not a .npy: save it with np.save.`);
  }
  return { headerStart, headerLength };
}

/** Parses the header's Python dict text and checks the dtype; `total` is the bytes after the header, when known. */
function layoutOf(header: string, dataOffset: number, file: string): NpyLayout {
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
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new OpenFormatError('npy-header', file, `has an unreadable shape (${shapeText}).`);
  const order = descr[0];
  const code = descr.slice(1);
  if (order === '>') {
    throw new OpenFormatError(
      'npy-byte-order',
      file,
      `holds a big-endian array (dtype '${descr}'), which is rejected; save it little-endian, e.g. np.save(path, a.astype('<f4')).`,
    );
  }
  if (code !== 'f2' && code !== 'f4' && code !== 'f8') {
    throw new OpenFormatError(
      'npy-dtype',
      file,
      `has dtype '${descr}'; only float16, float32 and float64 are read (convert with a.astype(np.float32), scaling integer images to [0, 1]).`,
    );
  }
  const itemBytes = code === 'f2' ? 2 : code === 'f4' ? 4 : 8;
  const items = shape.reduce((a, b) => a * b, 1);
  const dataBytes = items * itemBytes;
  if (!Number.isSafeInteger(dataBytes)) throw new OpenFormatError('npy-header', file, `declares shape (${shape.join(', ')}), more bytes than any file holds; the header is damaged.`);
  return { descr, code, itemBytes, fortranOrder: fortran === 'True', shape, dataOffset, dataBytes };
}

/**
 * Reads and checks a `.npy` header from the start of `stream`, leaving the stream at the first data byte.
 * Each problem has its own clear error naming `file` (npyjs would only say 'Unsupported dtype'): not a .npy,
 * truncated inside the header, a big-endian or non-float dtype, an unreadable shape.
 *
 * @example
 * const layout = readNpyHeader(fileRangeStream(box, 0, box.size), 'run/targets.npy');
 * layout.shape; // [2000, 28, 28]
 */
export function readNpyHeader(stream: ByteStream, file: string): NpyLayout {
  const first = new Uint8Array(12);
  const got = stream.read(first);
  const { headerStart, headerLength } = preambleLength(first, got, file);
  const dataOffset = headerStart + headerLength;
  const head = new Uint8Array(dataOffset);
  head.set(first.subarray(0, Math.min(got, dataOffset)));
  const already = Math.min(got, dataOffset);
  const rest = already < dataOffset ? stream.read(head.subarray(already)) : 0;
  if (already + rest < dataOffset) {
    throw new OpenFormatError('npy-truncated', file, `is truncated inside its header (${already + rest} bytes, header ends at ${dataOffset}); write the file again.`);
  }
  if (got > dataOffset) {
    // A header shorter than the 12 bytes read: only possible for a damaged file (np.save pads to 64 bytes).
    throw new OpenFormatError('npy-header', file, `declares a header of ${headerLength} bytes, too short for a NumPy header; save it with np.save.`);
  }
  return layoutOf(new TextDecoder('latin1').decode(head.subarray(headerStart, dataOffset)), dataOffset, file);
}

/**
 * The error for data bytes that do not match the header's shape (`actual` of `layout.dataBytes`).
 *
 * @example
 * throw dataLengthError(layout, 1000, 'run/targets.npy');
 */
export function dataLengthError(layout: NpyLayout, actual: number, file: string): OpenFormatError {
  return new OpenFormatError(
    'npy-truncated',
    file,
    `holds ${actual} data bytes but its shape (${layout.shape.join(', ')}) of '${layout.descr}' needs ${layout.dataBytes}` +
      `${actual < layout.dataBytes ? ' (the file is truncated)' : ' (extra bytes at the end)'}; write the file again.`,
  );
}
