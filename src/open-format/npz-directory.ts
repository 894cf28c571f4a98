import { fileRangeStream, inflateRangeStream, type ByteStream, type FileHandleBox } from './byte-stream.js';
import { OpenFormatError } from './errors.js';

/** One member of a zip archive, from its central directory entry (zip64 fields applied). */
export interface ZipMember {
  name: string;
  /** 0 = stored, 8 = deflated (what np.savez / np.savez_compressed write). */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  flags: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** A .npz holds a handful of arrays; a directory beyond this is damaged or not an .npz (and reading it would be unbounded). */
const MAX_DIRECTORY_BYTES = 16 * 1024 * 1024;

function u64(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) return Number.POSITIVE_INFINITY;
  return Number(value);
}

function readView(box: FileHandleBox, position: number, length: number, file: string, what: string): DataView {
  const bytes = new Uint8Array(length);
  if (position < 0 || box.readAt(bytes, position) < length) {
    throw new OpenFormatError('npz', file, `is truncated (the ${what} lies past the end of the file); write the .npz again.`);
  }
  return new DataView(bytes.buffer);
}

/** The central directory's place and entry count, from the end record (and its zip64 record when present). */
function directoryBounds(box: FileHandleBox, file: string): { offset: number; size: number; entries: number } {
  const tailLength = Math.min(box.size, 22 + 65535);
  const tail = readView(box, box.size - tailLength, tailLength, file, 'end of the archive');
  let at = -1;
  for (let i = tailLength - 22; i >= 0; i--) {
    if (tail.getUint32(i, true) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new OpenFormatError('npz', file, 'is not a readable .npz (zip) archive: no end-of-archive record (truncated or not a zip); save it with np.savez.');
  let entries = tail.getUint16(at + 10, true);
  let size = tail.getUint32(at + 12, true);
  let offset = tail.getUint32(at + 16, true);
  const locatorAt = box.size - tailLength + at - 20;
  if (locatorAt >= 0) {
    const locator = readView(box, locatorAt, 20, file, 'zip64 locator');
    if (locator.getUint32(0, true) === ZIP64_LOCATOR) {
      const record = readView(box, u64(locator, 8), 56, file, 'zip64 end record');
      if (record.getUint32(0, true) !== ZIP64_EOCD) throw new OpenFormatError('npz', file, 'has a damaged zip64 end record; write the .npz again.');
      entries = u64(record, 32);
      size = u64(record, 40);
      offset = u64(record, 48);
    }
  }
  if (!(size <= MAX_DIRECTORY_BYTES) || !(offset + size <= box.size)) {
    throw new OpenFormatError('npz', file, `has a damaged central directory (${size} bytes at ${offset} in a file of ${box.size}); write the .npz again.`);
  }
  return { offset, size, entries };
}

/**
 * Lists a zip archive's members from its central directory (zip64 sizes and offsets included, as NumPy's
 * `np.savez` writes with `force_zip64`), reading only the archive's end and its directory. Throws
 * `OpenFormatError` 'npz' naming `file` for a truncated or damaged archive.
 *
 * @example
 * const box = new FileHandleBox('run.npz');
 * zipMembers(box, 'run.npz').map((m) => m.name); // ['targets.npy', 'predictions.npy']
 */
export function zipMembers(box: FileHandleBox, file: string): ZipMember[] {
  const { offset, size, entries } = directoryBounds(box, file);
  const dir = readView(box, offset, size, file, 'central directory');
  const members: ZipMember[] = [];
  let at = 0;
  const damaged = (what: string) => new OpenFormatError('npz', file, `has a damaged central directory (${what}); write the .npz again.`);
  for (let k = 0; k < entries; k++) {
    if (at + 46 > size || dir.getUint32(at, true) !== CENTRAL) throw damaged(`entry ${k}`);
    const flags = dir.getUint16(at + 8, true);
    const method = dir.getUint16(at + 10, true);
    let compressedSize = dir.getUint32(at + 20, true);
    let uncompressedSize = dir.getUint32(at + 24, true);
    const nameLength = dir.getUint16(at + 28, true);
    const extraLength = dir.getUint16(at + 30, true);
    const commentLength = dir.getUint16(at + 32, true);
    let localHeaderOffset = dir.getUint32(at + 42, true);
    if (at + 46 + nameLength + extraLength + commentLength > size) throw damaged(`entry ${k} runs past the directory`);
    const name = new TextDecoder('utf-8').decode(new Uint8Array(dir.buffer, at + 46, nameLength));
    // zip64 extra field: the 8-byte values of the fields saturated at 0xFFFFFFFF, in this order.
    let e = at + 46 + nameLength;
    const end = e + extraLength;
    while (e + 4 <= end) {
      const id = dir.getUint16(e, true);
      const length = dir.getUint16(e + 2, true);
      if (id === 0x0001) {
        let p = e + 4;
        const next = (): number => {
          if (p + 8 > e + 4 + length) throw damaged(`entry ${k}'s zip64 field is short`);
          const v = u64(dir, p);
          p += 8;
          return v;
        };
        if (uncompressedSize === 0xffffffff) uncompressedSize = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localHeaderOffset === 0xffffffff) localHeaderOffset = next();
      }
      e += 4 + length;
    }
    members.push({ name, method, compressedSize, uncompressedSize, localHeaderOffset, flags });
    at = end + commentLength;
  }
  return members;
}

/**
 * A member's bytes as a stream: stored members are read in place, deflated ones inflated as they are read
 * (fflate's streaming `Inflate`). Throws `OpenFormatError` 'npz' for an encrypted member, an unknown method or a
 * member that runs past the end of the archive.
 *
 * @example
 * const stream = memberStream(box, member, 'run.npz');
 */
export function memberStream(box: FileHandleBox, member: ZipMember, file: string): ByteStream {
  const where = `${file}:${member.name}`;
  const local = readView(box, member.localHeaderOffset, 30, where, 'member header');
  if (local.getUint32(0, true) !== LOCAL) throw new OpenFormatError('npz', where, 'has a damaged local header in the archive; write the .npz again.');
  const dataStart = member.localHeaderOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
  if ((member.flags & 1) !== 0) throw new OpenFormatError('npz', where, 'is encrypted; save the arrays with np.savez (no encryption).');
  if (!(dataStart + member.compressedSize <= box.size)) {
    throw new OpenFormatError('npz', where, `is truncated: the member needs ${member.compressedSize} bytes from ${dataStart} but the archive has ${box.size}; write the .npz again.`);
  }
  if (member.method === 0) {
    if (member.compressedSize !== member.uncompressedSize) {
      throw new OpenFormatError('npz', where, `is stored uncompressed but its sizes differ (${member.compressedSize} vs ${member.uncompressedSize}); the archive is damaged.`);
    }
    return fileRangeStream(box, dataStart, member.compressedSize);
  }
  if (member.method === 8) return inflateRangeStream(box, dataStart, member.compressedSize, member.uncompressedSize, where);
  throw new OpenFormatError('npz', where, `uses zip compression method ${member.method}; save with np.savez or np.savez_compressed (stored or deflated).`);
}
