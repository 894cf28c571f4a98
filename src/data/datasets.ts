/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
import { writeFileAtomic } from '../fs/atomic-file.js';
import { constants, readFileSync } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError } from './errors.js';
import { IdxError, maybeGunzip, readIdxFile, sha256Hex, type IdxArray } from './idx.js';
import { packageJsonFields } from '../json/package-json.js';
import { padInto, planPad, type PadSpec } from './pad.js';
import { ArgumentError } from '../errors.js';

export { DataError, type DataErrorCode } from './errors.js';

/** The datasets the loader knows. `synthetic` is the small committed fixture set. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist', 'synthetic'] as const;
/** One of {@link DATASET_NAMES}. */
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * Whether a string (from a command line or a JSON file) names a dataset the loader knows.
 *
 * @example
 * isDatasetName('fashion-mnist'); // true
 * isDatasetName('cifar10'); // false
 */
export function isDatasetName(name: string): name is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(name);
}
/** Train or test split (an images and a labels IDX file each). */
export type Split = 'train' | 'test';
/** Role of an IDX file in a split. */
export type FileRole = 'images' | 'labels';

/** A loaded split: images NHWC (C = 1) as uint8 / 255, labels, and the verified files. */
export interface ImageSet {
  dataset: DatasetName;
  split: Split;
  count: number;
  height: number;
  width: number;
  images: Float32Array;
  labels: Uint8Array;
  files: Array<{ role: FileRole; path: string; sha256: string }>;
  /** The padding applied while decoding (`options.pad`), or null. */
  pad: PadSpec | null;
}

/** Minimal `fetch` the downloader needs (global `fetch` fits; tests inject a fake). */
export type FetchLike = (url: string, init?: { signal?: AbortSignal }) => Promise<Response>;

/** Options of `loadDataset` and `verifyDataset`. */
export interface DatasetOptions {
  /** Directory holding the files (looked at first; also `<dir>/<name>/`). */
  dir?: string;
  /** First `limit` images (and labels) only. */
  limit?: number;
  /** Download missing files into the cache (default true for `loadDataset`, false for `verifyDataset`). */
  download?: boolean;
  /** Cache root (default `$XDG_CACHE_HOME/boundary-effects`, else `~/.cache/boundary-effects`); files go in `<cacheDir>/<name>/`. */
  cacheDir?: string;
  /** Environment to read `BOUNDARY_EFFECTS_DATA`, `XDG_CACHE_HOME`, `HOME` from (default `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Pad while decoding (no unpadded float copy); `height`/`width` are then the padded size. */
  pad?: PadSpec | null;
  /** Injected fetch (default global `fetch`). */
  fetch?: FetchLike;
  /** Per-request download timeout in ms (default 120000). */
  timeoutMs?: number;
  /** Debian's directory for Fashion-MNIST (default `/usr/share/datasets/fashion-mnist`; null skips it). */
  systemDir?: string | null;
  /** Progress messages (e.g. "downloading ..."). */
  log?: (message: string) => void;
}

/** One row of `verifyDataset`. */
export interface VerifyRow {
  file: string;
  path: string | null;
  expected: string;
  found: string | null;
  ok: boolean;
  error?: string;
}

/** IDX file base names (without `.gz`) of each split. */
export type SplitFiles = Record<Split, Record<FileRole, string>>;

/** What the loader knows of a dataset. */
export interface DatasetInfo {
  title: string;
  /** IDX file base names (without `.gz`) of each split; also the keys of `sums`. */
  files: SplitFiles;
  /** Pinned SHA-256 of each decompressed file, or `'fixtures'`: read from `fixtures/synthetic/SHA256SUMS`. */
  sums: Record<string, string> | 'fixtures';
  mirrors: string[];
  systemDir?: string;
}

