// The streaming reader: every statistic of a run from one pass over its arrays in chunks of images. NumPy writes
// the same run as .npy (float32, float16, float64, Fortran order) and as .npz (stored and deflated) and computes the
// expected loss map, per-channel means, floors and intensity-bin counts on its own; the reader must give the same
// bits for every chunk size (1 image, odd sizes, all) and every file form, and match NumPy to 1e-12.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRunData, type RunData, type RunDataFiles } from '../../src/open-format/read-run-data.js';
import type { OpenRunGeometry } from '../../src/open-format/run-from-arrays.js';
import { findPython, runPython } from './python.js';

const python = findPython(['numpy']);
const dir = mkdtempSync(path.join(tmpdir(), 'be-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// N = 9 RGB images of 4x5 reflect-padded by 1 on every side (6x7), BCE. Targets are grey levels k/255 with exact
// 0 and 1; predictions are probabilities including exact 0 and 1 (clipped by the loss).
const WRITE = String.raw`
import json, os, sys
d = sys.argv[1]
rng = np.random.default_rng(26)
N, H0, W0, C = 9, 4, 5, 3
orig = (rng.integers(0, 256, (N, H0, W0, C)) / 255.0)
orig[:, 0, :, :] = 0.0
orig[:, 1, 0, :] = 1.0
t = np.pad(orig, ((0, 0), (1, 1), (1, 1), (0, 0)), mode='reflect')
p = 1 / (1 + np.exp(-rng.normal(0, 3, t.shape)))
p[0, 0, 0, 0] = 0.0; p[1, 2, 3, 1] = 1.0
t32, p32 = t.astype(np.float32), p.astype(np.float32)
np.save(os.path.join(d, 't.npy'), t32); np.save(os.path.join(d, 'p.npy'), p32)
np.save(os.path.join(d, 'i.npy'), (t32 + rng.normal(0, 0.5, t.shape)).astype(np.float32))
np.save(os.path.join(d, 't16.npy'), t.astype(np.float16)); np.save(os.path.join(d, 'p16.npy'), p.astype(np.float16))
np.save(os.path.join(d, 't64.npy'), t); np.save(os.path.join(d, 'p64.npy'), p)
np.save(os.path.join(d, 'tF.npy'), np.asfortranarray(t32)); np.save(os.path.join(d, 'pF.npy'), np.asfortranarray(p32))
np.savez(os.path.join(d, 'stored.npz'), targets=t32, predictions=p32)
np.savez_compressed(os.path.join(d, 'deflated.npz'), targets=t32, predictions=p32)
def expected(tt, pp):
    tt, pp = tt.astype(np.float64), pp.astype(np.float64)
    q = np.clip(pp, 1e-7, 1 - 1e-7)
    l = -(np.where(tt != 0, tt * np.log(q), 0) + np.where(tt != 1, (1 - tt) * np.log1p(-q), 0))
    h = np.where((tt > 0) & (tt < 1), -(tt * np.log(np.where(tt > 0, tt, 1)) + (1 - tt) * np.log1p(-np.where(tt < 1, tt, 0))), 0)
    m = tt.mean(axis=3)
    edges = np.array([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1])
    b = np.where(m == 0, 0, np.where(m == 1, 11, np.searchsorted(edges, m, side='left')))
    counts = np.zeros((12,) + m.shape[1:])
    for k in range(12): counts[k] = (b == k).sum(axis=0)
    return dict(lossMap=l.mean(axis=3).mean(axis=0).ravel().tolist(), channelMeanLoss=l.mean(axis=(0, 1, 2)).tolist(),
                channelMeanFloor=h.mean(axis=(0, 1, 2)).tolist(), counts=counts.ravel().tolist())
print(json.dumps(dict(f32=expected(t32, p32), f16=expected(t.astype(np.float16), p.astype(np.float16)), f64=expected(t, p))))
`;

const geometry: OpenRunGeometry = {
  variant: 'reflect6x7',
  seed: 1,
  height: 6,
  width: 7,
  channels: 3,
  pads: { top: 1, bottom: 1, left: 1, right: 1 },
  lossRegion: 'all',
  loss: 'bce',
  finalTrainLoss: null,
  padMode: 'reflect',
};

interface Expected {
  lossMap: number[];
  channelMeanLoss: number[];
  channelMeanFloor: number[];
  counts: number[];
}
let expected: { f32: Expected; f16: Expected; f64: Expected } | null = null;

beforeAll(() => {
  if (python !== null) expected = JSON.parse(runPython(python, WRITE, [dir])) as { f32: Expected; f16: Expected; f64: Expected };
});

function read(files: RunDataFiles, chunkImages?: number): RunData {
  return readRunData({ geometry, files, sampleCount: 2, source: 'test', ...(chunkImages === undefined ? {} : { chunkImages }) });
}

const npy = (t: string, p: string, i: string | null = null): RunDataFiles => ({ kind: 'predictions', targets: path.join(dir, t), predictions: path.join(dir, p), inputs: i === null ? null : path.join(dir, i) });

/** Every number the run carries, as exact bits (toEqual on plain arrays compares numbers with Object.is). */
function numbers(r: RunData): unknown {
  return {
    map: Array.from(r.record.lossMap.values),
    test: r.record.finalTestLoss,
    count: Array.from(r.record.intensity?.count ?? []),
    lossSum: Array.from(r.record.intensity?.lossSum ?? []),
    floorSum: Array.from(r.record.intensity?.floorSum ?? []),
    channelMeanLoss: r.details.channelMeanLoss,
    channelMeanFloor: r.details.channelMeanFloor,
    samples: r.record.samples,
  };
}

function expectClose(actual: ArrayLike<number>, want: number[], tolerance: number): void {
  expect(actual.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) expect(Math.abs(actual[i] - want[i])).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(want[i])));
}

