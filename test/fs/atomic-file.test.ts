import { lstat, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive, readFileIfExists, readJsonIfExists, removeStaleTempFiles, writeFileAtomic, writeFileAtomicSync, writeJsonAtomic } from '../../src/fs/atomic-file.js';
import { describeFileError, FilesError } from '../../src/fs/files-error.js';
import { jsonFault } from '../../src/json/error-offset.js';
import { parseJsonText } from '../../src/json/parse-text.js';

/** A parser that accepts any JSON value (these tests are about the file, not its shape). */
const anyValue = (value: unknown): unknown => value;

describe('atomic files', () => {
  it('writes, replaces and leaves no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'sub', 'a.json');
    await writeJsonAtomic(path, { x: 0.1 + 0.2 });
    expect(await readJsonIfExists(path, anyValue)).toEqual({ x: 0.30000000000000004 });
    await writeFileAtomic(path, 'replaced');
    expect(await readFile(path, 'utf8')).toBe('replaced');
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('reads null for a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    expect(await readJsonIfExists(join(dir, 'none.json'), anyValue)).toBeNull();
    expect(await readFileIfExists(join(dir, 'none.json'))).toBeNull();
  });

  it('readFileIfExists: the bytes of a file; a folder in its place is a FilesError naming it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    await writeFile(join(dir, 'a.bin'), new Uint8Array([0, 255, 7]));
    expect([...((await readFileIfExists(join(dir, 'a.bin'))) ?? [])]).toEqual([0, 255, 7]);
    await mkdir(join(dir, 'folder.json'));
    const error: unknown = await readFileIfExists(join(dir, 'folder.json')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesError);
    expect((error as FilesError).message).toContain(join(dir, 'folder.json'));
  });
});

