// Benchmark of `analyze` on a large open-format experiment (issue 26). Generates, in a temp folder (removed after
// unless --keep), an experiment of 2 variants (S x S unpadded and edge-padded to S+4) x 2 seeds of N RGB float32
// images (targets + predictions .npy), times `boundary-effects analyze DIR --json` in a child process (its own code
// path, scripts/analyze-with-rss.ts) and reports MB/s of array data and peak RSS. When /usr/bin/python3 has NumPy,
// the same files are read by the NumPy reference of the issue (np.load(mmap_mode='r'), chunks of 200 images,
// per-pixel mean BCE map in float64) in the same run, and the ratio is printed. With --sparse-gb G (> 0), a second
// experiment of one run whose .npy files are G GB each (sparse: zeros, no disk) is analysed too.
// Usage: npm run bench:analysis -- [--images 2000] [--size 128] [--repeats 1] [--sparse-gb 5] [--workers N] [--keep]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeGeneratedExperiment } from './generate-open-experiment.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const images = arg('images', 2000);
const size = arg('size', 128);
const repeats = arg('repeats', 1);
const sparseGb = arg('sparse-gb', 5);
const workers = arg('workers', 0);
const keep = process.argv.includes('--keep');
const PYTHON = '/usr/bin/python3';

// The NumPy reference: every run, chunks of 200 images through mmap, float64 BCE (Keras clip), mean over
// channels, summed into the per-pixel map. Prints seconds and peak RSS (MB) as JSON.
const NUMPY_REFERENCE = String.raw`
import json, resource, sys, time
import numpy as np
runs = sys.argv[1:]
start = time.time()
for d in runs:
    t = np.load(d + '/targets.npy', mmap_mode='r'); p = np.load(d + '/predictions.npy', mmap_mode='r')
    acc = np.zeros(t.shape[1:3])
    for s in range(0, t.shape[0], 200):
        tt = t[s:s + 200].astype(np.float64); q = np.clip(p[s:s + 200].astype(np.float64), 1e-7, 1 - 1e-7)
        l = -(tt * np.log(q) + (1 - tt) * np.log1p(-q))
        acc += (l.mean(axis=3) if l.ndim == 4 else l).sum(axis=0)
    acc /= t.shape[0]
print(json.dumps(dict(seconds=time.time() - start, peakRssMB=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)))
`;

interface Timing {
  seconds: number;
  peakRssMB: number;
}

function parseTiming(stdout: string, what: string): Timing & { code?: number; error?: string | null } {
  const line = stdout.trim().split('\n').pop() ?? '';
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null || !('seconds' in value) || !('peakRssMB' in value)) throw new Error(`${what}: unexpected output ${line}`);
  const code = 'code' in value ? Number(value.code) : undefined;
  const error = 'error' in value && typeof value.error === 'string' ? value.error : null;
  return { seconds: Number(value.seconds), peakRssMB: Number(value.peakRssMB), ...(code === undefined ? {} : { code }), error };
}

function analyze(dir: string): Timing & { code?: number; error?: string | null } {
  const args = ['--import', 'tsx', 'scripts/analyze-with-rss.ts', dir, ...(workers > 0 ? ['--workers', String(workers)] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`analyze child failed (${String(r.status)}): ${r.stderr}`);
  return parseTiming(r.stdout, 'analyze');
}

function numpyReference(runDirs: string[]): Timing | null {
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import numpy']).status !== 0) return null;
  const r = spawnSync(PYTHON, ['-c', NUMPY_REFERENCE, ...runDirs], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`NumPy reference failed: ${r.stderr}`);
  return parseTiming(r.stdout, 'numpy');
}

function freeBytes(dir: string): number {
  const s = statfsSync(dir);
  return s.bavail * s.bsize;
}

const rows: Array<Record<string, string | number | null>> = [];
function report(name: string, dataBytes: number, ours: Timing & { code?: number }, numpy: Timing | null): void {
  const mbps = (t: Timing) => dataBytes / 1e6 / t.seconds;
  rows.push({
    experiment: name,
    dataMB: Math.round(dataBytes / 1e6),
    exit: ours.code ?? null,
    seconds: Number(ours.seconds.toFixed(2)),
    'MB/s': Number(mbps(ours).toFixed(0)),
    peakRssMB: Number(ours.peakRssMB.toFixed(0)),
    numpySeconds: numpy === null ? null : Number(numpy.seconds.toFixed(2)),
    'numpy MB/s': numpy === null ? null : Number(mbps(numpy).toFixed(0)),
    numpyPeakRssMB: numpy === null ? null : Number(numpy.peakRssMB.toFixed(0)),
    ratio: numpy === null ? null : Number((mbps(ours) / mbps(numpy)).toFixed(2)),
  });
}

const root = mkdtempSync(path.join(tmpdir(), 'be-bench-analysis-'));
try {
  const denseBytes = 2 * 2 * 2 * images * 3 * 4 * ((size + 4) * (size + 4));
  if (freeBytes(root) < denseBytes * 1.1) throw new Error(`${root}: needs ${(denseBytes / 1e9).toFixed(1)} GB free; pass a smaller --images`);
  const dense = path.join(root, 'dense');
  const bytes = writeGeneratedExperiment({ dir: dense, images, size, channels: 3, seeds: 2, kind: 'dense' });
  const runDirs = ['plain/seed-1', 'plain/seed-2', 'edge/seed-1', 'edge/seed-2'].map((d) => path.join(dense, d));
  for (let r = 0; r < repeats; r++) {
    // alternate, so both see the same page cache and machine load
    const ours = analyze(dense);
    const numpy = numpyReference(runDirs);
    report(`${images} x ${size}x${size}x3 (+ edge ${size + 4}), 2 variants x 2 seeds`, bytes, ours, numpy);
  }
  if (sparseGb > 0) {
    const perImage = size * size * 3 * 4;
    const sparseImages = Math.ceil((sparseGb * 1e9) / perImage);
    const sparse = path.join(root, 'sparse');
    const sparseBytes = writeGeneratedExperiment({ dir: sparse, images: sparseImages, size, channels: 3, seeds: 1, kind: 'sparse' });
    const ours = analyze(sparse);
    report(`sparse: one run, ${sparseImages} x ${size}x${size}x3, ${(sparseBytes / 2e9).toFixed(1)} GB per .npy`, sparseBytes, ours, numpyReference([path.join(sparse, 'plain/seed-1')]));
  }
  console.log(JSON.stringify({ node: process.version, cores: spawnSync('nproc', { encoding: 'utf8' }).stdout.trim(), loadAverage: spawnSync('cat', ['/proc/loadavg'], { encoding: 'utf8' }).stdout.trim(), rows }, null, 2));
  console.table(rows);
} finally {
  if (keep) console.error(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
