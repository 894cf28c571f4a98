// Identifiers are data: variant ids and labels that are names of Object.prototype's members
// (`__proto__`, `toString`, `constructor`, `hasOwnProperty`, `valueOf`) analyse and report like any
// other. NumPy writes one experiment twice, once with these ids and once with ordinary ones; the
// summaries must hold the same numbers, and `report` must draw every figure and name every id.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';
import { findPython, runPython } from './python.js';
import { renderReport } from './render-report.js';

const python = findPython(['numpy']);
const CHROMIUM = '/usr/bin/chromium';
const root = mkdtempSync(path.join(tmpdir(), 'be-identifiers-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HOSTILE = ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf'];
const ORDINARY = ['a', 'b', 'c', 'd', 'e'];

// argv: folder, comma-separated ids. The arrays depend only on the position of a variant, never on its id.
const WRITE = String.raw`
import json, os, sys
out, ids = sys.argv[1], sys.argv[2].split(',')
H0, N = 6, 4
clean = np.random.default_rng(7).uniform(0, 1, (N, H0, H0)).astype(np.float32)
variants = []
for k, vid in enumerate(ids):
    p = k % 3  # pads 0, 1, 2, 0, 1
    target = np.pad(clean, ((0, 0), (p, p), (p, p)), mode='edge')
    runs = []
    for seed in (1, 2, 3):
        r = np.random.default_rng(100 * k + seed)
        pred = np.clip(target + r.normal(0, 0.1, target.shape), 0.01, 0.99).astype(np.float32)
        d = os.path.join(out, 'v%d' % k, 's%d' % seed); os.makedirs(d, exist_ok=True)
        np.save(os.path.join(d, 't.npy'), target)
        np.save(os.path.join(d, 'p.npy'), pred)
        runs.append(dict(seed=seed, finalTrainLoss=0.1 * seed, files=dict(targets='v%d/s%d/t.npy' % (k, seed), predictions='v%d/s%d/p.npy' % (k, seed))))
    v = dict(id=vid, label=ids[(k + 1) % len(ids)], height=H0 + 2 * p, width=H0 + 2 * p, pads=dict(top=p, bottom=p, left=p, right=p), runs=runs)
    if p > 0: v['padMode'] = 'edge'
    variants.append(v)
manifest = dict(format='boundary-effects/open-experiment', version=1, question='Do names matter?', dataset=dict(name='toy'),
    loss='bce', edgeWidth=1, reference=ids[0], samples=2, variants=variants,
    referenceNumbers=[dict(variant=ids[0], metric='finalTrainLoss', value=0.3, label='paper')],
    comparisons=[dict(a=ids[0], b=i, label=i) for i in ids[1:]])
with open(os.path.join(out, 'manifest.json'), 'w') as f: json.dump(manifest, f)
`;

/** The summary's text with the hostile ids (as JSON strings) replaced by the ordinary ones, position for position. */
function renamed(text: string): string {
  return HOSTILE.reduce((t, id, i) => t.replaceAll(JSON.stringify(id), JSON.stringify(ORDINARY[i])).replaceAll(id, ORDINARY[i]), text);
}

describe.skipIf(python === null)('variant ids that are Object.prototype member names', () => {
  beforeAll(() => {
    runPython(python ?? 'python3', WRITE, [path.join(root, 'hostile'), HOSTILE.join(',')]);
    runPython(python ?? 'python3', WRITE, [path.join(root, 'ordinary'), ORDINARY.join(',')]);
  }, 60_000);

  it('analyze: the same numbers as the same experiment with ordinary ids', async () => {
    const hostile = await cli(['analyze', path.join(root, 'hostile'), '--json']);
    expect(hostile.stderr).toBe('');
    expect(hostile.code).toBe(0);
    const ordinary = await cli(['analyze', path.join(root, 'ordinary'), '--json']);
    expect(ordinary.code).toBe(0);
    const parsed: unknown = JSON.parse(hostile.stdout);
    expect(parsed).toMatchObject({ variants: HOSTILE.map((variant) => ({ variant })) });
    // Every id and label kept as written (JSON.parse makes `__proto__` an own key, as the summary wrote it).
    expect(parsed).toMatchObject({ experiment: { labels: Object.fromEntries(HOSTILE.map((id, i) => [id, HOSTILE[(i + 1) % 5]])) } });
    expect(renamed(hostile.stdout).replace(/hostile/g, 'ordinary')).toBe(ordinary.stdout);
  }, 120_000);

  it('report: exit 0, every figure of the ordinary experiment, every id in report.html and in the figures', async () => {
    const hostileDir = path.join(root, 'hostile');
    const ordinaryDir = path.join(root, 'ordinary');
    const run = await cli(['report', hostileDir, '--no-pdf']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect((await cli(['report', ordinaryDir, '--no-pdf'])).code).toBe(0);
    const figures = (dir: string): string[] => readdirSync(path.join(dir, 'figures')).sort();
    expect(figures(hostileDir)).toEqual(figures(ordinaryDir));
    expect(figures(hostileDir).filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(8);
    const html = readFileSync(path.join(hostileDir, 'report.html'), 'utf8');
    for (const id of HOSTILE) expect(html, id).toContain(`>${id}<`);
    // One reference number, of the first variant only (a lookup by id must not find Object.prototype's members).
    const numbers = readFileSync(path.join(hostileDir, 'tables', 'numbers.tex'), 'utf8');
    expect(numbers.match(/\\newcommand\{\\\w*Reference\w*\}/g) ?? []).toHaveLength(1);
    expect(numbers).not.toContain('native code');
    // Every macro's value (names differ with the ids) equals the ordinary experiment's, in the same order.
    const values = (tex: string): string[] => [...tex.matchAll(/^\\newcommand\{\\\w+\}\{(.*)\} % /gm)].map((m) => m[1]);
    expect(values(numbers).length).toBeGreaterThan(100);
    expect(values(numbers)).toEqual(values(readFileSync(path.join(ordinaryDir, 'tables', 'numbers.tex'), 'utf8')));
    const headline = readFileSync(path.join(hostileDir, 'figures', 'headline.svg'), 'utf8');
    for (const id of HOSTILE) expect(headline, id).toContain(id);
    if (!existsSync(CHROMIUM)) return;
    // The page draws the same specs with the browser's Vega: every chart, no error.
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
    try {
      const charts = await renderReport(browser, hostileDir);
      expect(charts.pageErrors).toEqual([]);
      expect(charts.reportErrors).toBe(0);
      expect(charts.views.length).toBe(figures(hostileDir).filter((f) => f.endsWith('.svg')).length);
      for (const c of charts.views) expect(c.items, c.name).toBeGreaterThan(10);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