/** MNIST's standard IDX file names, which Fashion-MNIST shares. */
const STANDARD_FILES: SplitFiles = {
  train: { images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' },
  test: { images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' },
};

/** The synthetic fixtures' names: nothing in them matches MNIST's, so they are never taken for it. */
const SYNTHETIC_FILES: SplitFiles = {
  train: { images: 'synthetic-train-images.idx3', labels: 'synthetic-train-labels.idx1' },
  test: { images: 'synthetic-test-images.idx3', labels: 'synthetic-test-labels.idx1' },
};

/** Debian's `dataset-fashion-mnist` install directory. */
export const FASHION_SYSTEM_DIR = '/usr/share/datasets/fashion-mnist';

/**
 * The known datasets: file names and the pinned SHA-256 of the decompressed canonical files.
 * MNIST and Fashion-MNIST use the standard names (`train-images-idx3-ubyte`, ...); the synthetic
 * fixtures have names of their own (`synthetic-train-images.idx3`, ...) so they are never
 * mistaken for MNIST.
 */
export const DATASETS: Record<Exclude<DatasetName, 'synthetic'>, DatasetInfo> & { synthetic: DatasetInfo } = {
  mnist: {
    title: 'MNIST',
    files: STANDARD_FILES,
    sums: {
      'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
      't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
      't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
    },
    mirrors: ['https://ossci-datasets.s3.amazonaws.com/mnist/', 'https://storage.googleapis.com/cvdf-datasets/mnist/'],
  },
  'fashion-mnist': {
    title: 'Fashion-MNIST',
    files: STANDARD_FILES,
    sums: {
      'train-images-idx3-ubyte': 'c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888',
      'train-labels-idx1-ubyte': 'bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9',
      't10k-images-idx3-ubyte': '5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b',
      't10k-labels-idx1-ubyte': '0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34',
    },
    mirrors: [
      'http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/',
      'https://github.com/zalandoresearch/fashion-mnist/raw/master/data/fashion/',
    ],
    systemDir: FASHION_SYSTEM_DIR,
  },
  synthetic: { title: 'synthetic fixtures', files: SYNTHETIC_FILES, sums: 'fixtures', mirrors: [] },
};

/**
 * The package root (the directory with this package's package.json), found by walking up from
 * this module, so it works from both `src/` and `dist/`.
 *
 * @example
 * join(packageRoot(), 'fixtures', 'synthetic');
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      if (packageJsonFields(readFileSync(join(dir, 'package.json'), 'utf8')).name === 'boundary-effects') return dir;
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
    dir = parent;
  }
}

/**
 * Directory of the committed synthetic fixtures (`<package root>/fixtures/synthetic`).
 *
 * @example
 * join(fixturesDir(), 'SHA256SUMS');
 */
export function fixturesDir(): string {
  return join(packageRoot(), 'fixtures', 'synthetic');
}

/**
 * Parses a `sha256sum`-style file (`<hex>  <name>` per line) into name -> sum.
 *
 * @example
 * parseSha256Sums('ab12...  t10k-labels-idx1-ubyte\n'); // { 't10k-labels-idx1-ubyte': 'ab12...' }
 */
export function parseSha256Sums(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
    if (m) out[m[2]] = m[1].toLowerCase();
  }
  return out;
}

async function pinnedSums(name: DatasetName): Promise<Record<string, string>> {
  const sums = DATASETS[name].sums;
  if (sums !== 'fixtures') return sums;
  const path = join(fixturesDir(), 'SHA256SUMS');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DataError('not-found', `Synthetic fixture sums ${path} are missing. Run \`npm run fixtures\` (tsx scripts/make-fixtures.ts) to regenerate the fixtures.`, { file: path, cause: err });
  }
  return parseSha256Sums(text);
}

/** A place the loader looks in, with a human description. */
export interface SearchPlace {
  dir: string | null;
  label: string;
}

function checkName(name: DatasetName): void {
  if (!isDatasetName(name)) {
    throw new DataError('not-found', `Unknown dataset '${String(name)}'. Use one of: ${DATASET_NAMES.join(', ')}.`);
  }
}

/**
 * The cache directory of a dataset: `<cacheDir>/<name>`, default `$XDG_CACHE_HOME/boundary-effects/<name>`
 * or `~/.cache/boundary-effects/<name>`.
 *
 * @example
 * cacheDirFor('mnist', { env: { HOME: '/home/me' } }); // '/home/me/.cache/boundary-effects/mnist'
 */
export function cacheDirFor(name: DatasetName, options: DatasetOptions = {}): string {
  const env = options.env ?? process.env;
  if (options.cacheDir) return resolve(options.cacheDir, name);
  const xdg = env.XDG_CACHE_HOME;
  if (xdg) return resolve(xdg, 'boundary-effects', name);
  return resolve(env.HOME || homedir(), '.cache', 'boundary-effects', name);
}