describe.skipIf(python === null)('streaming .npy/.npz reader (NumPy writes the files and the expected numbers)', () => {
  it('gives the same bits for every chunk size: 1 image, odd sizes, all 9, the default', () => {
    const reference = numbers(read(npy('t.npy', 'p.npy', 'i.npy'), 9));
    for (const chunk of [1, 2, 3, 4, 5, 7, 8, undefined]) expect(numbers(read(npy('t.npy', 'p.npy', 'i.npy'), chunk))).toEqual(reference);
  });

  it('matches NumPy (float64) for float32, float16 and float64 files', () => {
    if (expected === null) throw new Error('no expected numbers');
    for (const [t, p, want] of [
      ['t.npy', 'p.npy', expected.f32],
      ['t16.npy', 'p16.npy', expected.f16],
      ['t64.npy', 'p64.npy', expected.f64],
    ] as const) {
      const r = read(npy(t, p), 4);
      expectClose(r.record.lossMap.values, want.lossMap, 1e-12);
      expectClose(r.details.channelMeanLoss ?? [], want.channelMeanLoss, 1e-12);
      expectClose(r.details.channelMeanFloor ?? [], want.channelMeanFloor, 1e-12);
      expect(Array.from(r.record.intensity?.count ?? [])).toEqual(want.counts);
      expect(r.details.images).toBe(9);
    }
  });

  it('reads the same numbers from a stored .npz, a deflated .npz and Fortran-order .npy files, in any chunk size', () => {
    const reference = numbers(read(npy('t.npy', 'p.npy'), 9));
    for (const chunk of [1, 3, 9]) {
      expect(numbers(read({ kind: 'npz', npz: path.join(dir, 'stored.npz') }, chunk))).toEqual(reference);
      expect(numbers(read({ kind: 'npz', npz: path.join(dir, 'deflated.npz') }, chunk))).toEqual(reference);
      const fortran = read(npy('tF.npy', 'pF.npy'), chunk);
      expect(numbers(fortran)).toEqual(reference);
      expect(fortran.details.convertedFromFortran).toEqual([path.join(dir, 'tF.npy'), path.join(dir, 'pF.npy')]);
    }
  });

  it('keeps the first images as samples, with their noisy inputs', () => {
    const r = read(npy('t.npy', 'p.npy', 'i.npy'), 1);
    const t = readFileSync(path.join(dir, 't.npy'));
    const values = new Float32Array(t.buffer.slice(t.byteOffset + t.length - 9 * 126 * 4, t.byteOffset + t.length));
    expect(r.record.samples?.map((s) => s.index)).toEqual([0, 1]);
    expect(r.record.samples?.[1].target).toEqual(Array.from(values.subarray(126, 252)));
    expect(r.record.samples?.[0].noisy).toHaveLength(126);
  });
});
