import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { describeEnvironment, recordedDataPath } from '../../src/train/environment.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Every environment.json under a folder (the committed reports' runs). */
function environmentFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return environmentFiles(path);
    return name === 'environment.json' ? [path] : [];
  });
}

describe('recordedDataPath', () => {
  it('keeps the folder name and the file name, never the absolute path', () => {
    expect(recordedDataPath('/srv/data/mnist/t10k-images-idx3-ubyte.gz')).toBe('mnist/t10k-images-idx3-ubyte.gz');
    expect(recordedDataPath('/usr/share/fashion-mnist/train-labels-idx1-ubyte.gz')).toBe('fashion-mnist/train-labels-idx1-ubyte.gz');
    expect(recordedDataPath('relative/x/y.gz')).toBe('x/y.gz');
    expect(recordedDataPath('/y.gz')).toBe('y.gz');
    expect(recordedDataPath('y.gz')).toBe('y.gz');
  });
});

describe('describeEnvironment', () => {
  it('records data files by folder and name, with their sha256 unchanged', () => {
    const env = describeEnvironment(
      { backend: 'cpu', tfjsVersion: '4.22.0', nativeAvailable: false, wasmSimd: null, wasmThreads: null },
      [{ split: 'test', role: 'images', path: '/home/someone/data/mnist/t10k-images-idx3-ubyte.gz', sha256: 'ab'.repeat(32) }],
    );
    expect(env.data).toEqual([{ split: 'test', role: 'images', path: 'mnist/t10k-images-idx3-ubyte.gz', sha256: 'ab'.repeat(32) }]);
  });
});

describe('committed runs', () => {
  it('carry no absolute data path of the machine that trained them', () => {
    const files = environmentFiles(join(REPO, 'reports'));
    expect(files.length).toBeGreaterThan(0);
    const absolute = files.flatMap((file) => {
      const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
      const entries = typeof data === 'object' && data !== null && 'data' in data && Array.isArray(data.data) ? data.data : [];
      return entries
        .map((entry: unknown) => (typeof entry === 'object' && entry !== null && 'path' in entry ? String(entry.path) : ''))
        .filter((path: string) => path.startsWith('/'))
        .map((path: string) => `${file}: ${path}`);
    });
    expect(absolute).toEqual([]);
  });
});
