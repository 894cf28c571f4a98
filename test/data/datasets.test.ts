import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATASETS,
  DATASET_NAMES,
  bytesToImages,
  cacheDirFor,
  combineIdx,
  findFile,
  fixturesDir,
  isDatasetName,
  loadDataset,
  parseSha256Sums,
  searchPlaces,
  verifyDataset,
  type FetchLike,
} from '../../src/data/datasets.js';
import { DataError } from '../../src/data/errors.js';
import { IdxError, encodeIdx, sha256Hex, writeIdxFile } from '../../src/data/idx.js';
import { padImages } from '../../src/data/pad.js';
import { requireRealDataRoot } from './helpers.js';

let tmp = '';
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'be-data-'));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function freshDir(name: string): Promise<string> {
  const d = join(tmp, name);
  await mkdir(d, { recursive: true });
  return d;
}

async function rejection(p: Promise<unknown>): Promise<DataError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataError);
  return err as DataError;
}

/** A directory holding symlinks to the real MNIST test files. */
async function realMnistTestDir(dir: string): Promise<string> {
  const mnist = join(requireRealDataRoot(), 'mnist');
  await mkdir(dir, { recursive: true });
  for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) await symlink(join(mnist, f), join(dir, f));
  return dir;
}

describe('isDatasetName', () => {
  it('accepts exactly the names in DATASET_NAMES, each of which has a DATASETS entry', () => {
    for (const name of DATASET_NAMES) {
      expect(isDatasetName(name)).toBe(true);
      expect(DATASETS[name].title.length).toBeGreaterThan(0);
    }
    for (const name of ['cifar10', 'MNIST', '', 'fashion_mnist', 'mnist ']) expect(isDatasetName(name)).toBe(false);
  });
});

