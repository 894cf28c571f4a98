import { writeFileAtomic } from '../fs/atomic-file.js';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { DataError } from './errors.js';
import { ArgumentError } from '../errors.js';

/** Why an IDX file was rejected. */
export type IdxFault =
  | 'bad-magic'
  | 'unsupported-type'
  | 'bad-rank'
  | 'truncated'
  | 'trailing-bytes'
  | 'dimension-mismatch'
  | 'gzip'
  | 'io';

/** A decoded IDX array of unsigned bytes: `data.length` equals the product of `dims`. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

/** Optional shape the caller requires; `null` in `dims` accepts any size on that axis. */
export interface IdxExpect {
  rank?: number;
  dims?: Array<number | null>;
}

/** What `readIdxFile` returns: the array, the SHA-256 of the decompressed bytes, whether it was gzipped. */
export interface IdxFile {
  array: IdxArray;
  sha256: string;
  gzipped: boolean;
}

const UINT8_TYPE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'uint8',
  0x09: 'int8',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const FIX = 'Delete the file and download it again (or restore it from a good copy).';

/**
 * A corrupt or unreadable IDX file. `file` names it, `fault` says what is wrong; the message
 * also says what to do. Never accompanied by a partial array.
 *
 * @example
 * try { parseIdx(new Uint8Array([1, 2, 3, 4]), 'x.idx'); }
 * catch (e) { if (e instanceof IdxError) console.log(e.fault); } // 'bad-magic'
 */
export class IdxError extends DataError {
  override name = 'IdxError';
  readonly fault: IdxFault;
  override readonly file: string;

  constructor(file: string, fault: IdxFault, message: string, cause?: unknown) {
    super('format', `${file}: ${message}`, { file, cause });
    this.file = file;
    this.fault = fault;
  }
}

/**
 * True when the bytes start with gzip's magic number 1f 8b.
 *
 * @example
 * isGzip(new Uint8Array([0x1f, 0x8b, 8])); // true
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip bytes, or returns raw bytes unchanged (detected by content, not by name).
 *
 * @example
 * const raw = maybeGunzip(await readFile('train-images-idx3-ubyte.gz'), 'train-images-idx3-ubyte.gz');
 */
export function maybeGunzip(bytes: Uint8Array, file: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new IdxError(file, 'gzip', `gzip data is corrupt or cut short (${why}). ${FIX}`, err);
  }
}

/**
 * Hex SHA-256 of bytes.
 *
 * @example
 * sha256Hex(new Uint8Array()); // 'e3b0c442...b855'
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkMagic(bytes: Uint8Array, file: string): { rank: number } {
  if (bytes.length < 4) {
    throw new IdxError(file, 'truncated', `header cut short: ${bytes.length} bytes, an IDX header needs at least 4. ${FIX}`);
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    const hex = Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new IdxError(
      file,
      'bad-magic',
      `not an IDX file: magic number starts ${hex}, expected 00 00 <type> <rank>. Check you pointed at the right file; if it is, it is damaged. ${FIX}`,
    );
  }
  const type = bytes[2];
  if (type !== UINT8_TYPE) {
    const name = TYPE_NAMES[type] ?? 'unknown';
    throw new IdxError(
      file,
      'unsupported-type',
      `IDX element type 0x${type.toString(16).padStart(2, '0')} (${name}) is not supported; only 0x08 (uint8) images and labels are. Use the standard MNIST-format files.`,
    );
  }
  return { rank: bytes[3] };
}

function checkRank(rank: number, file: string, expect: IdxExpect | undefined): void {
  if (rank === 0) {
    throw new IdxError(file, 'bad-rank', `IDX rank byte is 0; an array needs at least one dimension. ${FIX}`);
  }
  if (expect?.rank !== undefined && rank !== expect.rank) {
    throw new IdxError(
      file,
      'bad-rank',
      `IDX array has rank ${rank}, expected ${expect.rank} (${expect.rank === 3 ? 'images: count x height x width' : 'labels: count'}). Check the file is the right one (images vs labels). ${FIX}`,
    );
  }
}

function readDims(bytes: Uint8Array, rank: number, file: string): number[] {
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new IdxError(
      file,
      'truncated',
      `header cut short: rank ${rank} needs ${headerLength} header bytes, the file has ${bytes.length}. ${FIX}`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  return dims;
}

function checkDims(dims: number[], file: string, expect: IdxExpect | undefined): void {
  if (expect?.dims === undefined) return;
  const ok = expect.dims.length === dims.length && expect.dims.every((d, i) => d === null || d === dims[i]);
  if (!ok) {
    const want = expect.dims.map((d) => (d === null ? '*' : String(d))).join('x');
    throw new IdxError(
      file,
      'dimension-mismatch',
      `IDX dimensions ${dims.join('x')} differ from the expected ${want}. Check the file is the right one. ${FIX}`,
    );
  }
}

/**
 * Decodes IDX bytes (already decompressed) into dims and a uint8 view of the data (no copy).
 * Validates magic, element type (uint8 only), rank, header length and exact byte count.
 *
 * @example
 * const { dims, data } = parseIdx(encodeIdx({ dims: [2], data: new Uint8Array([5, 0]) }), 'labels');
 * // dims [2], data [5, 0]
 */
