// Opens a written report.html in Chromium and returns what it drew: each chart's scenegraph size and the errors.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';

/** Per chart (by name) the number of scenegraph items drawn, the report's own error count and the page's console errors. */
export interface RenderedReport {
  reportErrors: number;
  views: Array<{ name: string; items: number }>;
  pageErrors: string[];
}

/** Loads `dir/report.html` in a new page of `browser`, waits until every chart has rendered, and counts what it drew. */
export async function renderReport(browser: Browser, dir: string): Promise<RenderedReport> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const pageErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(pathToFileURL(path.join(dir, 'report.html')).href);
    await page.waitForFunction(() => (globalThis as unknown as { __report?: { done: boolean } }).__report?.done === true, null, { timeout: 60_000 });
    const charts = await page.evaluate(() => {
      type SceneNode = { items?: SceneNode[] };
      const w = globalThis as unknown as { __report: { errors: unknown[]; views: Record<string, { scenegraph(): { root: SceneNode } }> } };
      const count = (n: SceneNode | undefined): number => (n?.items ?? []).reduce((s, c) => s + 1 + count(c), 0);
      return { errors: w.__report.errors.length, views: Object.entries(w.__report.views).map(([name, view]) => ({ name, items: count(view.scenegraph().root) })) };
    });
    return { reportErrors: charts.errors, views: charts.views, pageErrors };
  } finally {
    await page.close();
  }
}
