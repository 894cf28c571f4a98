/**
 * Opens generated reports in Debian's headless Chromium (never a downloaded browser) and checks that
 * every chart rendered marks, the console shows no error and no request left the page.
 * Screenshots go to $TMPDIR/boundary-effects-report-browser/.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFigures, renderReportHtml } from '../../src/report/index.js';
import type { Summary } from '../../src/summary/types.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';
import { maliciousSummary } from './fixtures/malicious-summary.js';

const CHROMIUM = '/usr/bin/chromium';
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
  await page.goto(pathToFileURL(path).href);
  await page.waitForFunction(() => (globalThis as unknown as { __report?: { done: boolean } }).__report?.done === true, null, { timeout: 60_000 });
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
  await page.close();
  return { result, consoleErrors, requests, dialogs, path };
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

  it('does not execute injected markup from labels, file names or the command', async () => {
    const { result, consoleErrors, requests, dialogs } = await openReport(maliciousSummary(), 'malicious.html', null);
    expect(dialogs).toEqual([]);
    expect(result.errors).toEqual([]);
    expect(result.charts.length).toBeGreaterThan(5);
    expect(consoleErrors).toEqual([]);
    for (const url of requests) expect(url).toMatch(/^(file|data):/);
  });
});