describe('atomic files on failure, symlinks and crashes', () => {
  it('removes its temp file and names the target when the rename fails (a folder where the file should be)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    await mkdir(join(dir, 'report.html'));
    await writeFile(join(dir, 'report.html', 'inside'), 'kept');
    const error = await writeFileAtomic(join(dir, 'report.html'), 'x'.repeat(1000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesError);
    expect((error as FilesError).code).toBe('is-a-directory');
    expect((error as FilesError).message).toContain(join(dir, 'report.html'));
    expect(await readdir(dir)).toEqual(['report.html']);
    expect(() => writeFileAtomicSync(join(dir, 'report.html'), 'y')).toThrow(FilesError);
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('replaces a symlink instead of writing through it; the link target is untouched', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const outside = join(dir, 'outside.txt');
    await writeFile(outside, 'twenty bytes outside');
    await mkdir(join(dir, 'out'));
    await symlink(outside, join(dir, 'out', 'report.html'));
    await writeFileAtomic(join(dir, 'out', 'report.html'), '<html>new</html>');
    await symlink(outside, join(dir, 'out', 'regions.csv'));
    writeFileAtomicSync(join(dir, 'out', 'regions.csv'), 'a,b\n');
    expect(await readFile(outside, 'utf8')).toBe('twenty bytes outside');
    expect((await lstat(join(dir, 'out', 'report.html'))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(dir, 'out', 'report.html'), 'utf8')).toBe('<html>new</html>');
    expect((await lstat(join(dir, 'out', 'regions.csv'))).isSymbolicLink()).toBe(false);
  });

  it('a file where the folder should be is a not-a-directory error naming the path', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    await writeFile(join(dir, 'file'), '');
    const error = await writeFileAtomic(join(dir, 'file', 'sub', 'a.json'), '{}').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesError);
    expect((error as FilesError).code).toBe('not-a-directory');
    expect((error as FilesError).message).toMatch(/is a file, not a folder|exists and is not a folder/);
  });

  it('invalid JSON names the file, line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'experiment.json');
    // The fault is the '}' of line 3: two spaces (1-2), "variants" (3-12), ':' (13), ' ' (14), '[' (15), '}' (16).
    await writeFile(path, '{\n  "dataset": "mnist",\n  "variants": [}\n');
    const error = await readJsonIfExists(path, anyValue).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesError);
    expect((error as FilesError).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not valid JSON \\(line 3, column 16: unexpected "}"\\)`));
    await writeFile(path, '');
    expect(String(await readJsonIfExists(path, anyValue).catch((e: unknown) => (e as Error).message))).toContain('(the file is empty');
  });

  it('removes temp files of a dead writer, keeps those of live processes and other files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    await mkdir(join(dir, 'runs', 'edge32', 'seed-1', 'checkpoint'), { recursive: true });
    // 2^22 + 1 is above Linux's largest possible pid_max (2^22): no process can have it.
    const deadPid = 4_194_305;
    expect(processAlive(deadPid)).toBe(false);
    const dead = [join(dir, `.summary.json.${deadPid}.a1b2c3d4.tmp`), join(dir, 'runs', 'edge32', 'seed-1', 'checkpoint', `.weights.bin.${deadPid}.00ff00ff.tmp`)];
    const live = join(dir, `.report.html.${process.pid}.12345678.tmp`);
    const other = join(dir, '.notes.tmp');
    for (const path of [...dead, live, other]) await writeFile(path, 'x');
    expect((await removeStaleTempFiles(dir)).sort()).toEqual([...dead].sort());
    expect((await readdir(dir)).sort()).toEqual(['.notes.tmp', `.report.html.${process.pid}.12345678.tmp`, 'runs']);
  });
});

describe('files errors by cause', () => {
  const errno = (code: string, path: string): Error => Object.assign(new Error(`${code}: x, open '${path}'`), { code, path, syscall: 'open' });
  it.each([
    ['ENOSPC', 'no-space', /no space left on the device holding \/o\/report\.html; free some space/],
    ['EACCES', 'permission', /permission denied on \/o\/report\.html; make it writable/],
    ['EPERM', 'permission', /permission denied on \/o\/report\.html/],
    ['ENOTDIR', 'not-a-directory', /\/o\/report\.html: a part of this path is a file, not a folder/],
    ['EEXIST', 'not-a-directory', /\/o\/report\.html exists and is not a folder/],
    ['EISDIR', 'is-a-directory', /\/o\/report\.html is a folder where a file is expected/],
  ])('%s becomes a FilesError %s with the path', (code, expected, message) => {
    const described = describeFileError(errno(code, '/o/report.html'));
    expect(described).toBeInstanceOf(FilesError);
    expect((described as FilesError).code).toBe(expected);
    expect((described as FilesError).message).toMatch(message);
  });

  it('leaves other errors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(describeFileError(bug)).toBe(bug);
  });
});

describe('jsonFault', () => {
  it.each([
    ['{"a": 1}', null],
    ['[1, 2, 3]', null],
    ['{"a": [}', 7],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ['[1, 2', 5],
    ['{"a": tru}', 9],
    ['"\\x"', 2],
    ['{} x', 3],
    ['01', 1],
  ])('%s -> %s', (text, offset) => {
    expect(jsonFault(text)).toEqual(offset === null ? null : { offset, tooDeep: false });
    // Cross-check with the engine: valid exactly when JSON.parse accepts it.
    expect(offset === null).toBe((() => { try { JSON.parse(text); return true; } catch { return false; } })());
  });
});

describe('jsonFault on text nested deeper than the scanner follows', () => {
  // By hand: '[' x 600 then '}'; the bracket at offset 512 opens level 513 (offsets 0..511 open
  // levels 1..512), so the scanner stops there: line 1, column 513. Before the depth bound, a deep
  // enough text overflowed the stack, and the message said "column NaN".
  it('stops at the bracket past the bound and says so, with no number made up', () => {
    const text = `${'['.repeat(600)}}`;
    expect(jsonFault(text)).toEqual({ offset: 512, tooDeep: true });
    expect(jsonFault('['.repeat(200_000))).toEqual({ offset: 512, tooDeep: true });
    const parsed = parseJsonText(`${'['.repeat(200_000)}}`);
    expect(parsed).toEqual({ ok: false, where: 'line 1, column 513: it nests more than 512 levels deep, and the fault past that was not located' });
    // Within the bound the fault itself is found: 512 levels, then '}' at offset 512.
    expect(jsonFault(`${'['.repeat(512)}}`)).toEqual({ offset: 512, tooDeep: false });
  });
});
