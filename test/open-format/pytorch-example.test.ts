import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dump } from 'npyjs';
import { analyzeOpenExperiment, parseManifest, parseNpy, readOpenExperiment } from '../../src/open-format/index.js';
import { variantImages } from '../../src/open-format/model-run.js';
import { loadModelTestSet } from '../../src/open-format/model-test-set.js';
import { predictImages } from '../../src/open-format/predict-images.js';
import { loadOnnxRuntime } from '../../src/onnx/runtime.js';
import { buildFigures } from '../../src/report/index.js';
import type { Summary } from '../../src/summary/types.js';
import { cli } from '../cli/helpers.js';
import { findPython, runPython } from './python.js';
import { renderReport } from './render-report.js';

const python = findPython(['numpy', 'torch']);
const mnist = path.join(process.env.BOUNDARY_EFFECTS_DATA ?? '', 'mnist');
const haveData = existsSync(path.join(mnist, 'train-images-idx3-ubyte.gz')) && existsSync(path.join(mnist, 't10k-images-idx3-ubyte.gz'));
const out = mkdtempSync(path.join(tmpdir(), 'be-pytorch-'));
// The same trained models exported to ONNX, with a manifest naming them (the tool runs them itself).
const onnxOut = mkdtempSync(path.join(tmpdir(), 'be-pytorch-onnx-'));
// PyTorch's own predictions on the tool's inputs, as an array-route experiment.
const arraysOut = mkdtempSync(path.join(tmpdir(), 'be-pytorch-arrays-'));
// The tool's inputs at each ablation setting, and PyTorch's losses on them.
const ablationOut = mkdtempSync(path.join(tmpdir(), 'be-pytorch-ablations-'));
afterAll(() => {
  for (const dir of [out, onnxOut, arraysOut, ablationOut]) rmSync(dir, { recursive: true, force: true });
});

interface Expected {
  runs: Record<string, { testLoss: number; pad: number | null; edge: number; interior: number; original: number; counts: Record<string, number> }>;
  gaps: Record<string, { gap: number; samePixelEdge: number; samePixelInterior: number; samePixel: number; dilution: number }>;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new Error(`expected.json: ${what} is not a number`);
  return value;
}

// The example trains real models (about 20 s of CPU on one core); it needs Debian's python3-numpy and python3-torch and MNIST.
const CHROMIUM = '/usr/bin/chromium';
let expected: Expected;

