import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { Inflate } from 'fflate';
import { OpenFormatError } from './errors.js';

/**
 * A forward-only source of bytes (a file, a stored `.npz` member, an inflating `.npz` member), read in pieces so
 * that no file is ever held whole: memory is the caller's buffer plus, for inflation, one bounded piece.
 */
export interface ByteStream {
  /** Fills `into` from the current position; returns how many bytes it wrote (fewer only at the end of the stream). */
  read(into: Uint8Array): number;
  /** Bytes the stream says it holds in all (a file's size, a member's uncompressed size from the zip directory). */
  readonly declaredLength: number;
}

/** An open file descriptor, closed once by {@link FileHandleBox.close} (also after an error). */
export class FileHandleBox {
  readonly fd: number;
  readonly size: number;
  private open = true;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
    this.size = fstatSync(this.fd).size;
  }

  /**
   * Reads exactly `into.length` bytes at `position` (looping over short reads); returns the count read, less only
   * at the end of the file. Positions are plain numbers, exact up to 2^53 (files far beyond 4 GiB).
   */
  readAt(into: Uint8Array, position: number): number {
    let done = 0;
    while (done < into.length) {
      const n = readSync(this.fd, into, done, into.length - done, position + done);
      if (n === 0) break;
      done += n;
    }
    return done;
  }

  close(): void {
    if (this.open) closeSync(this.fd);
    this.open = false;
  }
}

/**
 * `length` bytes of a file from `start` (a whole `.npy` file, or a stored `.npz` member).
 *
 * @example
 * const box = new FileHandleBox('run/targets.npy');
 * const s = fileRangeStream(box, 0, box.size);
 * s.read(new Uint8Array(128)); // the first 128 bytes
 */
export function fileRangeStream(box: FileHandleBox, start: number, length: number): ByteStream {
  let offset = 0;
  return {
    declaredLength: length,
    read(into: Uint8Array): number {
      const want = Math.min(into.length, length - offset);
      if (want <= 0) return 0;
      const n = box.readAt(want === into.length ? into : into.subarray(0, want), start + offset);
      offset += n;
      return n;
    },
  };
}

/** Compressed bytes pushed into the inflater at a time: deflate expands at most ~1032x, so one push yields <= 17 MB. */
const INFLATE_INPUT_PIECE = 16 * 1024;

/**
 * The inflated bytes of a deflated `.npz` member (`compressedLength` bytes of raw DEFLATE at `start`), produced by
 * fflate's streaming `Inflate` as the caller reads, a bounded piece at a time. `declaredLength` is the member's
 * uncompressed size in the zip directory. A damaged stream throws `OpenFormatError` 'npz' naming `file`.
 *
 * @example
 * const s = inflateRangeStream(box, dataStart, compressedSize, uncompressedSize, 'run.npz:targets.npy');
 */
export function inflateRangeStream(box: FileHandleBox, start: number, compressedLength: number, declaredLength: number, file: string): ByteStream {
  const pending: Uint8Array[] = [];
  let head = 0; // bytes of pending[0] already handed out
  let consumed = 0; // compressed bytes pushed
  const input = new Uint8Array(INFLATE_INPUT_PIECE);
  const inflater = new Inflate((chunk) => {
    if (chunk.length > 0) pending.push(chunk);
  });
  const pushMore = (): boolean => {
    if (consumed >= compressedLength) return false;
    const want = Math.min(INFLATE_INPUT_PIECE, compressedLength - consumed);
    const piece = input.subarray(0, want);
    const n = box.readAt(piece, start + consumed);
    if (n < want) throw new OpenFormatError('npz', file, 'is truncated: the archive ends inside this member; write the .npz again.');
    consumed += want;
    try {
      // fflate keeps no reference to the pushed piece after push returns (it copies what it still needs).
      inflater.push(piece, consumed >= compressedLength);
    } catch (e) {
      throw new OpenFormatError('npz', file, `cannot be inflated (${e instanceof Error ? e.message : String(e)}): the archive is damaged; write the .npz again.`, { cause: e });
    }
    return true;
  };
  return {
    declaredLength,
    read(into: Uint8Array): number {
      let done = 0;
      while (done < into.length) {
        if (pending.length === 0) {
          if (!pushMore()) break;
          continue;
        }
        const chunk = pending[0];
        const n = Math.min(chunk.length - head, into.length - done);
        into.set(chunk.subarray(head, head + n), done);
        done += n;
        head += n;
        if (head === chunk.length) {
          pending.shift();
          head = 0;
        }
      }
      return done;
    },
  };
}

/**
 * Bytes already in memory as a stream (the in-memory `parseNpy` / `parseNpz` share the streaming reader's checks).
 *
 * @example
 * memoryStream(new Uint8Array([1, 2, 3])).read(new Uint8Array(2)); // 2
 */
export function memoryStream(bytes: Uint8Array): ByteStream {
  let offset = 0;
  return {
    declaredLength: bytes.length,
    read(into: Uint8Array): number {
      const n = Math.min(into.length, bytes.length - offset);
      into.set(bytes.subarray(offset, offset + n));
      offset += n;
      return n;
    },
  };
}
