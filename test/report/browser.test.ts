/**
 * Opens generated reports in Debian's headless Chromium (never a downloaded browser) and checks that
 * every chart rendered marks, the console shows no error and no request left the page.
 * Screenshots go to $TMPDIR/boundary-effects-report-browser/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFigures, buildNarrative, renderReportHtml } from '../../src/report/index.js';
import { findPython } from '../open-format/python.js';
import { ownExperiment } from './fixtures/own-experiments.js';
import type { Summary } from '../../src/summary/types.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';
import { maliciousSummary } from './fixtures/malicious-summary.js';

const CHROMIUM = '/usr/bin/chromium';

/**
 * A quick-mode run as the issue met it: 2 seeds, 2 epochs on 4,000 images, and t-intervals so wide
 * (n = 2, t = 12.7) that every loss's lower bound is below 0.
 */
function wideSmallRun(): Summary {
  const s = syntheticSummary({ seeds: 2 });
  s.settings = { ...s.settings, epochs: 2, trainSize: 4000, testSize: 1000 };
  const widen = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(widen);
    if (typeof node !== 'object' || node === null) return;
    if ('ci95' in node && 'mean' in node && 'values' in node && Array.isArray(node.ci95) && typeof node.mean === 'number') {
      const half = 3 * Math.abs(node.mean) + 0.001;
      node.ci95 = [node.mean - half, node.mean + half];
    }
    Object.values(node).forEach(widen);
  };
  widen(s.variants);
  widen(s.predictions);
  widen(s.comparisons.map((c) => c.terms.map((t) => t.estimate)));
  return s;
}
const OUT = join(tmpdir(), 'boundary-effects-report-browser');

interface ChartCheck {
  name: string;
  items: number;
  width: number;
  height: number;
  element: string;
}

interface PageResult {
  done: boolean;
  errors: Array<{ name: string; message: string }>;
  charts: ChartCheck[];
}

/** A drawn text label of a chart: its content and its (possibly rotated) box as four corners in page pixels. */
interface TextBox {
  text: string;
  corners: Array<[number, number]>;
}

/** What a chart draws, read from its Vega scenegraph. */
interface ChartScene {
  name: string;
  texts: TextBox[];
  legendLabels: string[];
  /** Loss intervals (lo of rows that hold a loss's CI) below 0: should be none. */
  negativeLossBounds: Array<{ label: string; lo: number }>;
}

/** Projections of two convex polygons on each other's edge normals overlap by more than `eps` px on every axis (SAT). */
function polygonsOverlap(a: Array<[number, number]>, b: Array<[number, number]>, eps = 0.5): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const [x1, y1] = poly[i];
      const [x2, y2] = poly[(i + 1) % poly.length];
      const nx = y2 - y1;
      const ny = x1 - x2;
      const len = Math.hypot(nx, ny) || 1;
      const project = (p: Array<[number, number]>) => p.map(([x, y]) => (x * nx + y * ny) / len);
      const pa = project(a);
      const pb = project(b);
      if (Math.min(Math.max(...pa), Math.max(...pb)) - Math.max(Math.min(...pa), Math.min(...pb)) <= eps) return false;
    }
  }
  return true;
}

/** Every variant name a figure's spec maps to a colour (color or fill encodings on the field `variant`). */
function variantColourDomains(spec: unknown): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'color' || key === 'fill') && typeof value === 'object' && value !== null && 'field' in value && value.field === 'variant') {
        const scale = 'scale' in value ? value.scale : undefined;
        const domain = typeof scale === 'object' && scale !== null && 'domain' in scale && Array.isArray(scale.domain) ? scale.domain : [];
        for (const d of domain) if (typeof d === 'string') found.add(d);
      }
      visit(value);
    }
  };
  visit(spec);
  return [...found];
}

let context: BrowserContext;
let userDataDir: string;

beforeAll(async () => {
  userDataDir = mkdtempSync(join(tmpdir(), 'report-chromium-profile-'));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 900 },
  });
}, 60_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
});

