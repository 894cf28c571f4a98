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

  it('BCE predictions outside [0, 1] are named as logits, with what to do', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; a = np.full((3, 4, 5), 0.5, dtype=np.float32); a[2, 0, 1] = -2.5; np.save(sys.argv[1], a)', [path.join(dir, 'a', 'p1.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/p1\.npy$/, /has -2\.5 at flat index 41 \(image 2, row 0, column 1\); .*look like logits.*torch\.sigmoid/);
    runPython(python ?? 'python3', 'import sys; a = np.full((3, 4, 5), 0.5, dtype=np.float32); a[0, 3, 4] = np.inf; np.save(sys.argv[1], a)', [path.join(dir, 'a', 'p1.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/p1\.npy$/, /has Infinity at flat index 19 .*look like logits/);
  });

  it('targets outside [0, 1] say how to scale them', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; a = np.full((3, 4, 5), 0.5, dtype=np.float32); a[1, 0, 0] = 255; np.save(sys.argv[1], a)', [path.join(dir, 'a', 't2.npy')]);
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/t2\.npy$/, /has 255 at flat index 20 \(image 1, row 0, column 0\); .*unscaled \(0-255\).*scale the targets to \[0, 1\]/);
  });

  it('targets whose pad is not what the declared np.pad mode makes', async () => {
    writeExperiment(dir);
    // b is declared constant-padded: every image must hold the same pad values; image 2 differs at row 5, column 0
    runPython(
      python ?? 'python3',
      "import sys; a = np.pad(np.full((3, 4, 5), 0.5), ((0, 0), (1, 1), (2, 0)), mode='constant').astype(np.float32); a[2, 5, 0] = 0.25; np.save(sys.argv[1], a)",
      [path.join(dir, 'b', 't2.npy')],
    );
    await expectOpenError(
      readOpenExperiment(dir),
      'value',
      /b\/t2\.npy$/,
      /has 0\.25 at pad pixel flat index 119 \(image 2, row 5, column 0\), but np\.pad\(mode='constant'\) .* gives the same constant as image 0 there \(0\); .*fix the variant's padMode or pads/,
    );
    // declared 'edge' while the targets are zero-padded
    runPython(python ?? 'python3', "import sys; np.save(sys.argv[1], np.pad(np.full((3, 4, 5), 0.5), ((0, 0), (1, 1), (2, 0))).astype(np.float32))", [path.join(dir, 'b', 't2.npy')]);
    editManifest((m) => {
      const variants = m.variants;
      if (!Array.isArray(variants)) throw new Error('no variants');
      variants[1].padMode = 'edge';
    });
    await expectOpenError(readOpenExperiment(dir), 'value', /b\/t2\.npy$/, /has 0 at pad pixel flat index 0 \(image 0, row 0, column 0\), but np\.pad\(mode='edge'\) .* gives 0\.5, copied from \(image 0, row 1, column 2\)/);
  });

  it('non-finite noisy inputs', async () => {
    writeExperiment(dir);
    runPython(python ?? 'python3', 'import sys; a = np.full((3, 4, 5), 0.5, dtype=np.float32); a[0, 1, 1] = -np.inf; np.save(sys.argv[1], a)', [path.join(dir, 'a', 'i1.npy')]);
    editManifest((m) => {
      const variants = m.variants;
      if (!Array.isArray(variants)) throw new Error('no variants');
      variants[0].runs[0].files.inputs = 'a/i1.npy';
    });
    await expectOpenError(readOpenExperiment(dir), 'value', /a\/i1\.npy$/, /has -Infinity at flat index 6 \(image 0, row 1, column 1\); noisy inputs must be finite/);
  });

  it('an .npz member larger or smaller than its .npy header declares, stored or deflated, also when the zip directory agrees with the header', async () => {
    writeExperiment(dir);
    editManifest((m) => {
      const variants = m.variants;
      if (!Array.isArray(variants)) throw new Error('no variants');
      variants[0].runs[0].files = { npz: 'a/run.npz' };
    });
    const npz = path.join(dir, 'a', 'run.npz');
    // argv: out, compression (0 stored / 8 deflated), extra bytes (negative: cut), patch the directory's size to the header's
    const write = (method: number, extra: number, patchDirectory: boolean) =>
      runPython(
        python ?? 'python3',
        String.raw`
import io, sys, zipfile
out, method, extra, patch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == '1'
def npy(a):
    b = io.BytesIO(); np.save(b, a); return b.getvalue()
t = npy(np.full((3, 4, 5), 0.5, dtype=np.float32))
bad = t[:extra] if extra < 0 else t + b'\0' * extra
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED if method == 8 else zipfile.ZIP_STORED) as z:
    z.writestr('targets.npy', bad)
    z.writestr('predictions.npy', npy(np.full((3, 4, 5), 0.25, dtype=np.float32)))
if patch:
    data = bytearray(open(out, 'rb').read())
    at = data.index(b'PK\x01\x02')  # the first directory entry: targets.npy
    data[at + 24:at + 28] = len(t).to_bytes(4, 'little')
    open(out, 'wb').write(bytes(data))
`,
        [npz, String(method), String(extra), patchDirectory ? '1' : '0'],
      );
    for (const method of [0, 8]) {
      write(method, -8, false);
      await expectOpenError(readOpenExperiment(dir), 'npy-truncated', /a\/run\.npz:targets\.npy$/, /holds 232 data bytes but its shape \(3, 4, 5\) of '<f4' needs 240 \(the file is truncated\)/);
      write(method, 8, false);
      await expectOpenError(readOpenExperiment(dir), 'npy-truncated', /a\/run\.npz:targets\.npy$/, /holds 248 data bytes .* needs 240 \(extra bytes at the end\)/);
    }
    // the directory claims the header's size, but the deflated stream holds less or more
    write(8, -8, true);
    await expectOpenError(readOpenExperiment(dir), 'npy-truncated', /a\/run\.npz:targets\.npy$/, /holds 232 data bytes .* needs 240 \(the file is truncated\)/);
    write(8, 8, true);
    await expectOpenError(readOpenExperiment(dir), 'npy-truncated', /a\/run\.npz:targets\.npy$/, /holds more data than its header's shape \(3, 4, 5\) of '<f4' declares \(240 bytes\)/);
    // an archive cut short has no end record
    write(8, 0, false);
    await readOpenExperiment(dir);
    const whole = readFileSync(npz);
    writeFileSync(npz, whole.subarray(0, whole.length - 30));
    await expectOpenError(readOpenExperiment(dir), 'npz', /a\/run\.npz$/, /not a readable \.npz \(zip\) archive: no end-of-archive record/);
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
