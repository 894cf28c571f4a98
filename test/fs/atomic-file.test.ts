import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from '../../src/fs/atomic-file.js';

describe('atomic files', () => {
  it('writes, replaces and leaves no temp files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    const path = join(dir, 'sub', 'a.json');
    await writeJsonAtomic(path, { x: 0.1 + 0.2 });
    expect(await readJsonIfExists(path)).toEqual({ x: 0.30000000000000004 });
    await writeFileAtomic(path, 'replaced');
    expect(await readFile(path, 'utf8')).toBe('replaced');
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.json']);
  });

  it('reads null for a missing file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'atomic-'));
    expect(await readJsonIfExists(join(dir, 'none.json'))).toBeNull();
  });
});