/**
 * Every directory searched for a dataset's files, in order: `dir` (and `dir/<name>`),
 * `$BOUNDARY_EFFECTS_DATA/<name>`, Debian's Fashion-MNIST directory, the user cache.
 * `synthetic` is only looked for in `dir` and the package's `fixtures/synthetic/`.
 *
 * @example
 * searchPlaces('mnist', { env: { BOUNDARY_EFFECTS_DATA: '/data' } }).map((p) => p.dir);
 * // ['/data/mnist', '<home>/.cache/boundary-effects/mnist']
 */
export function searchPlaces(name: DatasetName, options: DatasetOptions = {}): SearchPlace[] {
  checkName(name);
  const env = options.env ?? process.env;
  const places: SearchPlace[] = [];
  if (options.dir) {
    const d = resolve(options.dir);
    places.push({ dir: d, label: `option dir (--data-dir) ${d}` });
    places.push({ dir: join(d, name), label: `option dir (--data-dir) ${join(d, name)}` });
  }
  if (name === 'synthetic') {
    places.push({ dir: fixturesDir(), label: `committed fixtures ${fixturesDir()}` });
    return places;
  }
  const root = env.BOUNDARY_EFFECTS_DATA;
  places.push(
    root
      ? { dir: resolve(root, name), label: `$BOUNDARY_EFFECTS_DATA/${name} = ${resolve(root, name)}` }
      : { dir: null, label: `$BOUNDARY_EFFECTS_DATA/${name} (BOUNDARY_EFFECTS_DATA is not set)` },
  );
  const system = options.systemDir === undefined ? DATASETS[name].systemDir : options.systemDir ?? undefined;
  if (name === 'fashion-mnist' && system) {
    places.push({ dir: system, label: `Debian package dataset-fashion-mnist ${system}` });
  }
  const cache = cacheDirFor(name, options);
  places.push({ dir: cache, label: `user cache ${cache}` });
  return places;
}

async function isReadableFile(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    if (!s.isFile()) return false;
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first existing copy of an IDX file (raw `<base>` preferred over `<base>.gz` in each
 * directory) among `places`, or null.
 *
 * @example
 * await findFile('t10k-labels-idx1-ubyte', searchPlaces('mnist')); // '/data/mnist/t10k-labels-idx1-ubyte.gz'
 */
export async function findFile(base: string, places: SearchPlace[]): Promise<string | null> {
  for (const place of places) {
    if (place.dir === null) continue;
    for (const candidate of [join(place.dir, base), join(place.dir, `${base}.gz`)]) {
      if (await isReadableFile(candidate)) return candidate;
    }
  }
  return null;
}

function notFoundError(name: DatasetName, base: string, places: SearchPlace[], downloadNotes: string[]): DataError {
  const info = DATASETS[name];
  const all = Object.values(info.files).flatMap((f) => [f.images, f.labels]);
  const lines = [
    `${info.title} file ${base} (raw or .gz) was not found. Looked in, in order:`,
    ...places.map((p, i) => `  ${i + 1}. ${p.label}`),
    ...downloadNotes.map((n) => `  - ${n}`),
    'To fix it, put the files (each raw or gzipped):',
    `  ${all.join(', ')}`,
  ];
  if (name === 'synthetic') {
    lines.push(`into ${fixturesDir()} by running \`npm run fixtures\` (tsx scripts/make-fixtures.ts).`);
  } else {
    lines.push(
      `into a directory <root>/${name}/ and set BOUNDARY_EFFECTS_DATA=<root>, or pass --data-dir <dir>, or copy them into ${cacheDirFor(name, {})}` +
        (downloadNotes.length > 0 ? ' (or retry when the network is reachable).' : ' (or allow the download).'),
    );
  }
  if (name === 'fashion-mnist') {
    lines.push(`On Debian/Ubuntu: sudo apt-get install -y dataset-fashion-mnist (installs them into ${FASHION_SYSTEM_DIR}).`);
  }
  return new DataError('not-found', lines.join('\n'), { file: base, places: places.map((p) => p.label) });
}

function describe(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = (err as Error & { cause?: unknown }).cause;
  const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
  return `${err.message}${code}`;
}

/** Fetches one mirror's copy into memory and checks its decompressed SHA-256. */
async function fetchVerified(url: string, base: string, expected: string, options: DatasetOptions): Promise<Uint8Array> {
  const doFetch: FetchLike = options.fetch ?? ((u, init) => fetch(u, init));
  const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 120_000) });
  if (!response.ok) throw new DataError('download', `HTTP ${response.status} ${response.statusText}`.trim(), { file: base });
  const bytes = new Uint8Array(await response.arrayBuffer());
  const raw = maybeGunzip(bytes, url);
  const found = sha256Hex(raw);
  if (found !== expected) {
    throw new DataError('checksum', `checksum mismatch for ${url}: expected ${expected}, found ${found}`, { file: base, expected, found });
  }
  return bytes;
}

