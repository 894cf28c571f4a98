import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../src/summary/types.js';

// examples/paper compiles with Debian's LaTeX; .ci/run installs texlive-latex-base,
// texlive-latex-recommended and poppler-utils, so this runs in CI.
const ROOT = resolve(__dirname, '../..');
const PAPER = join(ROOT, 'examples', 'paper');
const has = (tool: string, arg: string): boolean => {
  try {
    execFileSync(tool, [arg], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const tools = has('pdflatex', '--version') && has('pdftotext', '-v') && has('pdffonts', '-v');
if (!tools) console.warn('paper.test.ts SKIPPED: pdflatex or poppler-utils missing; apt-get install texlive-latex-base texlive-latex-recommended poppler-utils');

const out = mkdtempSync(join(tmpdir(), 'paper-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** The macros of numbers.tex, as the plain text the report prints. */
function macros(): Map<string, string> {
  const text = readFileSync(join(ROOT, 'reports', 'mnist', 'tables', 'numbers.tex'), 'utf8');
  const map = new Map<string, string>();
  for (const m of text.matchAll(/^\\newcommand\{\\([A-Za-z]+)\}\{(.*)\} % /gm)) {
    map.set(m[1], m[2].replace(/\\ensuremath\{-\}/g, '−').replace(/\\ensuremath\{<\}/g, '<').replace(/\\%/g, '%').replace(/\{,\}/g, ','));
  }
  return map;
}

/** Checks a printed number against a summary value: the same sign, and equal after rounding to the printed decimals. */
function agrees(printed: string, value: number): void {
  const x = Number(printed.replace('−', '-').replace('%', ''));
  const decimals = (printed.replace('%', '').split('.')[1] ?? '').length;
  expect(Math.abs(x - value), `${printed} vs ${value}`).toBeLessThanOrEqual(0.5 * 10 ** -decimals + 1e-12);
}

describe.skipIf(!tools)('examples/paper', () => {
  it('compiles with pdflatex from the committed MNIST report, and its sentence carries summary.json’s numbers', () => {
    execFileSync('pdflatex', ['-interaction=nonstopmode', '-halt-on-error', `-output-directory=${out}`, 'paper.tex'], { cwd: PAPER, stdio: 'pipe', timeout: 120_000 });
    const pdf = join(out, 'paper.pdf');
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    // As a reader's copy-paste sees it: lines joined, a hyphen at a line's end kept with its word.
    const text = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/-\n/g, '-').replace(/\s+/g, ' ');
    const sentence =
      /lowers the test loss from (\S+) \(95% CI \[(\S+), (\S+)\]\) to (\S+) \(95% CI \[(\S+), (\S+)\]\) nats per pixel over (\d+) paired seeds, a gap of (\S+) of which (\S+) is dilution by the pad pixels, while the change on the same original pixels is (\S+) \(95% CI \[(\S+), (\S+)\]; Holm-adjusted p = (\S+)\), not distinguishable from zero\./.exec(
        text,
      );
    expect(sentence, text.slice(0, 800)).not.toBeNull();
    const got = sentence!.slice(1);
    console.log(`pdftotext reads: ${sentence![0]}`);

    // 1. The numbers are summary.json's, rounded (looked up here by hand).
    const summary = JSON.parse(readFileSync(join(ROOT, 'reports', 'mnist', 'summary.json'), 'utf8')) as Summary;
    const v = (name: string) => summary.variants.find((x) => x.variant === name)!;
    const c = summary.comparisons.find((x) => x.a === 'baseline28' && x.b === 'edge32')!;
    const term = (name: string) => c.terms.find((t) => t.term === name)!;
    const [b, e, gap, dil, sp] = [v('baseline28').testLoss, v('edge32').testLoss, term('gap').estimate, term('dilution').estimate, term('samePixel')];
    const expected = [b.mean, b.ci95![0], b.ci95![1], e.mean, e.ci95![0], e.ci95![1], c.pairedSeeds.length, gap.mean, (100 * dil.mean) / gap.mean, sp.estimate.mean, sp.estimate.ci95![0], sp.estimate.ci95![1], sp.test.pHolm!];
    got.forEach((printed, i) => agrees(printed, expected[i]));
    expect(got[7].startsWith('+')).toBe(true); // the gap lowers edge32's loss

    // 2. They are printed exactly as numbers.tex (and so the report) prints them.
    const m = macros();
    const ids = 'VbaselineTwoEightVedgeThreeTwo';
    expect(got).toEqual([
      m.get('beTestLossMeanVbaselineTwoEight'), m.get('beTestLossLowVbaselineTwoEight'), m.get('beTestLossHighVbaselineTwoEight'),
      m.get('beTestLossMeanVedgeThreeTwo'), m.get('beTestLossLowVedgeThreeTwo'), m.get('beTestLossHighVedgeThreeTwo'),
      m.get(`bePairs${ids}`), m.get(`beGapMean${ids}`), m.get(`beDilutionShare${ids}`),
      m.get(`beSamePixelMean${ids}`), m.get(`beSamePixelLow${ids}`), m.get(`beSamePixelHigh${ids}`), m.get(`beSamePixelPHolm${ids}`),
    ]);

    // 3. The words hold for these numbers: the same-pixel CI contains 0, so "not distinguishable from zero".
    expect(sp.estimate.ci95![0]).toBeLessThan(0);
    expect(sp.estimate.ci95![1]).toBeGreaterThan(0);

    // 4. Every font is embedded, the figure's Liberation Sans among them.
    const fonts = execFileSync('pdffonts', [pdf], { encoding: 'utf8' }).trim().split('\n').slice(2);
    expect(fonts.some((l) => /\+LiberationSans\s/.test(l))).toBe(true);
    for (const line of fonts) expect(line.split(/\s+/).at(-5), line).toBe('yes');
  });
});
