import type { ByteStream } from './byte-stream.js';
import { ArgumentError } from '../errors.js';
import { OpenFormatError } from './errors.js';
import { dataLengthError, type NpyLayout } from './npy-header.js';

/** Values of a float array in C order: float16 is widened to float32 (exactly). */
export type FloatValues = Float32Array | Float64Array;

let halfTable: Float32Array | null = null;

/** float16 bit pattern -> its float32 value, for all 65,536 patterns (exact: every half is a float32). */
function halfToFloat(): Float32Array {
  if (halfTable !== null) return halfTable;
  const t = new Float32Array(65536);
  for (let h = 0; h < 65536; h++) {
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >> 10) & 0x1f;
    const frac = h & 0x3ff;
    t[h] = exp === 0 ? sign * frac * 2 ** -24 : exp === 31 ? (frac === 0 ? sign * Infinity : Number.NaN) : sign * (1 + frac / 1024) * 2 ** (exp - 15);
  }
  halfTable = t;
  return t;
}

/**
 * Decodes `bytes` (little-endian floats of `code`, a whole number of items, `bytes.byteOffset` aligned) into
 * float values; float32/float64 are views of the same memory, float16 is widened into `scratch`.
 *
 * @example
 * decodeFloats(new Uint8Array(new Float32Array([0.5]).buffer), 'f4', null); // Float32Array [0.5]
 */
export function decodeFloats(bytes: Uint8Array, code: NpyLayout['code'], scratch: Float32Array | null): FloatValues {
  if (code === 'f4') return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
  if (code === 'f8') return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.length / 8);
  const halves = new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length / 2);
  const out = scratch !== null && scratch.length >= halves.length ? scratch.subarray(0, halves.length) : new Float32Array(halves.length);
  const table = halfToFloat();
  for (let i = 0; i < halves.length; i++) out[i] = table[halves[i]];
  return out;
}

/** Rearranges column-major (Fortran) values of `shape` into row-major (C) order. */
export function fortranToC(values: FloatValues, shape: readonly number[]): FloatValues {
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
 * Largest Fortran-order array read (it is held whole and transposed, since its images are interleaved on disk);
 * a C-order array of any size is read in chunks of images.
 */
export const MAX_FORTRAN_BYTES = 256 * 1024 * 1024;

/**
 * Reads the data of a `.npy` (file or `.npz` member) image by image along its first axis, a chunk at a time,
 * in C order, checking that the stream holds exactly the bytes the header declares. Memory: one chunk (or, for
 * a Fortran-order array of at most {@link MAX_FORTRAN_BYTES}, the array).
 *
 * @example
 * const reader = new NpyImageReader(stream, layout, 'run/targets.npy');
 * const first = reader.next(200); // 200 images, valid until the next call
 */
export class NpyImageReader {
  /** Items per image (product of the shape after the first axis). */
  readonly itemsPerImage: number;
  /** Images along the first axis. */
  readonly images: number;
  private delivered = 0;
  private bytesRead = 0;
  private buffer = new Uint8Array(0);
  private halfScratch: Float32Array | null = null;
  private whole: FloatValues | null = null;

  constructor(
    private readonly stream: ByteStream,
    readonly layout: NpyLayout,
    readonly file: string,
  ) {
    this.images = layout.shape.length === 0 ? 1 : layout.shape[0];
    this.itemsPerImage = layout.shape.slice(1).reduce((a, b) => a * b, 1);
    const actual = stream.declaredLength - layout.dataOffset;
    if (actual !== layout.dataBytes) throw dataLengthError(layout, actual, file);
    if (layout.fortranOrder && layout.shape.length > 1) {
      if (layout.dataBytes > MAX_FORTRAN_BYTES) {
        throw new OpenFormatError(
          'npy-order',
          file,
          `is saved in Fortran (column-major) order and holds ${layout.dataBytes} bytes; arrays over ${MAX_FORTRAN_BYTES} bytes are read image by image, ` +
            'which needs C order: save np.ascontiguousarray(a).',
        );
      }
      this.whole = fortranToC(this.readValues(this.images), layout.shape);
      this.expectEnd();
    }
  }

  /** True when the array was saved in Fortran order (and is converted to C order on reading). */
  get convertedFromFortran(): boolean {
    return this.layout.fortranOrder && this.layout.shape.length > 1;
  }

  /** The next `count` images' values (C order), a view valid until the next call. */
  next(count: number): FloatValues {
    if (count < 0 || this.delivered + count > this.images) throw new ArgumentError(`${this.file}: next() asked for images ${this.delivered}..${this.delivered + count} of ${this.images}`);
    const from = this.delivered;
    this.delivered += count;
    if (this.whole !== null) return this.whole.subarray(from * this.itemsPerImage, (from + count) * this.itemsPerImage);
    const values = this.readValues(count);
    if (this.delivered === this.images) this.expectEnd();
    return values;
  }

  private readValues(count: number): FloatValues {
    const bytes = count * this.itemsPerImage * this.layout.itemBytes;
    // Our own buffer starts at offset 0 of its ArrayBuffer, so typed views over it are aligned whatever the file offset.
    if (this.buffer.length < bytes) this.buffer = new Uint8Array(bytes);
    const into = this.buffer.subarray(0, bytes);
    const got = this.stream.read(into);
    this.bytesRead += got;
    if (got < bytes) throw dataLengthError(this.layout, this.bytesRead, this.file);
    if (this.layout.code === 'f2' && (this.halfScratch === null || this.halfScratch.length < bytes / 2)) this.halfScratch = new Float32Array(bytes / 2);
    return decodeFloats(into, this.layout.code, this.halfScratch);
  }

  /** After the declared data: a stream that still yields bytes (an inflated member longer than its header) is an error. */
  private expectEnd(): void {
    const extra = this.stream.read(new Uint8Array(1));
    if (extra > 0) {
      throw new OpenFormatError(
        'npy-truncated',
        this.file,
        `holds more data than its header's shape (${this.layout.shape.join(', ')}) of '${this.layout.descr}' declares (${this.layout.dataBytes} bytes); write the file again.`,
      );
    }
  }
}