/** Writes bytes to `<dir>/<name>` atomically (temp file, fsync, rename). */
async function writeAtomic(dir: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const target = join(dir, fileName);
  await writeFileAtomic(target, bytes);
  return target;
}

/**
 * Downloads `<base>.gz` from the dataset's mirrors into its cache, verified before it is renamed
 * into place. Returns the path, or throws (`download` if a mirror served bad content, otherwise
 * `not-found` listing the places looked and why each mirror failed).
 */
async function downloadFile(name: DatasetName, base: string, expected: string, places: SearchPlace[], options: DatasetOptions): Promise<string> {
  const notes: string[] = [];
  let badContent: DataError | null = null;
  for (const mirror of DATASETS[name].mirrors) {
    const url = `${mirror}${base}.gz`;
    try {
      options.log?.(`downloading ${url}`);
      const bytes = await fetchVerified(url, base, expected, options);
      return await writeAtomic(cacheDirFor(name, options), `${base}.gz`, bytes);
    } catch (err) {
      notes.push(`download ${url} failed: ${describe(err)}`);
      if (err instanceof DataError) badContent = err;
    }
  }
  if (badContent) {
    throw new DataError(
      'download',
      `Every download of ${base} failed and at least one mirror served corrupt data; nothing was written to the cache.\n${notes.join('\n')}\nRetry later or put the file in place by hand (see the dataset README).`,
      { file: base, expected: badContent.expected, found: badContent.found },
    );
  }
  throw notFoundError(name, base, places, notes);
}

async function locate(name: DatasetName, base: string, expected: string, options: DatasetOptions, allowDownload: boolean): Promise<string> {
  const places = searchPlaces(name, options);
  const found = await findFile(base, places);
  if (found) return found;
  if (allowDownload && DATASETS[name].mirrors.length > 0) return downloadFile(name, base, expected, places, options);
  throw notFoundError(name, base, places, allowDownload || name === 'synthetic' ? [] : ['download disabled (download: false)']);
}

function checksumError(path: string, expected: string, found: string): DataError {
  return new DataError(
    'checksum',
    `${path}: SHA-256 of the decompressed bytes is ${found}, expected ${expected}. The file is damaged or a different version; delete it and download it again (or restore a good copy).`,
    { file: path, expected, found },
  );
}

async function readVerified(path: string, expected: string, rank: number): Promise<{ array: IdxArray; sha256: string }> {
  const { array, sha256 } = await readIdxFile(path, { rank });
  if (sha256 !== expected) throw checksumError(path, expected, sha256);
  return { array, sha256 };
}

/**
 * Converts uint8 images to float32 value / 255 (exactly numpy's `astype('float32') / 255.`),
 * optionally padding in the same pass so no unpadded float copy is made.
 *
 * @example
 * bytesToImages(new Uint8Array([0, 255, 51, 102]), 1, 2, 2); // Float32Array [0, 1, 0.2, 0.4]
 */
export function bytesToImages(data: Uint8Array, count: number, height: number, width: number, pad?: PadSpec | null): Float32Array {
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v / 255;
  const plan = planPad(height, width, pad ?? { widths: 0, mode: 'constant' });
  const out = new Float32Array(count * plan.outHeight * plan.outWidth);
  return padInto(data.subarray(0, count * height * width), count, plan, out, lut);
}

/**
 * Checks images and labels agree (same count) and returns the first `limit` of each.
 *
 * @example
 * const { images, labels, count } = combineIdx(imagesIdx, labelsIdx, 'img', 'lbl', 100);
 */