describe('synthetic fixtures', () => {
  it('loads 512 training and 128 test images, 28x28, labels 0..9, black border, verified sums', async () => {
    const sums = parseSha256Sums(await readFile(join(fixturesDir(), 'SHA256SUMS'), 'utf8'));
    for (const [split, n] of [['train', 512], ['test', 128]] as const) {
      const set = await loadDataset('synthetic', split);
      expect(set.count).toBe(n);
      expect([set.height, set.width]).toEqual([28, 28]);
      expect(set.images.length).toBe(n * 784);
      expect(set.labels.length).toBe(n);
      expect(Math.max(...set.labels)).toBeLessThanOrEqual(9);
      expect(new Set(set.labels).size).toBe(10);
      let border = 0;
      let ink = 0;
      for (let i = 0; i < n; i++) {
        for (let y = 0; y < 28; y++) {
          for (let x = 0; x < 28; x++) {
            const v = set.images[i * 784 + y * 28 + x];
            if (y < 2 || y > 25 || x < 2 || x > 25) border += v;
            ink += v;
          }
        }
      }
      expect(border).toBe(0);
      expect(ink / set.images.length).toBeGreaterThan(0.03); // strokes are there
      for (const f of set.files) expect(f.sha256).toBe(sums[f.path.split('/').pop()!.replace(/\.gz$/, '')]);
    }
  });

  it('the fixture files are small (tens of KB) and gzip', async () => {
    const names = await readdir(fixturesDir());
    expect(names.sort()).toEqual([
      'SHA256SUMS',
      'synthetic-test-images.idx3.gz',
      'synthetic-test-labels.idx1.gz',
      'synthetic-train-images.idx3.gz',
      'synthetic-train-labels.idx1.gz',
    ]);
    let total = 0;
    for (const n of names) total += (await readFile(join(fixturesDir(), n))).length;
    expect(total).toBeLessThan(100_000);
  });

  it('limit returns the first n images and labels', async () => {
    const all = await loadDataset('synthetic', 'test');
    const some = await loadDataset('synthetic', 'test', { limit: 5 });
    expect(some.count).toBe(5);
    expect(some.images).toEqual(all.images.subarray(0, 5 * 784));
    expect(Array.from(some.labels)).toEqual(Array.from(all.labels.subarray(0, 5)));
    expect((await loadDataset('synthetic', 'test', { limit: 10_000 })).count).toBe(128);
    await expect(loadDataset('synthetic', 'test', { limit: -1 })).rejects.toThrow(/limit/);
  });

  it('pad while decoding equals padImages on the decoded images', async () => {
    const plain = await loadDataset('synthetic', 'test', { limit: 20 });
    const padded = await loadDataset('synthetic', 'test', { limit: 20, pad: { widths: 2, mode: 'edge' } });
    expect([padded.height, padded.width]).toEqual([32, 32]);
    expect(padded.images).toEqual(padImages(plain.images, 20, 28, 28, { widths: 2, mode: 'edge' }));
  });

  it('verifyDataset reports each file with path, expected, found and ok', async () => {
    const rows = await verifyDataset('synthetic');
    expect(rows.map((r) => r.file)).toEqual([
      'synthetic-train-images.idx3',
      'synthetic-train-labels.idx1',
      'synthetic-test-images.idx3',
      'synthetic-test-labels.idx1',
    ]);
    for (const r of rows) {
      expect(r.ok).toBe(true);
      expect(r.found).toBe(r.expected);
      expect(r.path).toContain(fixturesDir());
    }
  });

  it('file names are per dataset: standard for MNIST and Fashion-MNIST, names of their own for the fixtures', async () => {
    const standard = {
      train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
      test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
    };
    expect(DATASETS.mnist.files).toEqual(standard);
    expect(DATASETS['fashion-mnist'].files).toEqual(standard);
    expect(DATASETS.synthetic.files).toEqual({
      train: { images: 'synthetic-train-images.idx3', labels: 'synthetic-train-labels.idx1' },
      test: { images: 'synthetic-test-images.idx3', labels: 'synthetic-test-labels.idx1' },
    });
    for (const name of ['mnist', 'fashion-mnist'] as const) {
      const sums = DATASETS[name].sums;
      expect(sums === 'fixtures' ? [] : Object.keys(sums).sort()).toEqual(Object.values(standard).flatMap((f) => [f.images, f.labels]).sort());
    }
    // A directory holding the fixtures under MNIST's names is not taken for the synthetic set.
    const dir = await freshDir('standard-names');
    for (const role of ['images', 'labels'] as const) {
      await copyFile(join(fixturesDir(), `${DATASETS.synthetic.files.test[role]}.gz`), join(dir, `${standard.test[role]}.gz`));
    }
    const set = await loadDataset('synthetic', 'test', { dir, limit: 1 });
    for (const f of set.files) expect(f.path.startsWith(fixturesDir())).toBe(true);
  });
});

describe('bytesToImages and combineIdx', () => {
  it('maps bytes to float32 v / 255 exactly (numpy astype(float32) / 255.)', () => {
    const out = bytesToImages(new Uint8Array([0, 1, 128, 255]), 1, 2, 2);
    expect(Array.from(out)).toEqual([0, Math.fround(1 / 255), Math.fround(128 / 255), 1]);
  });

  it('dimension mismatch between images and labels names both files', () => {
    const images = { dims: [3, 2, 2], data: new Uint8Array(12) };
    const labels = { dims: [2], data: new Uint8Array(2) };
    try {
      combineIdx(images, labels, 'dir/train-images-idx3-ubyte', 'dir/train-labels-idx1-ubyte');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(IdxError);
      expect((err as IdxError).fault).toBe('dimension-mismatch');
      expect((err as IdxError).message).toMatch(/2 labels but dir\/train-images-idx3-ubyte has 3 images/);
    }
  });
});

