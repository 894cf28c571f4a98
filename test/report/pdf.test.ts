import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFigures, findReportFonts, renderSvg, ReportRenderError, svgToPdf, type FigureName } from '../../src/report/index.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';

// poppler-utils reads the PDFs as a reader would; .ci/run installs it.
const hasPoppler = ((): boolean => {
  try {
    execFileSync('pdffonts', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPoppler) console.warn('pdf.test.ts: poppler-utils (pdffonts, pdftotext, pdftoppm) not installed: the PDF checks are skipped; apt-get install poppler-utils');

const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Grey levels of a binary PGM (P5, maxval 255) as pdftoppm -gray writes it. */
function readPgm(buf: Buffer): { width: number; height: number; grey: Uint8Array } {
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(buf.subarray(0, 40).toString('latin1'));
  if (!header) throw new Error('not a P5 PGM');
  const width = Number(header[1]);
  const height = Number(header[2]);
  return { width, height, grey: buf.subarray(header[0].length, header[0].length + width * height) };
}

async function figureSvg(name: FigureName): Promise<string> {
  const s = syntheticSummary({ seeds: 3, samples: 1, variants: ['baseline28', 'edge32', 'edge36'] });
  return renderSvg(buildFigures(s, { only: [name] })[0].spec);
}

describe('PDF figures', () => {
  it.skipIf(!hasPoppler)('embed Liberation Sans, keep the text as text, and size the page as the SVG', async () => {
    const svg = await figureSvg('gap-waterfall');
    const pdf = await svgToPdf(svg, { title: 'gap-waterfall' });
    const file = join(dir, 'gap-waterfall.pdf');
    writeFileSync(file, pdf);
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThanOrEqual(2); // regular and bold
    for (const line of fonts) {
      // name, type, encoding, emb, sub, uni: every font is an embedded subset of Liberation Sans
      expect(line).toMatch(/^[A-Z]{6}\+LiberationSans(-Bold)?\s/);
      expect(line.split(/\s+/).slice(-5, -3)).toEqual(['yes', 'yes']);
    }
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain('The gap, split exactly');
    expect(text).toContain('BCE (nats/pixel)');
    const width = /width="([\d.]+)"/.exec(svg)![1];
    const height = /height="([\d.]+)"/.exec(svg)![1];
    expect(execFileSync('pdfinfo', [file], { encoding: 'utf8' })).toMatch(new RegExp(`Page size:\\s+${width} x ${height} pts`));
  });

  // Vega's SVG with clip paths (headline), dashed rules (answer), opacity and a colour gradient (loss maps):
  // drawn by poppler from the PDF and by resvg from the SVG, the two pictures agree.
  it.skipIf(!hasPoppler).each<FigureName>(['headline', 'answer', 'loss-maps', 'gap-waterfall'])('%s looks as the SVG does', async (name) => {
    const svg = await figureSvg(name);
    const file = join(dir, `${name}.pdf`);
    writeFileSync(file, await svgToPdf(svg));
    // 72 dpi: one pixel per point, as resvg draws the SVG at scale 1.
    const pdfImage = readPgm(execFileSync('pdftoppm', ['-r', '72', '-gray', '-singlefile', file]));
    const svgImage = new Resvg(svg, { fitTo: { mode: 'zoom', value: 1 }, background: 'white', font: { loadSystemFonts: true, defaultFontFamily: 'Liberation Sans' } }).render();
    expect([pdfImage.width, pdfImage.height]).toEqual([svgImage.width, svgImage.height]);
    const rgba = svgImage.pixels;
    let sum = 0;
    let far = 0;
    let ink = 0;
    for (let i = 0; i < pdfImage.grey.length; i++) {
      const g = 0.299 * rgba[4 * i] + 0.587 * rgba[4 * i + 1] + 0.114 * rgba[4 * i + 2];
      const d = Math.abs(g - pdfImage.grey[i]);
      sum += d;
      if (d > 96) far++;
      if (g < 200) ink++;
    }
    const n = pdfImage.grey.length;
    console.log(`${name}: mean grey difference ${(sum / n).toFixed(2)}, strongly different pixels ${((100 * far) / n).toFixed(2)}%`);
    expect(ink / n, 'the figure has marks to compare').toBeGreaterThan(0.01);
    expect(sum / n, 'mean grey difference').toBeLessThan(4);
    expect(far / n, 'share of pixels that differ strongly').toBeLessThan(0.02);
  });

  it('gives the same bytes for the same SVG', async () => {
    const svg = await figureSvg('headline');
    expect((await svgToPdf(svg)).equals(await svgToPdf(svg))).toBe(true);
  });

  it('without Liberation Sans, stops and says what to install', () => {
    const empty = mkdtempSync(join(dir, 'no-fonts-'));
    let error: unknown;
    try {
      findReportFonts([empty]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ReportRenderError);
    expect((error as ReportRenderError).code).toBe('fonts');
    expect((error as Error).message).toMatch(/fonts-liberation[\s\S]*BOUNDARY_EFFECTS_FONT_DIR[\s\S]*--no-pdf/);
  });
});