export function combineIdx(
  images: IdxArray,
  labels: IdxArray,
  imagesFile: string,
  labelsFile: string,
  limit?: number,
  pad?: PadSpec | null,
): { count: number; height: number; width: number; images: Float32Array; labels: Uint8Array } {
  if (images.dims.length !== 3) {
    throw new IdxError(imagesFile, 'bad-rank', `images must have rank 3 (count x height x width), found ${images.dims.length}. Check you passed the images file.`);
  }
  if (labels.dims.length !== 1) {
    throw new IdxError(labelsFile, 'bad-rank', `labels must have rank 1 (count), found ${labels.dims.length}. Check you passed the labels file.`);
  }
  const [n, h, w] = images.dims;
  if (labels.dims[0] !== n) {
    throw new IdxError(
      labelsFile,
      'dimension-mismatch',
      `${labels.dims[0]} labels but ${imagesFile} has ${n} images; the two files belong to different sets. Replace both with the matching pair.`,
    );
  }
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new ArgumentError(`limit must be a non-negative integer, got ${limit}.`);
  }
  const count = limit === undefined ? n : Math.min(limit, n);
  const plan = planPad(h, w, pad ?? { widths: 0, mode: 'constant' });
  return {
    count,
    height: plan.outHeight,
    width: plan.outWidth,
    images: bytesToImages(images.data, count, h, w, pad),
    labels: labels.data.slice(0, count),
  };
}

/**
 * Loads a split: finds each file (see `searchPlaces`), downloads into the cache when allowed,
 * verifies the SHA-256 of its decompressed bytes against the pinned sum, checks the labels
 * match the images, and returns float32 images (uint8 / 255, NHWC with C = 1).
 *
 * @example
 * const train = await loadDataset('mnist', 'train', { limit: 1000 });
 * train.images.length === 1000 * 28 * 28; // true
 * const padded = await loadDataset('mnist', 'test', { pad: { widths: 2, mode: 'edge' } }); // 32x32
 */
export async function loadDataset(name: DatasetName, split: Split, options: DatasetOptions = {}): Promise<ImageSet> {
  checkName(name);
  if (split !== 'train' && split !== 'test') throw new DataError('not-found', `Unknown split '${String(split)}'. Use 'train' or 'test'.`);
  const sums = await pinnedSums(name);
  const names = DATASETS[name].files[split];
  const allowDownload = options.download ?? true;
  const imagesPath = await locate(name, names.images, sums[names.images], options, allowDownload);
  const labelsPath = await locate(name, names.labels, sums[names.labels], options, allowDownload);
  const labels = await readVerified(labelsPath, sums[names.labels], 1);
  const images = await readVerified(imagesPath, sums[names.images], 3);
  const combined = combineIdx(images.array, labels.array, imagesPath, labelsPath, options.limit, options.pad);
  return {
    dataset: name,
    split,
    ...combined,
    files: [
      { role: 'images', path: imagesPath, sha256: images.sha256 },
      { role: 'labels', path: labelsPath, sha256: labels.sha256 },
    ],
    pad: options.pad ?? null,
  };
}

/**
 * Checks the four files of a dataset without loading them as floats: where each was found,
 * its expected and found SHA-256 of decompressed bytes, ok or not (for `data verify`).
 * Downloads only when `options.download` is true.
 *
 * @example
 * const rows = await verifyDataset('mnist');
 * rows.every((r) => r.ok); // true when all four files are present and intact
 */
export async function verifyDataset(name: DatasetName, options: DatasetOptions = {}): Promise<VerifyRow[]> {
  checkName(name);
  const sums = await pinnedSums(name);
  const rows: VerifyRow[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const role of ['images', 'labels'] as const) {
      const file = DATASETS[name].files[split][role];
      const expected = sums[file] ?? '';
      rows.push(await verifyOne(name, file, expected, role === 'images' ? 3 : 1, options));
    }
  }
  return rows;
}

async function verifyOne(name: DatasetName, file: string, expected: string, rank: number, options: DatasetOptions): Promise<VerifyRow> {
  let path: string | null = null;
  try {
    path = await locate(name, file, expected, options, options.download ?? false);
    const { sha256 } = await readIdxFile(path, { rank });
    return { file, path, expected, found: sha256, ok: sha256 === expected, ...(sha256 === expected ? {} : { error: checksumError(path, expected, sha256).message }) };
  } catch (err) {
    return { file, path, expected, found: null, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
