import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { IdxError, encodeIdx, isGzip, parseIdx, readIdxFile, sha256Hex, writeIdxFile, type IdxFault } from '../../src/data/idx.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'be-idx-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `fn`, expects an IdxError with `fault`, and returns it. */
function expectIdxError(fn: () => unknown, fault: IdxFault): IdxError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(IdxError);
    expect(err).toBeInstanceOf(DataError);
    const e = err as IdxError;
    expect(e.fault).toBe(fault);
    return e;
  }
  throw new Error(`expected an IdxError with fault ${fault}`);
}

async function expectIdxErrorAsync(p: Promise<unknown>, fault: IdxFault): Promise<IdxError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdxError);
  expect((err as IdxError).fault).toBe(fault);
  return err as IdxError;
}

const labels3 = new Uint8Array([0, 0, 8, 1, 0, 0, 0, 3, 5, 0, 4]);

describe('encodeIdx / parseIdx', () => {
  it('encodes the header by hand: 00 00 08 rank, big-endian dims, data', () => {
    const bytes = encodeIdx({ dims: [3], data: new Uint8Array([5, 0, 4]) });
    expect(Array.from(bytes)).toEqual(Array.from(labels3));
    const img = encodeIdx({ dims: [1, 2, 258], data: new Uint8Array(516).fill(7) });
    expect(Array.from(img.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 2]);
    expect(img.length).toBe(16 + 516);
  });

  it('round-trips rank 1 and rank 3 arrays (data is a view, no copy)', () => {
    const data = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);
    const bytes = encodeIdx({ dims: [2, 3, 4], data });
    const back = parseIdx(bytes, 'mem', { rank: 3, dims: [null, 3, 4] });
    expect(back.dims).toEqual([2, 3, 4]);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    expect(back.data.buffer).toBe(bytes.buffer);
    expect(parseIdx(labels3, 'mem').dims).toEqual([3]);
  });

  it('bad magic: names the file and says to re-download', () => {
    const e = expectIdxError(() => parseIdx(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'x/train-images-idx3-ubyte'), 'bad-magic');
    expect(e.file).toBe('x/train-images-idx3-ubyte');
    expect(e.message).toContain('x/train-images-idx3-ubyte');
    expect(e.message).toMatch(/not an IDX file/);
    expect(e.message).toMatch(/download it again/);
  });

  it('unsupported type: float32 (0x0d) is named', () => {
    const e = expectIdxError(() => parseIdx(new Uint8Array([0, 0, 0x0d, 1, 0, 0, 0, 0]), 'f.idx'), 'unsupported-type');
    expect(e.message).toMatch(/0x0d \(float32\)/);
    expect(e.message).toMatch(/only 0x08 \(uint8\)/);
  });

  it('bad rank: rank 0, and a rank other than expected', () => {
    expectIdxError(() => parseIdx(new Uint8Array([0, 0, 8, 0]), 'r0'), 'bad-rank');
    const e = expectIdxError(() => parseIdx(labels3, 'labels', { rank: 3 }), 'bad-rank');
    expect(e.message).toMatch(/rank 1, expected 3/);
  });

  it('truncated header: fewer than 4 bytes, and dims cut short', () => {
    const e1 = expectIdxError(() => parseIdx(new Uint8Array([0, 0]), 'short'), 'truncated');
    expect(e1.message).toMatch(/header cut short: 2 bytes/);
    const e2 = expectIdxError(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), 'dims'), 'truncated');
    expect(e2.message).toMatch(/needs 16 header bytes, the file has 10/);
  });

  it('truncated data', () => {
    const e = expectIdxError(() => parseIdx(labels3.subarray(0, 10), 'cut'), 'truncated');
    expect(e.message).toMatch(/need 3 bytes after the header, the file has 2/);
  });

  it('trailing bytes', () => {
    const e = expectIdxError(() => parseIdx(new Uint8Array([...labels3, 9, 9]), 'long'), 'trailing-bytes');
    expect(e.message).toMatch(/2 unexpected bytes after the 3 data bytes/);
  });

  it('dimension mismatch against expected dims', () => {
    const img = encodeIdx({ dims: [1, 32, 28], data: new Uint8Array(32 * 28) });
    const e = expectIdxError(() => parseIdx(img, 'img', { rank: 3, dims: [null, 28, 28] }), 'dimension-mismatch');
    expect(e.message).toMatch(/1x32x28 differ from the expected \*x28x28/);
  });

  it('encodeIdx rejects data that does not match dims', () => {
    expect(() => encodeIdx({ dims: [2, 2], data: new Uint8Array(3) })).toThrow(/hold 4 values but data has 3/);
  });
});

describe('readIdxFile / writeIdxFile', () => {
  it('round-trips raw and gzip files; gzip detected by content, not by name', async () => {
    const array = { dims: [2, 2, 2], data: new Uint8Array([0, 1, 2, 3, 252, 253, 254, 255]) };
    const rawPath = join(dir, 'a.gz'); // misleading extension on purpose: raw bytes
    const gzPath = join(dir, 'b.idx'); // gzip without .gz
    await writeIdxFile(rawPath, array, { gzip: false });
    await writeIdxFile(gzPath, array, { gzip: true });
    expect(isGzip(await readFile(rawPath))).toBe(false);
    expect(isGzip(await readFile(gzPath))).toBe(true);
    const a = await readIdxFile(rawPath);
    const b = await readIdxFile(gzPath, { rank: 3 });
    expect(a.gzipped).toBe(false);
    expect(b.gzipped).toBe(true);
    for (const r of [a, b]) {
      expect(r.array.dims).toEqual([2, 2, 2]);
      expect(Array.from(r.array.data)).toEqual(Array.from(array.data));
    }
    // sha256 of the decompressed bytes, equal for both
    expect(a.sha256).toBe(sha256Hex(encodeIdx(array)));
    expect(b.sha256).toBe(a.sha256);
  });

  it('sha256Hex of the empty input is the well-known constant', () => {
    expect(sha256Hex(new Uint8Array())).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('gzip failure: corrupt gzip stream names the file', async () => {
    const good = gzipSync(labels3);
    const bad = good.subarray(0, good.length - 6); // cut the trailer and a bit of data
    const path = join(dir, 'bad.gz');
    await writeFile(path, bad);
    const e = await expectIdxErrorAsync(readIdxFile(path), 'gzip');
    expect(e.file).toBe(path);
    expect(e.message).toMatch(/gzip data is corrupt/);
    expect(e.message).toMatch(/Delete the file/);
  });

  it('gzip-wrapped corruption is still reported by its IDX fault', async () => {
    const path = join(dir, 'trail.gz');
    await writeFile(path, gzipSync(new Uint8Array([...labels3, 1])));
    await expectIdxErrorAsync(readIdxFile(path), 'trailing-bytes');
  });

  it('io: a missing file is an IdxError with fault io and the errno code', async () => {
    const path = join(dir, 'nope');
    const e = await expectIdxErrorAsync(readIdxFile(path), 'io');
    expect(e.message).toMatch(/ENOENT/);
    expect(e.message).toContain(path);
  });

  it('writeIdxFile leaves no temp file behind', async () => {
    const sub = join(dir, 'w');
    await writeIdxFile(join(sub, 'x'), { dims: [1], data: new Uint8Array([1]) });
    const { readdir } = await import('node:fs/promises');
    expect(await readdir(sub)).toEqual(['x']);
  });
});