describe('checksum verification', () => {
  it('a valid IDX file with other content: DataError checksum naming file, expected and found', async () => {
    const dir = await freshDir('checksum');
    for (const f of await readdir(fixturesDir())) await copyFile(join(fixturesDir(), f), join(dir, f));
    const wrong = { dims: [128], data: new Uint8Array(128).fill(3) };
    await writeIdxFile(join(dir, 'synthetic-test-labels.idx1.gz'), wrong, { gzip: true });
    const err = await rejection(loadDataset('synthetic', 'test', { dir }));
    const expected = parseSha256Sums(await readFile(join(fixturesDir(), 'SHA256SUMS'), 'utf8'))['synthetic-test-labels.idx1'];
    const found = sha256Hex(encodeIdx(wrong));
    expect(err.code).toBe('checksum');
    expect(err.file).toBe(join(dir, 'synthetic-test-labels.idx1.gz'));
    expect(err.expected).toBe(expected);
    expect(err.found).toBe(found);
    expect(err.message).toContain(join(dir, 'synthetic-test-labels.idx1.gz'));
    expect(err.message).toContain(expected);
    expect(err.message).toContain(found);
    expect(err.message).toMatch(/delete it and download it again/);
    const rows = await verifyDataset('synthetic', { dir });
    const bad = rows.find((r) => r.file === 'synthetic-test-labels.idx1')!;
    expect(bad).toMatchObject({ ok: false, found, expected, path: join(dir, 'synthetic-test-labels.idx1.gz') });
    expect(rows.filter((r) => r.ok)).toHaveLength(3);
  });

  it('a corrupt gzip in the data directory is an IdxError (fault gzip), not a fall-through', async () => {
    const dir = await freshDir('badgzip');
    for (const f of await readdir(fixturesDir())) await copyFile(join(fixturesDir(), f), join(dir, f));
    const gz = await readFile(join(dir, 'synthetic-test-images.idx3.gz'));
    await writeFile(join(dir, 'synthetic-test-images.idx3.gz'), gz.subarray(0, gz.length >> 1));
    const err = await rejection(loadDataset('synthetic', 'test', { dir }));
    expect(err).toBeInstanceOf(IdxError);
    expect((err as IdxError).fault).toBe('gzip');
  });
});

