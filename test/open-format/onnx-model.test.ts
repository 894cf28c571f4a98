// ONNX model variants: the tool runs a model itself on a test set (tiny committed models, fixtures/onnx/, made by
// scripts/make-onnx-fixtures.py) and scores it as it scores arrays. Checked against a NumPy forward pass of the same
// weights (fixtures/onnx/denoise-weights.npz), and each bad model is a clear error with its exit code.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dump } from 'npyjs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random.js';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { loadOnnxRuntime } from '../../src/onnx/runtime.js';
import { OnnxRuntimeError } from '../../src/onnx/errors.js';
import { noiseOriginalFirst } from '../../src/open-format/model-test-set.js';
import { readOpenExperiment } from '../../src/open-format/index.js';
import { ablateModels } from '../../src/open-format/model-ablation.js';
import { cli, REPO_ROOT } from '../cli/helpers.js';
import { findPython, runPython } from './python.js';

const FIXTURES = path.join(REPO_ROOT, 'fixtures', 'onnx');
const python = findPython(['numpy']);
const root = mkdtempSync(path.join(tmpdir(), 'be-onnx-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const COUNT = 6;
const SIZE = 28;

/** Clean images in [0, 1] with exact 0s and 1s (blobs on a dark ground), and noisy copies, from a seeded generator. */
function images(): { clean: Float32Array; noisy: Float32Array } {
  const rng = createRng(11);
  const clean = new Float32Array(COUNT * SIZE * SIZE);
  const noisy = new Float32Array(clean.length);
  for (let i = 0; i < clean.length; i++) {
    const u = rng.uniform();
    clean[i] = u < 0.6 ? 0 : u > 0.9 ? 1 : (u - 0.6) / 0.3;
    const v = clean[i] + 0.5 * rng.normal();
    noisy[i] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  return { clean, noisy };
}

interface VariantSpec {
  id: string;
  pad: number;
  mode?: string;
  model: string;
}

let counter = 0;
/** An experiment folder whose runs name ONNX models; returns the folder. */
function experiment(variants: VariantSpec[], extra: Record<string, unknown> = {}): string {
  const dir = path.join(root, `e${counter++}`);
  mkdirSync(path.join(dir, 'models'), { recursive: true });
  const { clean, noisy } = images();
  writeFileSync(path.join(dir, 'clean.npy'), new Uint8Array(dump(clean, [COUNT, SIZE, SIZE])));
  writeFileSync(path.join(dir, 'noisy.npy'), new Uint8Array(dump(noisy, [COUNT, SIZE, SIZE])));
  for (const v of variants) copyFileSync(path.join(FIXTURES, v.model), path.join(dir, 'models', v.model));
  const manifest = {
    format: 'boundary-effects/open-experiment',
    version: 1,
    question: 'Does the tiny denoiser gain from a pad?',
    dataset: { name: 'toy', label: `${COUNT} toy images` },
    loss: 'bce',
    reference: variants[0]?.id,
    testSet: { images: 'clean.npy' },
    corruption: { inputs: 'noisy.npy' },
    variants: variants.map((v) => ({
      id: v.id,
      height: SIZE + 2 * v.pad,
      width: SIZE + 2 * v.pad,
      pads: { top: v.pad, bottom: v.pad, left: v.pad, right: v.pad },
      ...(v.pad > 0 ? { padMode: v.mode ?? 'edge' } : {}),
      runs: [{ seed: 1, model: `models/${v.model}` }],
    })),
    comparisons: variants.length > 1 ? [{ a: variants[0]?.id, b: variants[1]?.id }] : [],
    ...extra,
  };
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const pair = (model = 'denoise.onnx', second = model): VariantSpec[] => [
  { id: 'base28', pad: 0, model },
  { id: 'edge32', pad: 2, model: second },
];

describe.skipIf(python === null)('ONNX runs against a NumPy forward pass of the same weights', () => {
  it.each(['edge', 'constant', 'reflect'])('loss maps of an unpadded and a %s-padded variant equal NumPy\'s to 1e-6', async (mode) => {
    const dir = experiment([{ id: 'base28', pad: 0, model: 'denoise.onnx' }, { id: 'pad32', pad: 2, mode, model: 'denoise.onnx' }]);
    const experimentRead = await readOpenExperiment(dir);
    const out = runPython(
      python ?? 'python3',
      `
import json, sys
d, fixtures, mode = sys.argv[1], sys.argv[2], sys.argv[3]
w = np.load(fixtures + '/denoise-weights.npz')
def conv(x, k, b):  # x (N, Cin, H, W), 'same' 3x3 convolution with zero padding, float64
    n, cin, h, wd = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    out = np.zeros((n, k.shape[0], h, wd))
    for dy in range(3):
        for dx in range(3):
            out += np.einsum('nchw,oc->nohw', xp[:, :, dy:dy + h, dx:dx + wd], k[:, :, dy, dx])
    return out + b[None, :, None, None]
clean = np.load(d + '/clean.npy').astype(np.float64)
noisy = np.load(d + '/noisy.npy').astype(np.float64)
maps = {}
for name, pad in (('base28', 0), ('pad32', 2)):
    p = lambda a: np.pad(a, ((0, 0), (pad, pad), (pad, pad)), mode=mode if pad else 'constant')
    x, t = p(noisy)[:, None], p(clean)
    h = np.maximum(conv(x, w['a.weight'], w['a.bias']), 0)
    y = 1 / (1 + np.exp(-conv(h, w['b.weight'], w['b.bias'])))[:, 0]
    y = np.clip(y.astype(np.float32).astype(np.float64), 1e-7, 1 - 1e-7)
    maps[name] = (-(t * np.log(y) + (1 - t) * np.log1p(-y))).mean(axis=0).ravel().tolist()
print(json.dumps(maps))
`,
      [dir, FIXTURES, mode],
    );
    const parsed: unknown = JSON.parse(out);
    const want = new Map(Object.entries(parsed !== null && typeof parsed === 'object' ? parsed : {}));
    expect(experimentRead.runs.map((r) => r.variant)).toEqual(['base28', 'pad32']);
    for (const run of experimentRead.runs) {
      const expected: unknown = want.get(run.variant);
      if (!Array.isArray(expected)) throw new Error(`numpy gave no map for ${run.variant}`);
      expect(run.lossMap.values.length).toBe(expected.length);
      let worst = 0;
      run.lossMap.values.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - Number(expected[i])));
      });
      expect(worst, run.variant).toBeLessThanOrEqual(1e-6);
      expect(run.samples?.length).toBe(4);
      expect(run.intensity?.floorKind).toBe('binary-entropy');
    }
  }, 120_000);
});

