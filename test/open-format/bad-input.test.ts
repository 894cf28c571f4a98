import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { OpenFormatError, parseNpy, parseNpz, readOpenExperiment, summaryBlocker, type OpenFormatErrorCode } from '../../src/open-format/index.js';
import { findPython, runPython } from './python.js';

const python = findPython(['numpy']);
const root = mkdtempSync(path.join(tmpdir(), 'be-open-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a small valid experiment (2 variants x 2 seeds, 3 test images of 4x5 / 6x7) with numpy. */
function writeExperiment(dir: string): void {
  runPython(
    python ?? 'python3',
    `
import json, os, sys
d = sys.argv[1]
rng = np.random.default_rng(0)
def run(name, seed, h, w):
    os.makedirs(os.path.join(d, name), exist_ok=True)
    # b's targets are the 4x5 original padded as its manifest says (np.pad, mode 'constant')
    pt, pb, pl, pr = (0, 0, 0, 0) if h == 4 else (1, 1, 2, 0)
    t = np.pad(rng.uniform(0, 1, (3, 4, 5)), ((0, 0), (pt, pb), (pl, pr)), mode='constant').astype(np.float32)
    p = rng.uniform(0.05, 0.95, (3, h, w)).astype(np.float32)
    np.save(os.path.join(d, name, f't{seed}.npy'), t)
    np.save(os.path.join(d, name, f'p{seed}.npy'), p)
    return {'seed': seed, 'files': {'targets': f'{name}/t{seed}.npy', 'predictions': f'{name}/p{seed}.npy'}}
m = {'format': 'boundary-effects/open-experiment', 'version': 1, 'question': 'q', 'dataset': {'name': 'toy'},
     'loss': 'bce', 'edgeWidth': 1, 'reference': 'a',
     'variants': [
        {'id': 'a', 'height': 4, 'width': 5, 'pads': {'top': 0, 'bottom': 0, 'left': 0, 'right': 0}, 'runs': [run('a', 1, 4, 5), run('a', 2, 4, 5)]},
        {'id': 'b', 'height': 6, 'width': 7, 'padMode': 'constant', 'pads': {'top': 1, 'bottom': 1, 'left': 2, 'right': 0}, 'runs': [run('b', 2, 6, 7), run('b', 3, 6, 7)]}],
     'comparisons': [{'a': 'a', 'b': 'b'}]}
json.dump(m, open(os.path.join(d, 'manifest.json'), 'w'))
`,
    [dir],
  );
}

let dir = '';
let counter = 0;
beforeEach(() => {
  dir = path.join(root, `e${counter++}`);
  mkdirSync(dir);
});

async function expectOpenError(promise: Promise<unknown>, code: OpenFormatErrorCode, file: RegExp, message: RegExp): Promise<void> {
  const error: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(OpenFormatError);
  if (!(error instanceof OpenFormatError)) return;
  expect(error.code).toBe(code);
  expect(error.file).toMatch(file);
  expect(error.message).toMatch(message);
}

function editManifest(edit: (m: Record<string, unknown>) => void): void {
  const file = path.join(dir, 'manifest.json');
  const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new Error('manifest is not an object');
  const m: Record<string, unknown> = { ...json };
  edit(m);
  writeFileSync(file, JSON.stringify(m));
}

describe.skipIf(python === null)('open format: bad input is a clear error naming the file (python3-numpy writes the files)', () => {
  it('reads the valid toy experiment and pairs seeds by id (a: 1, 2; b: 2, 3 -> pair 2)', async () => {
    writeExperiment(dir);
    const e = await readOpenExperiment(dir);
    expect(e.runs).toHaveLength(4);
    expect(e.description.comparisons[0].pairedSeeds).toEqual([2]);
    expect(e.description.variants.map((v) => v.seeds)).toEqual([[1, 2], [2, 3]]);
    // non-square variants are summarised too, with their general geometry rather than a square-only size/pad
    expect(summaryBlocker(e)).toBeNull();
  });

  it('truncated .npy', async () => {
    writeExperiment(dir);
    const file = path.join(dir, 'a', 't1.npy');
    const bytes = readFileSync(file);
    writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    await expectOpenError(readOpenExperiment(dir), 'npy-truncated', /a\/t1\.npy$/, /the file is truncated/);
    writeFileSync(file, bytes.subarray(0, 40)); // cut inside the header
    await expectOpenError(readOpenExperiment(dir), 'npy-truncated', /a\/t1\.npy$/, /truncated inside its header/);
  });

  it('unsupported dtype (int64)', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; np.save(sys.argv[1], np.zeros((3, 4, 5), dtype=np.int64))', [path.join(dir, 'a', 'p1.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'npy-dtype', /a\/p1\.npy$/, /dtype '<i8'; only float16, float32 and float64/);
  });

  it('big-endian arrays are rejected', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', "import sys; np.save(sys.argv[1], np.full((3, 4, 5), 0.5, dtype='>f4'))", [path.join(dir, 'a', 'p1.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'npy-byte-order', /a\/p1\.npy$/, /big-endian .* rejected; save it little-endian/);
  });

  it('Fortran-order arrays are converted to C order (same values as numpy reads)', () => {
    const file = path.join(dir, 'f.npy');
    runPython(python ?? 'python3', 'import sys; np.save(sys.argv[1], np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)))', [file]);
    expect(readFileSync(file, 'latin1')).toContain("'fortran_order': True");
    const a = parseNpy(readFileSync(file), file);
    expect(a.convertedFromFortran).toBe(true);
    expect(a.shape).toEqual([2, 3, 4]);
    expect(Array.from(a.data)).toEqual(Array.from({ length: 24 }, (_, i) => i)); // C order of arange(24).reshape(2,3,4)
  });

  it('npz written by numpy (zip64 headers) is read; a damaged one is an error', () => {
    const file = path.join(dir, 'r.npz');
    runPython(python ?? 'python3', 'import sys; np.savez(sys.argv[1], targets=np.linspace(0, 1, 6, dtype=np.float32).reshape(1, 2, 3), predictions=np.full((1, 2, 3), 0.5))', [file]);
    const arrays = parseNpz(readFileSync(file), file);
    expect([...arrays.keys()].sort()).toEqual(['predictions', 'targets']);
    expect(Array.from(arrays.get('targets')?.data ?? [])).toEqual(Array.from(new Float32Array([0, 0.2, 0.4, 0.6, 0.8, 1])));
    const bytes = readFileSync(file);
    expect(() => parseNpz(bytes.subarray(0, bytes.length - 30), file)).toThrow(OpenFormatError);
  });

  it('shape mismatch between targets and predictions', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; np.save(sys.argv[1], np.full((2, 4, 5), 0.5, dtype=np.float32))', [path.join(dir, 'a', 'p1.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'shape', /a\/p1\.npy$/, /has shape \(2, 4, 5\), but the targets .*a\/t1\.npy have \(3, 4, 5\)/);
  });

  it('shape mismatch against the variant geometry', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; np.save(sys.argv[1], np.full((3, 5, 4), 0.5, dtype=np.float32))', [path.join(dir, 'a', 't1.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'shape', /a\/t1\.npy$/, /variant 'a' needs \(N, 4, 5\)/);
  });

  it('shape mismatch between runs (a different number of test images)', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; np.save(sys.argv[1], np.full((2, 6, 7), 0.5, dtype=np.float32)); np.save(sys.argv[2], np.full((2, 6, 7), 0.5, dtype=np.float32))', [
      path.join(dir, 'b', 't3.npy'),
      path.join(dir, 'b', 'p3.npy'),
    ]);
    await expectOpenError(readOpenExperiment(dir), 'shape', /b\/t3\.npy$/, /holds 2 test images, but .*a\/t1\.npy holds 3/);
  });

  it('NaN in predictions', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; a = np.full((3, 4, 5), 0.5, dtype=np.float32); a[1, 2, 3] = np.nan; np.save(sys.argv[1], a)', [path.join(dir, 'a', 'p2.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/p2\.npy$/, /has NaN at flat index 33/);
  });

  it('NaN or negative values in a loss map', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; a = np.full((4, 5), 0.1); a[2, 1] = -0.01; np.save(sys.argv[1], a)', [path.join(dir, 'a', 'map.npy')]);
    editManifest((m) => {
      const variants = m.variants;
      if (!Array.isArray(variants)) throw new Error('no variants');
      variants[0].runs[0].files = { lossMap: 'a/map.npy' };
    });
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/map\.npy$/, /has -0\.01 at row 2, column 1; a loss map must hold finite, non-negative losses/);
    runPython(python ?? 'python3', 'import sys; a = np.full((4, 5), 0.1); a[0, 4] = np.nan; np.save(sys.argv[1], a)', [path.join(dir, 'a', 'map.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/map\.npy$/, /has NaN at row 0, column 4/);
  });

  it('a manifest naming a missing file', async () => {
    writeExperiment(dir);
    rmSync(path.join(dir, 'b', 'p3.npy'));
    await expectOpenError(readOpenExperiment(dir), 'missing-file', /b\/p3\.npy$/, /named in .*manifest\.json \(variant 'b', seed 3, predictions\) but does not exist/);
  });

  it('no unpadded reference for a comparison', async () => {
    writeExperiment(dir);
    editManifest((m) => {
      delete m.reference;
    });
    await expectOpenError(readOpenExperiment(dir), 'reference', /manifest\.json$/, /names no unpadded reference variant/);
    editManifest((m) => {
      m.reference = 'b';
    });
    await expectOpenError(readOpenExperiment(dir), 'reference', /manifest\.json$/, /reference variant 'b' is padded/);
  });

  it('a comparison whose variants share no seed id', async () => {
    writeExperiment(dir);
    editManifest((m) => {
      const variants = m.variants;
      if (!Array.isArray(variants)) throw new Error('no variants');
      variants[1].runs = [variants[1].runs[1]]; // b keeps only seed 3; a has 1 and 2
    });
    await expectOpenError(readOpenExperiment(dir), 'reference', /manifest\.json$/, /no seed id in common \(a: 1, 2; b: 3\)/);
  });

  it('a manifest field of the wrong type names the field', async () => {
    writeExperiment(dir);
    editManifest((m) => {
      m.loss = 'cross-entropy';
    });
    await expectOpenError(readOpenExperiment(dir), 'manifest', /manifest\.json$/, /field 'loss' must be one of 'bce', 'mse', 'l1'/);
  });
});