describe('search order', () => {
  it('lists places in order: dir, dir/<name>, $BOUNDARY_EFFECTS_DATA/<name>, (Debian for fashion), cache', () => {
    const env = { BOUNDARY_EFFECTS_DATA: '/data', XDG_CACHE_HOME: '/xdg' };
    expect(searchPlaces('mnist', { dir: '/d', env }).map((p) => p.dir)).toEqual(['/d', '/d/mnist', '/data/mnist', '/xdg/boundary-effects/mnist']);
    expect(searchPlaces('fashion-mnist', { env }).map((p) => p.dir)).toEqual([
      '/data/fashion-mnist',
      '/usr/share/datasets/fashion-mnist',
      '/xdg/boundary-effects/fashion-mnist',
    ]);
    expect(searchPlaces('fashion-mnist', { env, systemDir: null }).map((p) => p.dir)).toEqual(['/data/fashion-mnist', '/xdg/boundary-effects/fashion-mnist']);
    expect(searchPlaces('synthetic', { env }).map((p) => p.dir)).toEqual([fixturesDir()]);
    // unset variable: still listed (so the not-found message can mention it), but not searched
    expect(searchPlaces('mnist', { env: { HOME: '/home/u' } })[0]).toEqual({ dir: null, label: expect.stringMatching(/BOUNDARY_EFFECTS_DATA is not set/) });
  });

  it('cache: cacheDir option, else $XDG_CACHE_HOME, else $HOME/.cache', () => {
    expect(cacheDirFor('mnist', { cacheDir: '/c', env: { XDG_CACHE_HOME: '/x' } })).toBe('/c/mnist');
    expect(cacheDirFor('mnist', { env: { XDG_CACHE_HOME: '/x', HOME: '/h' } })).toBe('/x/boundary-effects/mnist');
    expect(cacheDirFor('fashion-mnist', { env: { HOME: '/h' } })).toBe('/h/.cache/boundary-effects/fashion-mnist');
  });

  it('findFile takes the first place holding the file (raw preferred over .gz within a place)', async () => {
    const [a, b, c] = await Promise.all(['order/a', 'order/b', 'order/c'].map(freshDir));
    const base = 't10k-labels-idx1-ubyte';
    const env = { BOUNDARY_EFFECTS_DATA: b, XDG_CACHE_HOME: c };
    await mkdir(join(b, 'mnist'), { recursive: true });
    await mkdir(join(c, 'boundary-effects', 'mnist'), { recursive: true });
    const places = searchPlaces('mnist', { dir: a, env });
    expect(await findFile(base, places)).toBeNull();
    await writeFile(join(c, 'boundary-effects', 'mnist', `${base}.gz`), 'x');
    expect(await findFile(base, places)).toBe(join(c, 'boundary-effects', 'mnist', `${base}.gz`));
    await writeFile(join(b, 'mnist', `${base}.gz`), 'x');
    expect(await findFile(base, places)).toBe(join(b, 'mnist', `${base}.gz`));
    await writeFile(join(a, `${base}.gz`), 'x');
    expect(await findFile(base, places)).toBe(join(a, `${base}.gz`));
    await writeFile(join(a, base), 'x');
    expect(await findFile(base, places)).toBe(join(a, base));
  });

  it('loads from $BOUNDARY_EFFECTS_DATA before a (corrupt) cache copy', async () => {
    const root = await freshDir('envroot');
    await realMnistTestDir(join(root, 'mnist'));
    const cacheRoot = await freshDir('envcache');
    await mkdir(join(cacheRoot, 'mnist'));
    await writeFile(join(cacheRoot, 'mnist', 't10k-labels-idx1-ubyte'), 'garbage');
    const set = await loadDataset('mnist', 'test', { env: { BOUNDARY_EFFECTS_DATA: root }, cacheDir: cacheRoot, download: false, limit: 3 });
    expect(set.files.map((f) => f.path)).toEqual([join(root, 'mnist', 't10k-images-idx3-ubyte.gz'), join(root, 'mnist', 't10k-labels-idx1-ubyte.gz')]);
    expect(Array.from(set.labels)).toEqual([7, 2, 1]); // first MNIST test labels
    // and the explicit dir wins over the environment
    const dirFirst = await freshDir('dirfirst');
    await realMnistTestDir(join(dirFirst, 'mnist'));
    const viaDir = await loadDataset('mnist', 'test', { dir: dirFirst, env: { BOUNDARY_EFFECTS_DATA: root }, download: false, limit: 1 });
    expect(viaDir.files[0].path).toBe(join(dirFirst, 'mnist', 't10k-images-idx3-ubyte.gz'));
  });
});