/** Reads every chart's scenegraph: text boxes (rotated as drawn), legend labels, loss rows with a negative CI bound. */
async function readScenes(page: Page): Promise<ChartScene[]> {
  return page.evaluate((): ChartScene[] => {
    type Item = { x?: number; y?: number; angle?: number; bounds?: { x1: number; y1: number; x2: number; y2: number }; text?: unknown; opacity?: number; fillOpacity?: number; items?: Mark[]; datum?: Record<string, unknown> };
    type Mark = { marktype: string; role?: string; items?: Item[] };
    const g = globalThis as unknown as {
      __report: { views: Record<string, { scenegraph(): { root: Mark } }> };
      vega: { Bounds: new () => unknown; Marks: { text: { bound(b: unknown, item: Item, mode: number): number[] } } };
    };
    const textOf = (t: unknown): string => (Array.isArray(t) ? t.join(' ') : t === undefined || t === null ? '' : String(t));
    return Object.entries(g.__report.views).map(([name, view]) => {
      const texts: TextBox[] = [];
      const legendLabels: string[] = [];
      const negativeLossBounds: Array<{ label: string; lo: number }> = [];
      const visitMark = (mark: Mark, ox: number, oy: number): void => {
        for (const item of mark.items ?? []) {
          const d = item.datum;
          // Rows that carry a loss's CI: estimate rows (hasCi), and the totals and levels of the waterfalls.
          // Residual and term rows hold differences, which may be negative.
          if (d && typeof d.lo === 'number' && !('residual' in d) && ('hasCi' in d || d.kind === 'total' || d.kind === 'step') && d.lo < 0) {
            negativeLossBounds.push({ label: `${mark.role ?? mark.marktype}: ${JSON.stringify(d).slice(0, 120)}`, lo: d.lo });
          }
          if (mark.marktype === 'group') {
            for (const m of item.items ?? []) visitMark(m, ox + (item.x ?? 0), oy + (item.y ?? 0));
          } else if (mark.marktype === 'text') {
            const text = textOf(item.text);
            if (text.trim() === '' || item.opacity === 0 || item.fillOpacity === 0) continue;
            if (mark.role === 'legend-label') legendLabels.push(text);
            // Rotated labels: the four corners Vega draws them in (x1y1, x1y2, x2y1, x2y2, put in cyclic
            // order); unrotated ones: their bounds, which Vega measured with the page's fonts.
            const b = item.bounds;
            const p = item.angle ? g.vega.Marks.text.bound(new g.vega.Bounds(), item, 2) : b ? [b.x1, b.y1, b.x1, b.y2, b.x2, b.y1, b.x2, b.y2] : [];
            if (p.length !== 8 || p.some((v) => !Number.isFinite(v))) continue;
            texts.push({ text, corners: [0, 2, 6, 4].map((i): [number, number] => [p[i] + ox, p[i + 1] + oy]) });
          }
        }
      };
      visitMark(view.scenegraph().root, 0, 0);
      return { name, texts, legendLabels, negativeLossBounds };
    });
  });
}

async function openReport(summary: Summary, file: string, screenshot: string | null) {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, file);
  writeFileSync(path, renderReportHtml(summary));
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Pages inline a few MB of libraries and data: on a shared, busy machine loading takes a while.
  await page.goto(pathToFileURL(path).href, { timeout: 120_000 });
  await page.waitForFunction(() => (globalThis as unknown as { __report?: { done: boolean } }).__report?.done === true, null, { timeout: 120_000 });
  const result = await page.evaluate((): PageResult => {
    type SceneNode = { items?: SceneNode[] };
    const w = globalThis as unknown as { __report: { done: boolean; errors: Array<{ name: string; message: string }>; views: Record<string, { scenegraph(): { root: SceneNode } }> } };
    const count = (n: SceneNode | undefined): number => (n?.items ?? []).reduce((s, c) => s + 1 + count(c), 0);
    const charts = Object.entries(w.__report.views).map(([name, view]) => {
      type El = { tagName: string; getBoundingClientRect(): { width: number; height: number } };
      const doc = (globalThis as unknown as { document: { querySelector(sel: string): El | null } }).document;
      const el = doc.querySelector(`#chart-${name} svg, #chart-${name} canvas`);
      const box = el?.getBoundingClientRect();
      return { name, items: count(view.scenegraph().root), width: box?.width ?? 0, height: box?.height ?? 0, element: el?.tagName.toLowerCase() ?? 'none' };
    });
    return { done: w.__report.done, errors: w.__report.errors, charts };
  });
  if (screenshot) await page.screenshot({ path: join(OUT, screenshot), fullPage: true });
  const scenes = await readScenes(page);
  const bodyText = await page.evaluate(() => (globalThis as unknown as { document: { body: { innerText: string } } }).document.body.innerText);
  await page.close();
  return { result, consoleErrors, requests, dialogs, path, scenes, bodyText };
}