describe.skipIf(python === null || !haveData)('examples/pytorch: the tool agrees with NumPy on a PyTorch experiment', () => {
  beforeAll(() => {
    const r = spawnSync(python ?? 'python3', ['examples/pytorch/train_export.py', '--out', out, '--onnx-out', onnxOut, '--data', mnist], { encoding: 'utf8' });
    if (r.status !== 0 || r.stderr !== '') throw new Error(`examples/pytorch/train_export.py failed (${String(r.status)}): ${r.stderr}`);
    const expectedJson: unknown = JSON.parse(readFileSync(path.join(out, 'expected.json'), 'utf8'));
    expected = expectedJson as Expected; // test-side view of the script's own output; every number used is checked with num()
  }, 600_000);

  it('the reader + analysis reproduce NumPy region means and gap terms to 1e-6', async () => {
    const experiment = await readOpenExperiment(out);
    const analysis = analyzeOpenExperiment(experiment);
    expect(experiment.runs.map((run) => `${run.variant}/${run.seed}`)).toEqual(['baseline28/1', 'baseline28/2', 'edge32/1', 'edge32/2']);
    const rows: string[] = [];
    for (const region of analysis.regions) {
      const key = `${region.variant}/${region.seed}`;
      const want = expected.runs[key];
      const byName = new Map(region.decomposition.regions.map((g) => [g.name, g]));
      expect(Math.abs(region.finalTestLoss - num(want.testLoss, `${key}.testLoss`))).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(region.decomposition.total - want.testLoss)).toBeLessThanOrEqual(1e-6);
      for (const name of ['edge', 'interior'] as const) {
        expect(Math.abs((byName.get(name)?.mean ?? Number.NaN) - num(want[name], `${key}.${name}`))).toBeLessThanOrEqual(1e-6);
        expect(byName.get(name)?.count).toBe(want.counts[name]);
      }
      expect(byName.get('pad')?.mean ?? null).toSatisfy((m: number | null) => (want.pad === null ? m === null : m !== null && Math.abs(m - want.pad) <= 1e-6));
      rows.push(`${key}: test ${region.finalTestLoss} (numpy ${want.testLoss}), edge ${byName.get('edge')?.mean} (numpy ${want.edge}), interior ${byName.get('interior')?.mean} (numpy ${want.interior}), pad ${byName.get('pad')?.mean} (numpy ${want.pad})`);
    }
    const pairs = analysis.comparisons[0].pairs;
    expect(pairs.map((p) => p.seed)).toEqual([1, 2]);
    for (const { seed, gap } of pairs) {
      const want = expected.gaps[String(seed)];
      for (const term of ['gap', 'samePixelEdge', 'samePixelInterior', 'samePixel', 'dilution'] as const) {
        expect(Math.abs(gap[term] - num(want[term], `gaps.${seed}.${term}`))).toBeLessThanOrEqual(1e-6);
        rows.push(`seed ${seed} ${term}: tool ${gap[term]} numpy ${want[term]}`);
      }
    }
    // the edge32 seed-2 run came from one .npz (numpy's zip64 headers), the others from .npy files
    expect(experiment.runs[3].source).toBe('edge32/seed-2/run.npz:targets.npy');
    expect(experiment.runs[0].intensity?.floorKind).toBe('binary-entropy');
    expect(experiment.runs[0].samples?.length).toBe(4);
    console.log(rows.join('\n'));
  });

  it('analyze --json: the summary (same pipeline as the tool\'s runs) holds NumPy\'s per-seed gap terms', async () => {
    const run = await cli(['analyze', out, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const parsed: unknown = JSON.parse(run.stdout);
    const summary = parsed as Summary; // the document's own type; the values are compared one by one below
    expect(summary.experiment?.question).toMatch(/edge-padding MNIST to 32x32/);
    expect(summary.reference).toEqual({ baseline28: 0.099, edge32: 0.075 });
    const comparison = summary.comparisons[0];
    expect(comparison.pairedSeeds).toEqual([1, 2]);
    for (const term of comparison.terms) {
      if (term.term !== 'gap' && term.term !== 'samePixelEdge' && term.term !== 'samePixelInterior' && term.term !== 'samePixel' && term.term !== 'dilution') continue;
      term.estimate.values.forEach((value, i) => {
        const want = num(expected.gaps[String(comparison.pairedSeeds[i])][term.term], `${term.term}`);
        expect(Math.abs(value - want), `${term.term} seed ${comparison.pairedSeeds[i]}`).toBeLessThanOrEqual(1e-6);
      });
    }
    const edge32 = summary.variants.find((v) => v.variant === 'edge32');
    expect(edge32?.testLoss.values.map((v, i) => Math.abs(v - num(expected.runs[`edge32/${i + 1}`].testLoss, 'testLoss'))).every((d) => d <= 1e-6)).toBe(true);
  }, 120_000);

  it.skipIf(!existsSync(CHROMIUM))('report <dir>: the report renders in Chromium with every chart and the manifest\'s question', async () => {
    const run = await cli(['report', out]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('Why does edge-padding MNIST to 32x32 lower the loss of the same denoising autoencoder (PyTorch)?');
    expect(html).toContain('baseline28 (28x28, unpadded)');
    const summaryJson: unknown = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    const expectedCharts = buildFigures(summaryJson as Summary).map((f) => f.name);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const charts = await renderReport(browser, out);
      expect(charts.reportErrors).toBe(0);
      expect(charts.views.map((c) => c.name).sort()).toEqual([...expectedCharts].sort());
      for (const c of charts.views) expect(c.items, c.name).toBeGreaterThan(10);
      expect(charts.pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 180_000);

  it('ONNX route: the tool runs the exported models; its predictions equal PyTorch\'s on the same inputs to 1e-5, its analysis the array route\'s to 1e-6', async () => {
    // The tool's inputs (its seeded noise on the padded MNIST images), made by the same functions analyze uses.
    const { manifestFile, manifest, settings, set } = await toolTestSet(onnxOut);
    const runtime = await loadOnnxRuntime();
    const toolPredictions = new Map<string, Float32Array>();
    const specs: string[] = [];
    for (const variant of manifest.variants) {
      const images = variantImages(set, variant, settings, manifestFile);
      mkdirSync(path.join(arraysOut, variant.id));
      const shape = [set.count, variant.height, variant.width];
      writeFileSync(path.join(arraysOut, variant.id, 'inputs.npy'), new Uint8Array(dump(images.inputs, shape)));
      writeFileSync(path.join(arraysOut, variant.id, 'targets.npy'), new Uint8Array(dump(images.targets, shape)));
      for (const run of variant.runs) {
        const model = path.join(onnxOut, run.model ?? '');
        const batch = { data: images.inputs, count: set.count, height: variant.height, width: variant.width, channels: 1 };
        toolPredictions.set(`${variant.id}/${run.seed}`, await predictImages(runtime, new Uint8Array(readFileSync(model)), model, settings.contract, batch, { checkRange: true, what: variant.id }));
        specs.push(`${variant.id}/${run.seed}`);
      }
    }
    // PyTorch's own forward pass (the trained weights, .pt) on the same inputs.
    runPython(
      python ?? 'python3',
      `
import sys, torch
sys.path.insert(0, 'examples/pytorch')
from train_export import autoencoder
onnx_dir, arrays_dir = sys.argv[1], sys.argv[2]
torch.set_num_threads(1)
for spec in sys.argv[3:]:
    variant, seed = spec.split('/')
    model = autoencoder()
    model.load_state_dict(torch.load(f'{onnx_dir}/models/{variant}-seed-{seed}.pt'))
    model.eval()
    x = np.load(f'{arrays_dir}/{variant}/inputs.npy')
    with torch.no_grad():
        p = model(torch.from_numpy(x[:, None]))[:, 0].numpy()
    np.save(f'{arrays_dir}/{variant}/predictions-{seed}.npy', p.astype(np.float32))
`,
      [onnxOut, arraysOut, ...specs],
    );
    let worst = 0;
    for (const spec of specs) {
      const [variant, seed] = spec.split('/');
      const file = path.join(arraysOut, variant ?? '', `predictions-${seed ?? ''}.npy`);
      const torchPredictions = parseNpy(new Uint8Array(readFileSync(file)), file).data;
      const tool = toolPredictions.get(spec) ?? new Float32Array(0);
      expect(tool.length).toBe(torchPredictions.length);
      tool.forEach((v, i) => {
        worst = Math.max(worst, Math.abs(v - (torchPredictions[i] ?? Number.NaN)));
      });
    }
    expect(worst).toBeLessThanOrEqual(1e-5);
    // The array route: PyTorch's predictions as .npy files, the same manifest otherwise.
    const arraysManifest = {
      ...manifest,
      models: undefined,
      variants: manifest.variants.map((v) => ({
        ...v,
        runs: v.runs.map((r) => ({
          seed: r.seed,
          finalTrainLoss: r.finalTrainLoss,
          files: { targets: `${v.id}/targets.npy`, predictions: `${v.id}/predictions-${r.seed}.npy`, inputs: `${v.id}/inputs.npy` },
        })),
      })),
    };
    writeFileSync(path.join(arraysOut, 'manifest.json'), JSON.stringify(arraysManifest));
    const viaOnnx = analyzeOpenExperiment(await readOpenExperiment(onnxOut));
    const viaArrays = analyzeOpenExperiment(await readOpenExperiment(arraysOut));
    const rows: string[] = [`max |tool - PyTorch| prediction: ${worst}`];
    viaOnnx.regions.forEach((r, i) => {
      const a = viaArrays.regions[i];
      expect(`${r.variant}/${r.seed}`).toBe(`${a?.variant}/${a?.seed}`);
      expect(Math.abs(r.finalTestLoss - (a?.finalTestLoss ?? Number.NaN))).toBeLessThanOrEqual(1e-6);
      r.decomposition.regions.forEach((g, k) => {
        const other = a?.decomposition.regions[k];
        expect(g.name).toBe(other?.name);
        // the pad of an unpadded variant has no mean in either route
        if (g.mean === null || other?.mean === null) expect(g.mean, g.name).toBe(other?.mean);
        else expect(Math.abs(g.mean - (other?.mean ?? Number.NaN)), g.name).toBeLessThanOrEqual(1e-6);
      });
      rows.push(`${r.variant}/${r.seed}: test loss via ONNX ${r.finalTestLoss}, via PyTorch arrays ${a?.finalTestLoss}`);
    });
    const pairs = viaArrays.comparisons[0]?.pairs ?? [];
    expect(pairs.length).toBe(2);
    viaOnnx.comparisons[0]?.pairs.forEach((p, i) => {
      for (const term of ['gap', 'samePixelEdge', 'samePixelInterior', 'dilution'] as const) {
        expect(Math.abs(p.gap[term] - (pairs[i]?.gap[term] ?? Number.NaN)), `${term} seed ${p.seed}`).toBeLessThanOrEqual(1e-6);
      }
    });
    console.log(rows.join('\n'));
  }, 300_000);

  it('report on both routes: the ONNX route\'s summary.json equals the array route\'s (PyTorch\'s predictions) to 1e-6', async () => {
    // arraysOut was written by the ONNX-route test above. The figures' PDFs are left out (the reports' numbers are the point).
    for (const dir of [onnxOut, arraysOut]) {
      const run = await cli(['report', dir, '--no-pdf']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
    }
    const read = (dir: string): unknown => JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
    const onnx = read(onnxOut);
    const arrays = read(arraysOut);
    // Every number of the analysis (variants, comparisons, predictions) within 1e-6 (relative above 1: the planning's
    // seed counts reach 230; the unrounded one, ∝ (sd / mean)², is held to 1e-5 like the bins), every word and count equal. The
    // intensity bins hold few pixels each, some at ~3 nats where the two runtimes' float32 outputs (3e-7 apart) move a
    // bin's mean by up to ~4e-6: their numbers are compared to 1e-5 relative, leaving out the sd and CI that the two
    // seeds' values (compared) amplify by t(0.975, 1) = 12.7.
    let compared = 0;
    const apart: string[] = [];
    const walk = (a: unknown, b: unknown, where: string, loose = false): void => {
      if (typeof a === 'number' && typeof b === 'number') {
        compared++;
        const tolerance = (loose ? 1e-5 : 1e-6) * Math.max(1, Math.abs(a));
        if (!(Math.abs(a - b) <= tolerance)) apart.push(`${where}: ${a} vs ${b}`);
      } else if (Array.isArray(a) && Array.isArray(b)) {
        expect(b.length, where).toBe(a.length);
        a.forEach((x, i) => walk(x, b[i], `${where}[${i}]`, loose));
      } else if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
        const ka = Object.keys(a).sort();
        expect(Object.keys(b).sort(), where).toEqual(ka);
        for (const k of ka) {
          if (loose && (k === 'ci95' || k === 'sd')) continue;
          walk((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`, loose || k === 'intensity' || k === 'exactSeedsForPower');
        }
      } else expect(b, where).toEqual(a);
    };
    const part = (doc: unknown, key: string): unknown => (doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[key] : undefined);
    for (const key of ['variants', 'comparisons', 'predictions', 'reference', 'settings']) walk(part(onnx, key), part(arrays, key), key);
    console.log(`summary.json, ONNX route vs array route: ${compared} numbers compared`);
    expect(apart).toEqual([]);
    expect(compared).toBeGreaterThan(1000);
  }, 180_000);

  // Ablation settings of the test: every pad width the example's models take (multiples of 4 after the pad) and three modes.
  const AT_PADS = [0, 2, 4];
  const MODES = [['edge', 'edge'], ['zero', 'constant'], ['reflect', 'reflect']] as const;

  it('ablate then report (ONNX route): the report\'s ablation table holds PyTorch\'s own losses at each pad and mode, and its words follow them', async () => {
    const run = await cli(['ablate', onnxOut, '--at-pads', AT_PADS.join(','), '--modes', MODES.map(([flag]) => flag).join(',')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(existsSync(path.join(onnxOut, 'ablations.json'))).toBe(true);
    // The tool's noisy inputs at each setting (its seeded noise, made by the functions ablate uses); the clean targets
    // are padded by NumPy itself below, and the losses, pad costs and what-ifs computed from PyTorch's outputs.
    const { manifestFile, manifest, settings, set } = await toolTestSet(onnxOut);
    writeFileSync(path.join(ablationOut, 'clean.npy'), new Uint8Array(dump(set.clean, [set.count, set.height, set.width])));
    const settingNames: string[] = [];
    for (const pad of AT_PADS) {
      for (const [, mode] of pad === 0 ? ([['none', 'none']] as const) : MODES) {
        const variant = {
          id: `pad ${pad} ${mode}`, label: '', runs: [], lossRegion: 'all' as const, channels: 1, padMode: mode,
          height: set.height + 2 * pad, width: set.width + 2 * pad, pads: { top: pad, bottom: pad, left: pad, right: pad },
        };
        const { inputs } = variantImages(set, variant, settings, manifestFile);
        const name = `${pad}-${mode}`;
        writeFileSync(path.join(ablationOut, `inputs-${name}.npy`), new Uint8Array(dump(inputs, [set.count, variant.height, variant.width])));
        settingNames.push(name);
      }
    }
    const models = manifest.variants.flatMap((v) => v.runs.map((r) => `${v.id}/${r.seed}`));
    const stdout = runPython(
      python ?? 'python3',
      `
import sys, json, torch
sys.path.insert(0, 'examples/pytorch')
from train_export import autoencoder, pixel_bce
onnx_dir, dir_ = sys.argv[1], sys.argv[2]
settings, models = sys.argv[3].split(','), sys.argv[4].split(',')
torch.set_num_threads(1)
clean = np.load(f'{dir_}/clean.npy')
h, w = clean.shape[1:]
rows = {}
for spec in models:
    variant, seed = spec.split('/')
    model = autoencoder()
    model.load_state_dict(torch.load(f'{onnx_dir}/models/{variant}-seed-{seed}.pt'))
    model.eval()
    map0 = None
    for name in settings:
        pad, mode = int(name.split('-')[0]), name.split('-')[1]
        x = np.load(f'{dir_}/inputs-{name}.npy')
        t = clean if pad == 0 else np.pad(clean, ((0, 0), (pad, pad), (pad, pad)), mode=mode)
        with torch.no_grad():
            p = model(torch.from_numpy(x[:, None]))[:, 0].numpy()
        loss_map = pixel_bce(t, p).mean(axis=0)
        original = np.zeros(loss_map.shape, bool)
        original[pad:pad + h, pad:pad + w] = True
        if pad == 0:
            map0 = loss_map
        row = {'all': float(loss_map.mean()), 'original': float(loss_map[original].mean())}
        if pad > 0:
            pad_cost = float(loss_map[~original].mean())
            row['predicted'] = float((original.sum() * map0.mean() + (~original).sum() * pad_cost) / loss_map.size)
        rows[f'{spec}@{name}'] = row
print(json.dumps(rows))
`,
      [onnxOut, ablationOut, settingNames.join(','), models.join(',')],
    );
    const torchRows: unknown = JSON.parse(stdout);
    const want = torchRows as Record<string, { all: number; original: number; predicted?: number }>; // the snippet's own output; each value checked with num()

    const report = await cli(['report', onnxOut, '--no-pdf']);
    expect(report.stderr).toBe('');
    expect(report.code).toBe(0);
    // The exported CSV (full precision): model, seed, setting, own pad, all, original, predicted, measured - predicted.
    const csv = readFileSync(path.join(onnxOut, 'tables', 'ablations.csv'), 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(csv[0]).toBe('model (trained as),seed,scored at,own pad,"loss, all pixels","loss, original 28×28 pixels",predicted (what-if),measured − predicted');
    const rows = csv.slice(1).map((l) => l.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/).map((c) => c.replace(/^"|"$/g, '')));
    expect(rows.length).toBe(models.length * settingNames.length);
    let worst = 0;
    const lines: string[] = [];
    for (const [variant, seed, at, own, all, original, predicted, miss] of rows) {
      const m = /^pad (\d+)(?:, (\w+))?$/.exec(at ?? '');
      const key = `${variant}/${seed}@${m?.[1]}-${m?.[2] ?? 'none'}`;
      const w = want[key];
      if (w === undefined) throw new Error(`no PyTorch row for ${key}`);
      const diffs = [Math.abs(Number(all) - num(w.all, `${key}.all`)), Math.abs(Number(original) - num(w.original, `${key}.original`))];
      if (w.predicted === undefined) expect([predicted, miss]).toEqual(['', '']);
      else diffs.push(Math.abs(Number(predicted) - num(w.predicted, `${key}.predicted`)), Math.abs(Number(miss) - (w.all - w.predicted)));
      worst = Math.max(worst, ...diffs);
      // own pad: the example's baseline28 is unpadded, edge32 edge-padded by 2
      expect(own, key).toBe((variant === 'baseline28' && m?.[1] === '0') || (variant === 'edge32' && m?.[1] === '2' && m[2] === 'edge') ? 'yes' : '');
      lines.push(`${key}: tool ${all} / ${original} / ${predicted}; PyTorch ${w.all} / ${w.original} / ${w.predicted ?? '-'}`);
    }
    console.log([`max |report - PyTorch| in the ablation table: ${worst}`, ...lines].join('\n'));
    expect(worst).toBeLessThanOrEqual(1e-6);

    // The words: the padded models on the original pixels against baseline28's, as PyTorch's numbers order them.
    const html = readFileSync(path.join(onnxOut, 'report.html'), 'utf8');
    expect(html).toContain('<section id="ablations"><h2>Ablations from the models</h2>');
    expect(html).toContain('<table class="data" id="table-ablations">');
    const meanOf = (variant: string, setting: string, field: 'all' | 'original'): number => (want[`${variant}/1@${setting}`]?.[field] ?? NaN) / 2 + (want[`${variant}/2@${setting}`]?.[field] ?? NaN) / 2;
    const edgeOriginal = meanOf('edge32', '2-edge', 'original');
    const baseline = meanOf('baseline28', '0-none', 'all');
    const sentence = /edge32&#39;s models \(pad 2, edge\) average ([0-9.]+), (higher|lower) than the ([0-9.]+) of baseline28&#39;s models on the same pixels/.exec(html);
    expect(sentence, 'the original-pixels sentence').not.toBeNull();
    expect(sentence?.[2]).toBe(edgeOriginal > baseline ? 'higher' : 'lower');
    expect(Math.abs(Number(sentence?.[1]) - edgeOriginal)).toBeLessThanOrEqual(5e-5);
    expect(Math.abs(Number(sentence?.[3]) - baseline)).toBeLessThanOrEqual(5e-5);
    // Per model: rows above the what-if are rows whose original pixels got worse with the pad.
    for (const variant of ['baseline28', 'edge32']) {
      const misses = Object.entries(want).filter(([k, v]) => k.startsWith(`${variant}/`) && v.predicted !== undefined).map(([, v]) => v.all - (v.predicted ?? NaN));
      const above = misses.filter((x) => x > 0).length;
      const n = misses.length;
      expect(html).toMatch(new RegExp(`${variant}&#39;s models: measured − predicted runs from [^;]+ over ${n} rows; with the pad, their loss on the original pixels was ${above === 0 ? 'lower in all' : above === n ? `higher in all ${n} rows` : `higher in ${above} of ${n} rows`}`));
    }
  }, 300_000);

  it.skipIf(!existsSync(CHROMIUM))('the ONNX route\'s report with its ablation table renders in Chromium', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const charts = await renderReport(browser, onnxOut);
      expect(charts.reportErrors).toBe(0);
      expect(charts.pageErrors).toEqual([]);
      const page = await browser.newPage();
      await page.goto(pathToFileURL(path.join(onnxOut, 'report.html')).href);
      const table = page.locator('#table-ablations');
      expect(await table.isVisible()).toBe(true);
      expect(await table.locator('tbody tr').count()).toBe(4 * 7);
      // The first row: baseline28 seed 1 at its own pad 0, loss over all pixels = over the original ones.
      const cells = await table.locator('tbody tr').first().locator('td').allInnerTexts();
      expect(cells.slice(0, 4)).toEqual(['baseline28', '1', 'pad 0', 'yes']);
      expect(cells[4]).toBe(cells[5]);
      expect(await page.locator('nav a[href="#ablations"]').count()).toBe(1);
      await page.close();
    } finally {
      await browser.close();
    }
  }, 180_000);
});

/** The ONNX folder's manifest (and its path), its model settings and the test set the tool makes from them (noise and pads as analyze and ablate apply them). */
async function toolTestSet(folder: string) {
  const manifestFile = path.join(folder, 'manifest.json');
  const onnxManifest: unknown = JSON.parse(readFileSync(manifestFile, 'utf8'));
  const manifest = parseManifest(onnxManifest, manifestFile);
  const settings = manifest.models;
  if (settings === null) throw new Error(`${manifestFile} names no models`);
  const set = await loadModelTestSet(settings.testSet, settings.corruption, () => Promise.reject(new Error('the example reads MNIST, no .npy')));
  return { manifestFile, manifest, settings, set };
}
