import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFigures, renderSvg, svgToPng, writeReport } from '../../src/report/index.js';
import { tightenSvg } from '../../src/report/render.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('exports', () => {
  it('renders a figure to SVG with text and marks, and to a 2x PNG', async () => {
    const s = syntheticSummary({ seeds: 3, samples: 0, variants: ['baseline28', 'edge32'] });
    const fig = buildFigures(s, { only: ['headline'] })[0];
    const svg = await renderSvg(fig.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('Final loss per variant');
    expect(svg).toContain('BCE (nats/pixel)');
    const width = Number(/width="(\d+(?:\.\d+)?)"/.exec(svg)![1]);
    const png = svgToPng(svg);
    expect(png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(png.readUInt32BE(16)).toBe(Math.round(width * 2)); // IHDR width at 2x
  });

  it('tightenSvg crops empty space to the drawn content and moves the background with it', () => {
    // A 600x200 canvas whose only mark is a 100x50 rectangle at (20, 30).
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="600" height="200" viewBox="0 0 600 200">' +
      '<rect width="600" height="200" fill="white"/><rect x="20" y="30" width="100" height="50" fill="black"/></svg>';
    const tight = tightenSvg(svg, 8);
    expect(tight).toContain('width="116" height="66" viewBox="12 22 116 66"');
    expect(tight).toContain('<rect x="12" y="22" width="116" height="66" fill="white"/>');
    expect(tightenSvg('<svg xmlns="http://www.w3.org/2000/svg"></svg>')).toBe('<svg xmlns="http://www.w3.org/2000/svg"></svg>');
  });

  it('writeReport writes report.html, figures/*.{vl.json,svg,pdf,png} and tables/*.{csv,md,tex}', async () => {
    const out = mkdtempSync(join(tmpdir(), 'report-export-'));
    dirs.push(out);
    const s = syntheticSummary({ seeds: 3, samples: 1, variants: ['baseline28', 'edge32', 'edge36'] });
    const r = await writeReport(s, out);
    expect(r.html).toBe(join(out, 'report.html'));
    expect(statSync(r.html).size).toBe(r.htmlBytes);
    const figs = readdirSync(join(out, 'figures')).sort();
    const names = buildFigures(s).map((f) => f.name);
    expect(figs).toEqual(names.flatMap((n) => [`${n}.pdf`, `${n}.png`, `${n}.svg`, `${n}.vl.json`]).sort());
    for (const n of names) {
      const svg = readFileSync(join(out, 'figures', `${n}.svg`), 'utf8');
      expect(svg.length, n).toBeGreaterThan(1000);
      expect(readFileSync(join(out, 'figures', `${n}.pdf`)).subarray(0, 5).toString('latin1'), n).toBe('%PDF-');
      const png = readFileSync(join(out, 'figures', `${n}.png`));
      expect(png.subarray(0, 8).equals(PNG_MAGIC), n).toBe(true);
      expect(png.length, n).toBeGreaterThan(5000);
      const spec = JSON.parse(readFileSync(join(out, 'figures', `${n}.vl.json`), 'utf8')) as { $schema: string };
      expect(spec.$schema).toContain('vega-lite/v6');
    }
    expect(readdirSync(join(out, 'tables')).sort()).toEqual(
      [...['comparisons', 'final-losses', 'gap-terms', 'intensity', 'pairing-power', 'predictions', 'regions'].flatMap((n) => [`${n}.csv`, `${n}.md`, `${n}.tex`]), 'numbers.tex'].sort(),
    );
    // a library call names no command, and the checksum of the summary as summary.json holds it
    const numbers = readFileSync(join(out, 'tables', 'numbers.tex'), 'utf8').split('\n');
    expect(numbers[1]).toBe('% command: unknown (library call)');
    expect(numbers[2]).toBe(`% summary.json sha256: ${createHash('sha256').update(`${JSON.stringify(s, null, 2)}\n`).digest('hex')}`);
    // every table starts with its provenance: a comment in its own format
    const withoutComment = (f: string): string[] => readFileSync(join(out, 'tables', f), 'utf8').trim().split('\n').filter((l) => !l.startsWith('# '));
    expect(readFileSync(join(out, 'tables', 'regions.csv'), 'utf8')).toMatch(/^# written by boundary-effects \S+\n# command: unknown \(library call\)\n# summary\.json sha256: [0-9a-f]{64}\nvariant,/);
    expect(readFileSync(join(out, 'tables', 'regions.tex'), 'utf8')).toMatch(/^% written by boundary-effects \S+\n% command: unknown \(library call\)\n% summary\.json sha256: [0-9a-f]{64}\n% requires/);
    expect(readFileSync(join(out, 'tables', 'regions.md'), 'utf8')).toMatch(/^<!-- written by boundary-effects \S+; command: unknown \(library call\); summary\.json sha256: [0-9a-f]{64} -->\n\n\*\*/);
    const csv = withoutComment('final-losses.csv');
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['baseline28', 'edge32', 'edge36']);
    const gap = withoutComment('gap-terms.csv');
    expect(gap).toHaveLength(1 + 2 * 8);
    const tex = readFileSync(join(out, 'tables', 'regions.tex'), 'utf8');
    expect(tex).toMatch(/\\toprule[\s\S]*\\midrule[\s\S]*\\bottomrule/);
    expect(readFileSync(join(out, 'tables', 'intensity.md'), 'utf8').trim().split('\n')).toHaveLength(2 + 4 + 3 * 12);
  });
});