describe.skipIf(!existsSync(CHROMIUM))('report in headless Chromium', () => {
  it('renders every chart offline without console errors', async () => {
    const summary = syntheticSummary({ seeds: 5 });
    const { result, consoleErrors, requests } = await openReport(summary, 'report.html', 'report.png');
    const expected = buildFigures(summary).map((f) => f.name);
    expect(result.errors).toEqual([]);
    expect(result.charts.map((c) => c.name).sort()).toEqual([...expected].sort());
    for (const c of result.charts) {
      expect(c.items, c.name).toBeGreaterThan(10);
      expect(c.width, c.name).toBeGreaterThan(100);
      expect(c.height, c.name).toBeGreaterThan(100);
      expect(['svg', 'canvas'], c.name).toContain(c.element);
    }
    expect(consoleErrors).toEqual([]);
    expect(requests.length).toBeGreaterThan(0);
    for (const url of requests) expect(url).toMatch(/^(file|data):/);
  });

  it('draws no two text labels of a figure on top of each other', async () => {
    for (const summary of [syntheticSummary({ seeds: 5 }), wideSmallRun()]) {
      const { scenes } = await openReport(summary, 'labels.html', null);
      expect(scenes.length).toBe(buildFigures(summary).length);
      for (const scene of scenes) {
        const clashes: string[] = [];
        scene.texts.forEach((a, i) =>
          scene.texts.slice(i + 1).forEach((b) => {
            if (polygonsOverlap(a.corners, b.corners)) clashes.push(`"${a.text}" × "${b.text}"`);
          }),
        );
        expect(clashes, scene.name).toEqual([]);
      }
    }
  });

  it('gives every figure whose colour encodes a variant a legend naming each variant', async () => {
    const summary = syntheticSummary({ seeds: 5 });
    const { scenes } = await openReport(summary, 'legends.html', null);
    const figures = buildFigures(summary);
    let coloured = 0;
    for (const f of figures) {
      const variants = variantColourDomains(f.spec);
      if (variants.length === 0) continue;
      coloured++;
      const labels = scenes.find((s) => s.name === f.name)?.legendLabels ?? [];
      for (const v of variants) expect(labels, `${f.name} legend`).toContain(v);
    }
    // headline, intensity, regions, curves, paired seeds and prediction colour by variant
    expect(coloured).toBeGreaterThanOrEqual(6);
  });

  it('shows no interval of a loss with a negative bound, and a small run says what it cannot conclude', async () => {
    const { scenes, bodyText } = await openReport(wideSmallRun(), 'small-run.html', 'small-run.png');
    for (const s of scenes) expect(s.negativeLossBounds, s.name).toEqual([]);
    // Every interval on the page: a difference is signed at both ends ([−0.02, +0.04]); a loss is
    // unsigned, so an unsigned upper bound after a negative lower one would be a loss below 0.
    const intervals = [...bodyText.matchAll(/\[([−+-]?)(\d[\d.]*), ([−+-]?)(\d[\d.]*)\]/g)];
    expect(intervals.length).toBeGreaterThan(20);
    for (const m of intervals) if (m[3] === '') expect(m[1], m[0]).toBe('');
    expect(bodyText).toMatch(/A small run: 2 paired seeds, 2 epochs/);
    expect(bodyText).toMatch(/It cannot test any term/);
    expect(bodyText).not.toMatch(/consistent with/);
    expect(bodyText).toContain('t-based 95% CI reached below 0');
    const full = await openReport(syntheticSummary({ seeds: 5 }), 'full-run.html', null);
    expect(full.bodyText).not.toMatch(/A small run/);
  });

  it('does not execute injected markup from labels, file names or the command', async () => {
    const { result, consoleErrors, requests, dialogs } = await openReport(maliciousSummary(), 'malicious.html', null);
    expect(dialogs).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.charts.length).toBeGreaterThan(5);
    expect(consoleErrors).toEqual([]);
    for (const url of requests) expect(url).toMatch(/^(file|data):/);
  });
});

