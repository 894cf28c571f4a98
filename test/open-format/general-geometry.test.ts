// An open-format experiment of any geometry and a loss without a floor, end to end: RGB (C = 3), non-square
// 20x24 padded from 16x22 with pads top 1, bottom 3, left 2, right 0, for an `mse` and an `l1` experiment
// (3 seeds x 2 variants each). NumPy writes the arrays and computes the expected region means and gap terms
// on its own; `analyze --json` must match them to 1e-6, floors must be null with a reason, and `report`
// must render every chart in Chromium with no negative loss bound and no floor printed as 0.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFigures } from '../../src/report/index.js';
import type { Summary } from '../../src/summary/types.js';
import { cli } from '../cli/helpers.js';
import { findPython, runPython } from './python.js';
import { renderReport } from './render-report.js';

const python = findPython(['numpy']);
const CHROMIUM = '/usr/bin/chromium';
const root = mkdtempSync(path.join(tmpdir(), 'be-general-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Writes one experiment folder (argv: folder, loss) and prints NumPy's expected numbers as JSON.
const WRITE_AND_EXPECT = String.raw`
import json, os, sys
out, loss = sys.argv[1], sys.argv[2]
H0, W0, C, N, EDGE = 16, 22, 3, 5, 2
pads = dict(top=1, bottom=3, left=2, right=0)
H, W = H0 + pads['top'] + pads['bottom'], W0 + pads['left'] + pads['right']
rng = np.random.default_rng(20261129)
clean = rng.uniform(0, 1, (N, H0, W0, C)).astype(np.float32)
clean[:, :2, :, :] = 0.0  # some exact zeros
def per_pixel(t, p):
    d = t.astype(np.float64) - p.astype(np.float64)
    return (d * d if loss == 'mse' else np.abs(d)).mean(axis=3)  # mean over channels
def masks(h, w, pt, pl):
    orig = np.zeros((h, w), bool); orig[pt:pt + H0, pl:pl + W0] = True
    inner = np.zeros((h, w), bool); inner[pt + EDGE:pt + H0 - EDGE, pl + EDGE:pl + W0 - EDGE] = True
    return dict(pad=~orig, edge=orig & ~inner, interior=inner, original=orig)
variants = [('plain', H0, W0, dict(top=0, bottom=0, left=0, right=0)), ('padded', H, W, pads)]
manifest = dict(format='boundary-effects/open-experiment', version=1,
    question='Why does padding this RGB model change its ' + loss + '?',
    dataset=dict(name='synthetic-rgb', label='synthetic RGB, 5 images'), loss=loss, edgeWidth=EDGE,
    reference='plain', samples=2, variants=[], comparisons=[dict(a='plain', b='padded', label='unpadded vs padded')])
expected = dict(runs={}, gaps={})
maps = {}
for name, h, w, p in variants:
    target = np.pad(clean, ((0, 0), (p['top'], p['bottom']), (p['left'], p['right']), (0, 0)), mode='edge')
    runs = []
    for seed in (1, 2, 3):
        r = np.random.default_rng(seed * 10 + (name == 'padded'))
        pred = (target + r.normal(0, 0.05 + 0.02 * seed, target.shape)).astype(np.float32)
        if name == 'padded':
            pred[:, :p['top'], :, :] = target[:, :p['top'], :, :]  # the pad copies the border: cheap
        d = os.path.join(out, name, 'seed-%d' % seed); os.makedirs(d, exist_ok=True)
        np.save(os.path.join(d, 'targets.npy'), target.astype(np.float32))
        np.save(os.path.join(d, 'predictions.npy'), pred)
        run = dict(seed=seed, files=dict(targets='%s/seed-%d/targets.npy' % (name, seed), predictions='%s/seed-%d/predictions.npy' % (name, seed)))
        if loss == 'mse': run['finalTrainLoss'] = 0.01 * seed
        runs.append(run)
        m = per_pixel(target.astype(np.float32), pred).mean(axis=0)
        maps[(name, seed)] = m
        k = masks(h, w, p['top'], p['left'])
        expected['runs']['%s/%d' % (name, seed)] = dict(testLoss=float(m.mean()),
            **{g: (float(m[k[g]].mean()) if k[g].any() else None) for g in ('pad', 'edge', 'interior')})
    v = dict(id=name, label=name, height=h, width=w, channels=C, pads=p, runs=runs)
    if name == 'padded': v['padMode'] = 'edge'
    manifest['variants'].append(v)
ka, kb = masks(H0, W0, 0, 0), masks(H, W, pads['top'], pads['left'])
nO, nE = ka['original'].sum(), ka['edge'].sum()
for seed in (1, 2, 3):
    a, b = maps[('plain', seed)], maps[('padded', seed)]
    edge = nE / nO * (a[ka['edge']].mean() - b[kb['edge']].mean())
    interior = (nO - nE) / nO * (a[ka['interior']].mean() - b[kb['interior']].mean())
    dil = b[kb['original']].mean() - b.mean()  # L_b[O] - L_b; the unpadded a has none
    expected['gaps'][str(seed)] = dict(gap=float(a.mean() - b.mean()), samePixelEdge=float(edge), samePixelInterior=float(interior),
        samePixel=float(edge + interior), dilution=float(dil))
with open(os.path.join(out, 'manifest.json'), 'w') as f: json.dump(manifest, f)
print(json.dumps(expected))
`;

interface Expected {
  runs: Record<string, { testLoss: number; pad: number | null; edge: number; interior: number }>;
  gaps: Record<string, Record<'gap' | 'samePixelEdge' | 'samePixelInterior' | 'samePixel' | 'dilution', number>>;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new Error(`NumPy's expected value ${what} is not a number`);
  return value;
}

/** Every `lo` of a figure's inline data rows (the lower bounds of the loss intervals it draws). */
function lowerBounds(x: unknown): number[] {
  if (Array.isArray(x)) return x.flatMap(lowerBounds);
  if (x === null || typeof x !== 'object') return [];
  return Object.entries(x).flatMap(([k, v]) => (k === 'lo' && typeof v === 'number' ? [v] : lowerBounds(v)));
}

const LOSSES = ['mse', 'l1'] as const;
const LOSS_FIGURES = ['headline', 'regions', 'intensity', 'curves', 'paired-seeds'];
const expected = new Map<string, Expected>();

describe.skipIf(python === null)('open format, any geometry and loss: RGB 20x24, pads 1/3/2/0, mse and l1 (NumPy writes and checks)', () => {
  beforeAll(() => {
    for (const loss of LOSSES) {
      const parsed: unknown = JSON.parse(runPython(python ?? 'python3', WRITE_AND_EXPECT, [path.join(root, loss), loss]));
      expected.set(loss, parsed as Expected); // NumPy's own numbers; each one used is checked with num()
    }
  }, 60_000);

  for (const loss of LOSSES) {
    it(`${loss}: analyze --json holds NumPy's region means and gap terms to 1e-6, the general geometry, and null floors with a reason`, async () => {
      const want = expected.get(loss);
      if (want === undefined) throw new Error('no expected numbers');
      const run = await cli(['analyze', path.join(root, loss), '--json']);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const parsed: unknown = JSON.parse(run.stdout);
      const summary = parsed as Summary; // the document's own type; every value used is compared below
      expect(summary.loss).toBe(loss);
      const padded = summary.variants.find((v) => v.variant === 'padded');
      const plain = summary.variants.find((v) => v.variant === 'plain');
      expect(padded?.geometry).toEqual({ height: 20, width: 24, pads: { top: 1, bottom: 3, left: 2, right: 0 }, channels: 3 });
      expect(padded?.size).toBeUndefined();
      expect(plain?.geometry).toEqual({ height: 16, width: 22, pads: { top: 0, bottom: 0, left: 0, right: 0 }, channels: 3 });
      let checked = 0;
      for (const v of summary.variants) {
        expect(v.entropyFloor).toBeNull();
        expect(v.excess).toBeNull();
        expect(v.unavailable?.some((u) => u.startsWith(`entropy floor and excess: ${loss} has no entropy floor`))).toBe(true);
        for (const r of v.regions) expect(r.floor).toBeNull();
        for (const b of v.intensity) expect([b.meanFloor, b.meanExcess]).toEqual([null, null]);
        v.testLoss.values.forEach((value, i) => {
          expect(Math.abs(value - num(want.runs[`${v.variant}/${v.seeds[i]}`].testLoss, 'testLoss'))).toBeLessThanOrEqual(1e-6);
          checked++;
        });
        for (const r of v.regions) {
          r.meanLoss.values.forEach((value, i) => {
            expect(Math.abs(value - num(want.runs[`${v.variant}/${v.seeds[i]}`][r.region], r.region)), `${v.variant} ${r.region}`).toBeLessThanOrEqual(1e-6);
            checked++;
          });
        }
        if (loss === 'l1') {
          expect(v.finalTrainLoss).toBeNull();
          expect(v.unavailable?.some((u) => u.startsWith('final training loss:'))).toBe(true);
        } else expect(v.finalTrainLoss?.values).toEqual([0.01, 0.02, 0.03]);
      }
      expect(padded?.regions.map((r) => r.region)).toEqual(['interior', 'edge', 'pad']);
      const comparison = summary.comparisons[0];
      expect(comparison.pairedSeeds).toEqual([1, 2, 3]);
      for (const term of comparison.terms) {
        term.estimate.values.forEach((value, i) => {
          expect(Math.abs(value - num(want.gaps[String(comparison.pairedSeeds[i])][term.term], term.term)), `${term.term} seed ${i + 1}`).toBeLessThanOrEqual(1e-6);
          checked++;
        });
      }
      // test losses 2 x 3, regions 3 x 2 (plain) + 3 x 3 (padded), gap terms 5 x 3
      expect(checked).toBe(6 + 6 + 9 + 15);
      // no prediction from a floor the loss does not have
      expect(summary.predictions.map((p) => p.padCostSource)).toEqual(['measured pad mean of padded']);
    }, 60_000);
  }

  it.skipIf(!existsSync(CHROMIUM))('report <dir> (mse and l1): every chart draws in Chromium, labels name the loss, no floor printed as 0, no negative loss bound', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      for (const loss of LOSSES) {
        const dir = path.join(root, loss);
        const run = await cli(['report', dir]);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);
        const html = readFileSync(path.join(dir, 'report.html'), 'utf8');
        expect(html).toContain(`${loss} has no entropy floor`);
        expect(html).toContain('pads top/bottom/left/right = 1/3/2/0');
        expect(html).not.toMatch(/entropy floor (is|of) 0\b/);
        const summaryJson: unknown = JSON.parse(readFileSync(path.join(dir, 'summary.json'), 'utf8'));
        const figures = buildFigures(summaryJson as Summary); // the document the command just wrote
        expect(figures.map((f) => f.name)).toContain('loss-maps');
        for (const f of figures) {
          const text = JSON.stringify(f.spec);
          expect(text, f.name).not.toContain('BCE');
          // figures of losses (not of signed differences such as the gap terms) never draw a bound below 0
          if (LOSS_FIGURES.includes(f.name)) for (const lo of lowerBounds(f.spec)) expect(lo, f.name).toBeGreaterThanOrEqual(0);
        }
        const lossMaps = figures.find((f) => f.name === 'loss-maps');
        // original 22 wide + 2 x (largest pad 3 + 1 margin) = 30 cells, 16 + 8 = 24 tall, 6 screen pixels a cell
        expect(JSON.stringify(lossMaps?.spec)).toContain('"width":180,"height":144');
        const tables = readdirSync(path.join(dir, 'tables')).filter((f) => f.endsWith('.csv'));
        const finalLosses = readFileSync(path.join(dir, 'tables', tables.find((f) => f.startsWith('final-losses')) ?? 'missing'), 'utf8');
        expect(finalLosses).toContain('no floor');
        expect(finalLosses).not.toMatch(/BCE|nats/);
        for (const t of tables) expect(readFileSync(path.join(dir, 'tables', t), 'utf8'), t).not.toMatch(/\[-/);
        const charts = await renderReport(browser, dir);
        expect(charts.reportErrors).toBe(0);
        expect(charts.views.map((c) => c.name).sort()).toEqual(figures.map((f) => f.name).sort());
        for (const c of charts.views) expect(c.items, `${loss} ${c.name}`).toBeGreaterThan(10);
        expect(charts.pageErrors).toEqual([]);
      }
    } finally {
      await browser.close();
    }
  }, 240_000);
});