describe('ONNX model contract: layout, logits, fixed sizes', () => {
  async function lossOf(dir: string): Promise<number[]> {
    return (await readOpenExperiment(dir)).runs.map((r) => r.finalTestLoss);
  }

  it('the NHWC export with "layout": "nhwc", the logits export with "outputKind": "logits" and the fixed-size export at its size give the NCHW model\'s losses', async () => {
    const reference = await lossOf(experiment(pair()));
    expect(reference.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
    const nhwc = await lossOf(experiment(pair('denoise-nhwc.onnx'), { model: { layout: 'nhwc' } }));
    const logits = await lossOf(experiment(pair('denoise-logits.onnx'), { model: { outputKind: 'logits' } }));
    // fixed at [1, 1, 28, 28]: fed one image at a time; only the unpadded variant can use it
    const fixed = await lossOf(experiment([{ id: 'base28', pad: 0, model: 'fixed-28.onnx' }]));
    nhwc.forEach((l, i) => expect(Math.abs(l - (reference[i] ?? Number.NaN))).toBeLessThanOrEqual(1e-7));
    logits.forEach((l, i) => expect(Math.abs(l - (reference[i] ?? Number.NaN))).toBeLessThanOrEqual(1e-6));
    expect(Math.abs((fixed[0] ?? Number.NaN) - (reference[0] ?? Number.NaN))).toBeLessThanOrEqual(1e-7);
  }, 120_000);

  it('a batch size that does not divide the image count gives the same losses as one batch', async () => {
    const one = await lossOf(experiment(pair()));
    const small = await lossOf(experiment(pair(), { model: { batchSize: 4 } }));
    small.forEach((l, i) => expect(l).toBe(one[i]));
  }, 60_000);

  it('the seeded noise is the same on the original pixels of every variant, and independent on the pad', () => {
    const count = 3;
    const clean28 = images().clean.subarray(0, count * SIZE * SIZE);
    const pads = { top: 2, bottom: 1, left: 3, right: 0 };
    const h = SIZE + 3;
    const w = SIZE + 3;
    const padded = new Float32Array(count * h * w);
    for (let n = 0; n < count; n++) for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) padded[(n * h + y + 2) * w + x + 3] = clean28[(n * SIZE + y) * SIZE + x] ?? 0;
    const a = noiseOriginalFirst(clean28, { count, height: SIZE, width: SIZE, channels: 1, pads: { top: 0, bottom: 0, left: 0, right: 0 } }, 0.5, 7, true);
    const b = noiseOriginalFirst(padded, { count, height: h, width: w, channels: 1, pads }, 0.5, 7, true);
    let differentPad = 0;
    for (let n = 0; n < count; n++) {
      for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) expect(b[(n * h + y + 2) * w + x + 3]).toBe(a[(n * SIZE + y) * SIZE + x]);
      if (b[n * h * w] !== a[n * SIZE * SIZE]) differentPad++;
    }
    expect(differentPad).toBeGreaterThan(0);
    const again = noiseOriginalFirst(padded, { count, height: h, width: w, channels: 1, pads }, 0.5, 7, true);
    expect(again).toEqual(b);
  });
});