/** The first screen and layout of a report at 1400×900, read in Chromium. */
interface FirstScreen {
  title: string;
  h1: string;
  /** Bottom edge (page px) of each row of the answers table. */
  answerRowBottoms: number[];
  answerRows: string[][];
  mechanism: string;
  /** Horizontal room between the contents list's first column and the next (px); null with one column. */
  navColumnGap: number | null;
  /** Whiskers (rule marks) of the region figure that reach outside their panel's plot, as text. */
  whiskersOutside: string[];
}

async function firstScreen(html: string, file: string): Promise<FirstScreen & { source: string }> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, file);
  writeFileSync(path, html);
  const page = await context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  // The seed report inlines several MB of figure data: slow to parse on a busy machine.
  await page.goto(pathToFileURL(path).href, { timeout: 120_000 });
  await page.waitForFunction(() => (globalThis as unknown as { __report?: { done: boolean } }).__report?.done === true, null, { timeout: 120_000 });
  await page.screenshot({ path: join(OUT, file.replace(/\.html$/, '-first-screen.png')) });
  const screen = await page.evaluate((): FirstScreen => {
    type Rect = { top: number; bottom: number; left: number; right: number };
    type El = { textContent: string | null; innerText: string; getBoundingClientRect(): Rect; querySelectorAll(s: string): Iterable<El> };
    const doc = (globalThis as unknown as { document: { title: string; querySelector(s: string): El | null; querySelectorAll(s: string): Iterable<El> } }).document;
    const all = (root: { querySelectorAll(s: string): Iterable<El> }, sel: string): El[] => Array.from(root.querySelectorAll(sel));
    const rows = all(doc, '#answers-table tbody tr');
    const items = all(doc, 'nav ol li').map((li) => li.getBoundingClientRect());
    const firstLeft = Math.min(...items.map((r) => r.left));
    const col1 = items.filter((r) => r.left < firstLeft + 20);
    const col2 = items.filter((r) => r.left >= firstLeft + 20);
    type Item = { x?: number; y?: number; y2?: number; height?: number; items?: Mark[] };
    type Mark = { marktype: string; role?: string; items?: Item[] };
    const w = globalThis as unknown as { __report: { views: Record<string, { scenegraph(): { root: Mark } }> } };
    const outside: string[] = [];
    // Each panel (a group holding rule marks): no whisker may reach above its top axis tick or below the
    // panel's bottom, i.e. every whisker ends inside the range the axis labels.
    const ticksAndRules = (mark: Mark, oy: number, ticks: number[], rules: number[]): void => {
      for (const item of mark.items ?? []) {
        if (mark.marktype === 'group') for (const m of item.items ?? []) ticksAndRules(m, oy + (item.y ?? 0), ticks, rules);
        else if (mark.role === 'axis-tick') ticks.push(oy + (item.y ?? 0));
        else if (mark.marktype === 'rule' && mark.role === 'mark') rules.push(oy + (item.y ?? 0), oy + (item.y2 ?? item.y ?? 0));
      }
    };
    const visit = (mark: Mark): void => {
      for (const item of mark.items ?? []) {
        if (mark.marktype !== 'group') continue;
        const children = item.items ?? [];
        if (children.some((m) => m.marktype === 'rule' && m.role === 'mark')) {
          const ticks: number[] = [];
          const rules: number[] = [];
          for (const m of children) ticksAndRules(m, 0, ticks, rules);
          const top = Math.min(...ticks);
          const bottom = item.height ?? Math.max(...ticks);
          for (const y of rules) if (y < top - 0.5 || y > bottom + 0.5) outside.push(`whisker end at ${y.toFixed(1)} outside the axis [${top.toFixed(1)}, ${bottom.toFixed(1)}]`);
        } else for (const m of children) visit(m);
      }
    };
    const regions = w.__report.views['regions'];
    if (regions) visit(regions.scenegraph().root);
    return {
      title: doc.title,
      h1: doc.querySelector('h1')?.innerText ?? '',
      answerRowBottoms: rows.map((r) => r.getBoundingClientRect().bottom),
      answerRows: rows.map((r) => all(r, 'td').map((td) => td.innerText)),
      mechanism: doc.querySelector('p.mechanism')?.innerText ?? '',
      navColumnGap: col2.length === 0 ? null : Math.min(...col2.map((r) => r.left)) - Math.max(...col1.map((r) => r.right)),
      whiskersOutside: outside,
    };
  });
  await page.close();
  // The page's own text and figure specs, without the inlined chart libraries (their code is not the report's words).
  const source = html.replace(/<script data-lib="[^"]*">[\s\S]*?<\/script>/g, '');
  return { ...screen, source };
}