export function parseIdx(bytes: Uint8Array, file: string, expect?: IdxExpect): IdxArray {
  const { rank } = checkMagic(bytes, file);
  checkRank(rank, file, expect);
  const dims = readDims(bytes, rank, file);
  checkDims(dims, file, expect);
  const headerLength = 4 + 4 * rank;
  const count = dims.reduce((a, b) => a * b, 1);
  const available = bytes.length - headerLength;
  if (available < count) {
    throw new IdxError(
      file,
      'truncated',
      `data cut short: dimensions ${dims.join('x')} need ${count} bytes after the header, the file has ${available}. ${FIX}`,
    );
  }
  if (available > count) {
    throw new IdxError(
      file,
      'trailing-bytes',
      `${available - count} unexpected bytes after the ${count} data bytes of dimensions ${dims.join('x')}. ${FIX}`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}

/**
 * Encodes a uint8 array as IDX bytes (magic 00 00 08 rank, big-endian dims, data).
 *
 * @example
 * encodeIdx({ dims: [1, 2, 2], data: new Uint8Array([0, 255, 255, 0]) }); // 20 bytes
 */
export function encodeIdx(array: IdxArray): Uint8Array {
  const { dims, data } = array;
  if (dims.length < 1 || dims.length > 255) throw new ArgumentError(`IDX rank must be 1..255, got ${dims.length}.`);
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw new ArgumentError(`IDX dimension must be a uint32, got ${d}.`);
  }
  const count = dims.reduce((a, b) => a * b, 1);
  if (count !== data.length) {
    throw new ArgumentError(`IDX dims ${dims.join('x')} hold ${count} values but data has ${data.length}.`);
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + count);
  const view = new DataView(out.buffer);
  out[2] = UINT8_TYPE;
  out[3] = dims.length;
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(data, header);
  return out;
}

/**
 * Reads an IDX file, raw or gzip (detected by its magic bytes), and validates it.
 * `sha256` is computed on the decompressed bytes, so it matches the canonical sums either way.
 *
 * @example
 * const { array, sha256 } = await readIdxFile('data/t10k-labels-idx1-ubyte.gz', { rank: 1 });
 */
export async function readIdxFile(path: string, expect?: IdxExpect): Promise<IdxFile> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new IdxError(
      path,
      'io',
      `cannot read the file (${code}: ${err instanceof Error ? err.message : String(err)}). Check it exists and is readable.`,
      err,
    );
  }
  const gzipped = isGzip(bytes);
  const raw = maybeGunzip(bytes, path);
  const array = parseIdx(raw, path, expect);
  return { array, sha256: sha256Hex(raw), gzipped };
}

/**
 * Writes an IDX file atomically (temp file, then rename), gzip-compressed when `gzip` is true.
 *
 * @example
 * await writeIdxFile('out/labels-idx1-ubyte.gz', { dims: [3], data: new Uint8Array([1, 2, 3]) }, { gzip: true });
 */
export async function writeIdxFile(path: string, array: IdxArray, options: { gzip?: boolean } = {}): Promise<void> {
  const raw = encodeIdx(array);
  const bytes = options.gzip ? gzipSync(raw, { level: 9 }) : raw;
  await writeFileAtomic(path, bytes);
}