describe('not found', () => {
  it('lists every place looked and says where to put the files', async () => {
    const empty = await freshDir('nf/empty');
    const env = { BOUNDARY_EFFECTS_DATA: join(tmp, 'nf', 'root'), HOME: join(tmp, 'nf', 'home') };
    const err = await rejection(loadDataset('mnist', 'train', { dir: empty, env, download: false }));
    expect(err.code).toBe('not-found');
    expect(err.places).toHaveLength(4);
    for (const p of [empty, join(empty, 'mnist'), join(env.BOUNDARY_EFFECTS_DATA, 'mnist'), join(env.HOME, '.cache', 'boundary-effects', 'mnist')]) {
      expect(err.message).toContain(p);
    }
    expect(err.message).toMatch(/train-images-idx3-ubyte \(raw or \.gz\) was not found/);
    expect(err.message).toMatch(/BOUNDARY_EFFECTS_DATA=<root>/);
    expect(err.message).toMatch(/download disabled/);
  });

  it('fashion-mnist: mentions the Debian package and its directory', async () => {
    const err = await rejection(
      loadDataset('fashion-mnist', 'test', { env: { HOME: join(tmp, 'nf2') }, systemDir: join(tmp, 'nf2', 'usr-share'), download: false }),
    );
    expect(err.code).toBe('not-found');
    expect(err.message).toContain('apt-get install -y dataset-fashion-mnist');
    expect(err.message).toContain(join(tmp, 'nf2', 'usr-share'));
    expect(err.message).toMatch(/BOUNDARY_EFFECTS_DATA is not set/);
  });

  it('no network: fails at once with not-found, listing the places and each mirror error', async () => {
    const calls: string[] = [];
    const offline: FetchLike = async (url) => {
      calls.push(url);
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }) });
    };
    const cacheDir = await freshDir('offline-cache');
    const err = await rejection(loadDataset('mnist', 'test', { env: { HOME: tmp }, cacheDir, fetch: offline }));
    expect(err.code).toBe('not-found');
    expect(calls).toEqual(DATASETS.mnist.mirrors.map((m) => `${m}t10k-images-idx3-ubyte.gz`));
    for (const url of calls) expect(err.message).toContain(`download ${url} failed: fetch failed (ENOTFOUND)`);
    expect(err.message).toContain(join(cacheDir, 'mnist'));
    expect(await readdir(cacheDir)).toEqual([]);
  });
});

describe('download into the cache (fake fetch)', () => {
  /** A fake fetch serving the real MNIST test files from the first mirror only. */
  async function servingFetch(log: string[], corrupt = false): Promise<FetchLike> {
    const mnist = join(requireRealDataRoot(), 'mnist');
    const files: Record<string, Uint8Array> = {};
    for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) files[f] = await readFile(join(mnist, f));
    return async (url) => {
      log.push(url);
      const name = url.split('/').pop()!;
      if (!url.startsWith(DATASETS.mnist.mirrors[1]) || !(name in files)) return new Response('not here', { status: 404, statusText: 'Not Found' });
      if (corrupt) return new Response(gzipSync(encodeIdx({ dims: [1], data: new Uint8Array([1]) })));
      return new Response(files[name]);
    };
  }

  it('downloads, verifies, then renames into <cache>/<name>/ and loads from there; a second load needs no network', async () => {
    const log: string[] = [];
    const cacheDir = await freshDir('dl-ok');
    const set = await loadDataset('mnist', 'test', { env: { HOME: tmp }, cacheDir, fetch: await servingFetch(log) });
    expect(set.count).toBe(10_000);
    expect(Array.from(set.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
    expect(set.files.map((f) => f.path)).toEqual([join(cacheDir, 'mnist', 't10k-images-idx3-ubyte.gz'), join(cacheDir, 'mnist', 't10k-labels-idx1-ubyte.gz')]);
    expect((await readdir(join(cacheDir, 'mnist'))).sort()).toEqual(['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']); // no temp files left
    // first mirror 404 then second mirror, for each file
    expect(log).toHaveLength(4);
    const again = await loadDataset('mnist', 'test', {
      env: { HOME: tmp },
      cacheDir,
      limit: 2,
      fetch: async () => {
        throw new Error('must not be called');
      },
    });
    expect(again.count).toBe(2);
  });

  it('a download with a bad checksum leaves no file in the cache (DataError download)', async () => {
    const log: string[] = [];
    const cacheDir = await freshDir('dl-bad');
    const err = await rejection(loadDataset('mnist', 'test', { env: { HOME: tmp }, cacheDir, fetch: await servingFetch(log, true) }));
    expect(err.code).toBe('download');
    expect(err.message).toMatch(/checksum mismatch/);
    expect(err.expected).toBe(DATASETS.mnist.sums === 'fixtures' ? '' : DATASETS.mnist.sums['t10k-images-idx3-ubyte']);
    expect(err.message).toMatch(/nothing was written to the cache/);
    const left = await readdir(cacheDir, { recursive: true });
    expect(left.filter((f) => f.endsWith('.gz') || f.endsWith('.tmp'))).toEqual([]);
  });
});