describe.skipIf(!existsSync(CHROMIUM) || findPython(['numpy']) === null)('the report reads as the experiment it is about (1400×900)', () => {
  const python = findPython(['numpy']) ?? 'python3';
  const dir = mkdtempSync(join(tmpdir(), 'report-own-words-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('(a) the seed MNIST report: its title says what its first comparison established, every comparison above the fold', async () => {
    const summary: Summary = JSON.parse(readFileSync(join(__dirname, '../../reports/mnist/summary.json'), 'utf8')) as Summary;
    const s = await firstScreen(renderReportHtml(summary), 'own-words-mnist.html');
    expect(s.title).toBe('Why padding lowers the loss: boundary effects of a denoising autoencoder on MNIST');
    expect(s.h1).toBe(s.title);
    expect(s.answerRows.length).toBe(summary.comparisons.length);
    for (const bottom of s.answerRowBottoms) expect(bottom).toBeLessThanOrEqual(900);
    // The contents list's second column leaves room for its numbers (an "11." is about 20 px wide at 14 px).
    expect(s.navColumnGap).not.toBeNull();
    expect(s.navColumnGap!).toBeGreaterThanOrEqual(28);
    expect(s.whiskersOutside).toEqual([]);
  }, 300_000);

  it('(b) an MSE experiment whose reflect pad raises the loss, listed first of three: its own question, no MNIST words, the right direction', async () => {
    const summary = await ownExperiment(python, dir, 'b');
    const question = summary.experiment?.question ?? '';
    expect(question).toMatch(/^Why does reflect padding/);
    const s = await firstScreen(renderReportHtml(summary), 'own-words-b.html');
    expect(s.title).toBe(question);
    expect(s.h1).toBe(question);
    expect(s.source).not.toMatch(/digit/i);
    expect(s.source).not.toMatch(/MNIST|Keras/);
    expect(s.answerRows.map((r) => r[0])).toEqual(['base20 → reflect24', 'base20 → zero24', 'zero24 → reflect24']);
    for (const bottom of s.answerRowBottoms) expect(bottom).toBeLessThanOrEqual(900);
    // The reflect pad's pixels cost more than the image's: the loss goes up, and the text says so.
    const move = /from (\d\.\d+) \(base20\) (up|down) to (\d\.\d+) \(reflect24\)/.exec(s.mechanism);
    expect(move?.[2]).toBe('up');
    expect(Number(move?.[3])).toBeGreaterThan(Number(move?.[1]));
    expect(s.mechanism).toMatch(/mirror the image across its border/);
    expect(s.mechanism).toMatch(/raises the mean \(dilution −/);
    expect(s.mechanism).not.toMatch(/copy the image's border|is better|no better/);
    expect(s.answerRows[0][3]).toMatch(/^reflect24 higher \(p_Holm/);
    expect(s.answerRows[0][6]).toMatch(/^not distinguishable from 0/);
    expect(s.whiskersOutside).toEqual([]);
  }, 120_000);

  it('(c) a BCE experiment whose first comparison is not significant: no direction, no share, no MNIST words', async () => {
    const summary = await ownExperiment(python, dir, 'c');
    const s = await firstScreen(renderReportHtml(summary), 'own-words-c.html');
    expect(s.title).toBe(summary.experiment?.question);
    expect(s.source).not.toMatch(/digit/i);
    expect(s.source).not.toMatch(/MNIST|Keras/);
    expect(s.answerRows.length).toBe(3);
    for (const bottom of s.answerRowBottoms) expect(bottom).toBeLessThanOrEqual(900);
    expect(s.answerRows[0][3]).toMatch(/^not distinguishable from 0 \(p_Holm = /);
    expect(s.answerRows[0][4]).toMatch(/no share: gap not established$/);
    const answer = buildNarrative(summary).answer;
    expect(answer).not.toMatch(/% of the gap|loss is (lower|higher) by|better|worse/);
    expect(answer).toMatch(/The gap base20 − edge24 is [+−]0\.\d+ \(95% CI \[[^\]]+\]\): not distinguishable from zero with 3 seeds/);
  }, 120_000);
});