describe('bad models: one clear message each, exit code 2 naming the file', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['an input name the model does not have', () => experiment(pair(), { model: { input: 'image' } }), /has no input named 'image' \(its inputs: 'noisy'\)/],
    ['an output name the model does not have', () => experiment(pair(), { model: { output: 'out' } }), /has no output named 'out' \(its outputs: 'clean'\)/],
    ['a size the model cannot take (fixed 28x28 model in a 32x32 variant)', () => experiment(pair('denoise.onnx', 'fixed-28.onnx')), /fixed-28\.onnx: takes input 'noisy' of shape \[1, 1, 28, 28\], but variant 'edge32' feeds \[N, 1, 32, 32\]/],
    ['a layout that is not the model\'s (NHWC model declared nchw)', () => experiment(pair('denoise-nhwc.onnx')), /denoise-nhwc\.onnx: .*layout nchw.*"layout": "nhwc"/],
    ['non-finite outputs', () => experiment(pair('non-finite.onnx')), /non-finite\.onnx: output 'clean' holds -Infinity at image 0, row 0, column 0; the model's outputs must be finite/],
    ['logits declared as probabilities', () => experiment(pair('denoise-logits.onnx')), /denoise-logits\.onnx: output 'clean' holds -?[0-9.e-]+ at image \d+, row \d+, column \d+, outside \[0, 1\], but the manifest declares "outputKind": "probabilities"; .*"outputKind": "logits"/],
    ['a file that is not an ONNX model', () => {
      const dir = experiment(pair());
      writeFileSync(path.join(dir, 'models', 'denoise.onnx'), 'not a model');
      return dir;
    }, /denoise\.onnx: cannot be loaded by onnxruntime-(web|node)/],
    ['a model file that does not exist', () => {
      const dir = experiment(pair());
      rmSync(path.join(dir, 'models', 'denoise.onnx'));
      return dir;
    }, /denoise\.onnx: is named in .*manifest\.json \(variant 'base28', seed 1, model\) but does not exist/],
    ['no test set', () => experiment(pair(), { testSet: undefined }), /manifest\.json: names ONNX models, so it needs "testSet"/],
  ];
  it.each(cases)('%s', async (_what, make, message) => {
    const run = await cli(['analyze', make()]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 60_000);
});

describe('the ONNX runtime is optional', () => {
  const missing = (specifier: string) => Promise.reject(Object.assign(new Error(`Cannot find package '${specifier}' imported from x`), { code: 'ERR_MODULE_NOT_FOUND' }));

  it('without onnxruntime-node and onnxruntime-web: OnnxRuntimeError with both install commands, exit code 1', async () => {
    const error: unknown = await loadOnnxRuntime({ prefer: '', importer: missing }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OnnxRuntimeError);
    if (!(error instanceof OnnxRuntimeError)) return;
    expect(error.code).toBe('runtime-missing');
    expect(error.message).toMatch(/npm i onnxruntime-web/);
    expect(error.message).toMatch(/npm i onnxruntime-node --ignore-scripts/);
    expect(exitCodeFor(error)).toBe(1);
  });

  it('onnxruntime-node missing falls back to onnxruntime-web; a broken install is its own error', async () => {
    const importer = (specifier: string) => (specifier === 'onnxruntime-node' ? missing(specifier) : import(specifier));
    expect((await loadOnnxRuntime({ prefer: '', importer })).name).toBe('onnxruntime-web');
    const broken = (specifier: string) => Promise.reject(Object.assign(new Error(`Cannot find module '/x/node_modules/${specifier}/bin/napi.node'`), { code: 'MODULE_NOT_FOUND' }));
    const error: unknown = await loadOnnxRuntime({ prefer: 'node', importer: broken }).then(() => null, (e: unknown) => e);
    expect(error instanceof OnnxRuntimeError && error.code).toBe('runtime-load-failed');
  });
});

describe('ablate: models scored at other pads and modes', () => {
  it('rows agree with analyze\'s runs of the same model, and measured - predicted is the original pixels\' change diluted', async () => {
    const dir = experiment(pair());
    const runs = (await readOpenExperiment(dir)).runs;
    const rows = await ablateModels(dir, { pads: [2, 0], modes: ['edge', 'constant'] });
    expect(rows.map((r) => `${r.variant}@${r.pad}${r.mode}${r.asTrained ? '*' : ''}`)).toEqual([
      'base28@2edge', 'edge32@2edge*', 'base28@2constant', 'edge32@2constant', 'base28@0none*', 'edge32@0none',
    ]);
    // Both variants run the same model file: scored at each variant's own pad it is that variant's run.
    const at = (variant: string, pad: number, mode: string) => rows.find((r) => r.variant === variant && r.pad === pad && r.mode === mode);
    expect(at('base28', 0, 'none')?.testLoss).toBe(runs[0]?.finalTestLoss);
    expect(at('base28', 2, 'edge')?.testLoss).toBe(runs[1]?.finalTestLoss);
    const nO = SIZE * SIZE;
    const n = (SIZE + 4) * (SIZE + 4);
    for (const r of rows.filter((x) => x.pad === 2)) {
      const zero = at(r.variant, 0, 'none');
      if (r.predicted === null || zero === undefined) throw new Error('no prediction');
      expect(Math.abs(r.testLoss - r.predicted - (nO / n) * (r.originalLoss - zero.originalLoss))).toBeLessThanOrEqual(1e-12);
    }
    expect(rows.filter((x) => x.pad === 0).every((r) => r.predicted === null && r.originalLoss === r.testLoss)).toBe(true);
  }, 60_000);

  it('CLI: the table, a bad mode (exit 1), a folder without models (exit 2)', async () => {
    const dir = experiment(pair());
    const ok = await cli(['ablate', dir, '--at-pads', '0,2', '--modes', 'edge,zero']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/base28\/1\s+pad 2 constant/);
    const bad = await cli(['ablate', dir, '--modes', 'mirror']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--modes: 'mirror' is not a pad mode/);
    const arraysOnly = path.join(root, 'arrays-only');
    mkdirSync(arraysOnly);
    writeFileSync(path.join(arraysOnly, 'map.npy'), new Uint8Array(dump(new Float32Array(SIZE * SIZE).fill(0.1), [SIZE, SIZE])));
    const pads0 = { top: 0, bottom: 0, left: 0, right: 0 };
    writeFileSync(
      path.join(arraysOnly, 'manifest.json'),
      JSON.stringify({ format: 'boundary-effects/open-experiment', version: 1, question: 'q', dataset: { name: 'toy' }, loss: 'bce', reference: 'a',
        variants: [{ id: 'a', height: SIZE, width: SIZE, pads: pads0, runs: [{ seed: 1, files: { lossMap: 'map.npy' } }] }] }),
    );
    const none = await cli(['ablate', arraysOnly]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/manifest\.json: names no ONNX models/);
  }, 60_000);
});
