import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { macroName, spellId } from '../../src/report/macro-name.js';
import { latexNumber, numberMacros, numbersToLatex } from '../../src/report/numbers.js';
import type { Estimate, Summary } from '../../src/summary/types.js';

const ROOT = resolve(__dirname, '../..');

// ---------------------------------------------------------------------------------------------
// An independent decoder of macro names, written from docs/paper.md (not from macro-name.ts).
const TOKENS: Array<[string, string]> = [
  ['Zero', '0'], ['One', '1'], ['Two', '2'], ['Three', '3'], ['Four', '4'], ['Five', '5'], ['Six', '6'], ['Seven', '7'], ['Eight', '8'], ['Nine', '9'],
  ['Dash', '-'], ['Dot', '.'], ['Low', '_'], ['Space', ' '],
];

function unspell(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c >= 'a' && c <= 'z') {
      out += c;
      i += 1;
      continue;
    }
    const token = TOKENS.find(([t]) => s.startsWith(t, i));
    if (token) {
      out += token[1];
      i += token[0].length;
    } else if (c === 'U' && /^[a-z]$/.test(s[i + 1] ?? '')) {
      out += s[i + 1].toUpperCase();
      i += 2;
    } else if (c === 'X' && /^[a-p]{6}$/.test(s.slice(i + 1, i + 7))) {
      const hex = [...s.slice(i + 1, i + 7)].map((h) => (h.charCodeAt(0) - 97).toString(16)).join('');
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 7;
    } else {
      throw new Error(`cannot decode '${s}' at ${i}`);
    }
  }
  return out;
}

function decode(name: string): { quantity: string; ids: string[] } {
  if (!name.startsWith('be')) throw new Error(`${name} lacks the prefix`);
  const [quantity, ...ids] = name.slice(2).split('V');
  return { quantity, ids: ids.map(unspell) };
}

describe('macro names', () => {
  it('spell the repo ids as documented', () => {
    expect(macroName('TestLossMean', ['baseline28'])).toBe('beTestLossMeanVbaselineTwoEight');
    expect(macroName('GapMean', ['baseline28', 'edge32-masked'])).toBe('beGapMeanVbaselineTwoEightVedgeThreeTwoDashmasked');
    expect(spellId('Ab_9 .')).toBe('UabLowNineSpaceDot');
    expect(spellId('→')).toBe('Xaacbjc');
  });

  it('are letters only and decode back to the quantity and every id, for any ids', () => {
    const quantity = fc.constantFrom('TestLossMean', 'GapPHolm', 'SamePixelEdgeLow', 'Pairs', 'Epochs');
    fc.assert(
      fc.property(quantity, fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 3 }), (q, ids) => {
        const name = macroName(q, ids);
        expect(name).toMatch(/^[A-Za-z]+$/);
        expect(decode(name)).toEqual({ quantity: q, ids });
      }),
      { numRuns: 400 },
    );
  });

  it('never give two different (quantity, ids) the same name', () => {
    // Pairs of ids that a careless spelling would merge: a digit against its word, a capital against U+letter, a split point moved.
    const names = [
      ['Gap', ['a1', 'b']], ['Gap', ['aOne', 'b']], ['Gap', ['a', '1b']], ['Gap', ['N', 'x']], ['Gap', ['Un', 'x']], ['Gap', ['_der', 'x']], ['Gap', ['Under', 'x']],
      ['Gap', ['ab', '']], ['Gap', ['a', 'b']], ['Gap', ['', 'ab']], ['Gap', ['aV', 'b']], ['Gap', ['a', 'Vb']],
    ].map(([q, ids]) => macroName(q as string, ids as string[]));
    expect(new Set(names).size).toBe(names.length);
  });

  it('refuse a quantity word that could be mistaken for an id separator', () => {
    expect(() => macroName('VarianceReduction', ['a'])).toThrow(/capital V/);
    expect(() => macroName('gap', ['a'])).toThrow(/capitalised/);
  });
});

describe('latexNumber', () => {
  it('maps the report’s minus, <, % and thousands comma to LaTeX that works in text and math', () => {
    expect(latexNumber('−0.0002')).toBe('\\ensuremath{-}0.0002');
    expect(latexNumber('< 0.001')).toBe('\\ensuremath{<} 0.001');
    expect(latexNumber('101.0%')).toBe('101.0\\%');
    expect(latexNumber('60,000')).toBe('60{,}000');
    // an ASCII hyphen would be a number the report does not print: refused, not passed through
    expect(() => latexNumber('-0.479')).toThrow(/not a number as the report prints it/);
    expect(() => latexNumber('n/a')).toThrow();
  });
});

// ---------------------------------------------------------------------------------------------
// The committed reports' numbers.tex against their summary.json, looked up independently.

type Kind = 'int' | 'p' | 'ratio' | 'share' | 'loss' | 'loss-mean' | 'loss-bound' | 'diff-mean' | 'diff-bound' | 'reference';
interface Expected {
  value: number;
  kind: Kind;
  /** For the bounds of an interval: the interval's mean and both ends (their decimals must agree). */
  interval?: { mean: number; lo: number; hi: number };
}

const TERM_OF: Record<string, string> = { Gap: 'gap', SamePixel: 'samePixel', SamePixelEdge: 'samePixelEdge', SamePixelInterior: 'samePixelInterior', Dilution: 'dilution' };
const TEST_OF: Record<string, string> = { EdgeRingDiff: 'region:edge', InteriorDiff: 'region:interior', TestLossDiff: 'testLoss' };
const REGION_OF: Record<string, string> = { Interior: 'interior', Edge: 'edge', Pad: 'pad' };

function part(e: Estimate, stat: string, kind: 'loss' | 'diff'): Expected {
  if (e.ci95 === null) {
    if (stat !== 'Mean') throw new Error('a bound without a CI');
    return { value: e.mean, kind: `${kind}-mean` };
  }
  const interval = { mean: e.mean, lo: e.ci95[0], hi: e.ci95[1] };
  if (stat === 'Mean') return { value: e.mean, kind: `${kind}-mean`, interval };
  return { value: stat === 'Low' ? e.ci95[0] : e.ci95[1], kind: `${kind}-bound`, interval };
}

/** The summary value a macro names, found by walking summary.json by hand. */
function lookup(s: Summary, quantity: string, ids: string[]): Expected {
  const settings: Record<string, number | null> = { Epochs: s.settings.epochs, BatchSize: s.settings.batchSize, TrainImages: s.settings.trainSize, TestImages: s.settings.testSize, EdgeWidth: s.settings.edgeWidth };
  if (ids.length === 0) {
    const v = settings[quantity];
    if (v === undefined || v === null) throw new Error(`no setting ${quantity}`);
    return { value: v, kind: 'int' };
  }
  if (ids.length === 1) {
    const v = s.variants.find((x) => x.variant === ids[0]);
    if (!v) throw new Error(`no variant ${ids[0]}`);
    if (quantity === 'Reference') return { value: s.reference![ids[0]], kind: 'reference' };
    if (quantity === 'Seeds') return { value: v.testLoss.n, kind: 'int' };
    if (quantity === 'Floor') return { value: v.entropyFloor!.mean, kind: 'loss' };
    let m = /^(TestLoss|TrainLoss|OriginalLoss|Excess)(Mean|Low|High)$/.exec(quantity);
    if (m) {
      const e = { TestLoss: v.testLoss, TrainLoss: v.finalTrainLoss, OriginalLoss: v.originalLoss, Excess: v.excess }[m[1]]!;
      return part(e!, m[2], 'loss');
    }
    m = /^Region(Interior|Edge|Pad)(Pixels|Weight|LossMean|LossLow|LossHigh|Contribution|Floor)$/.exec(quantity);
    if (m) {
      const r = v.regions.find((x) => x.region === REGION_OF[m![1]])!;
      if (m[2] === 'Pixels') return { value: r.pixels, kind: 'int' };
      if (m[2] === 'Weight') return { value: r.weight, kind: 'ratio' };
      if (m[2] === 'Contribution') return { value: r.contribution.mean, kind: 'loss' };
      if (m[2] === 'Floor') return { value: r.floor!.mean, kind: 'loss' };
      return part(r.meanLoss, m[2].slice(4), 'loss');
    }
    throw new Error(`unknown variant quantity ${quantity}`);
  }
  const c = s.comparisons.find((x) => x.a === ids[0] && x.b === ids[1]);
  if (!c) throw new Error(`no comparison ${ids.join(' − ')}`);
  if (quantity === 'Pairs') return { value: c.pairedSeeds.length, kind: 'int' };
  const term = (name: string) => c.terms.find((t) => t.term === name)!;
  if (quantity === 'DilutionShare') return { value: term('dilution').estimate.mean / term('gap').estimate.mean, kind: 'share' };
  if (quantity === 'SamePixelShare') return { value: term('samePixel').estimate.mean / term('gap').estimate.mean, kind: 'share' };
  if (quantity === 'SamePixelDecisiveP') return { value: term('samePixel').test.pHolm ?? term('samePixel').test.pT!, kind: 'p' };
  const m = /^(Gap|SamePixelEdge|SamePixelInterior|SamePixel|Dilution|EdgeRingDiff|InteriorDiff|TestLossDiff)(Mean|Low|High|P|PHolm|PWilcoxon|Dz|Correlation|PairingReduction|SeedsForPower|SeedsForCi)$/.exec(quantity);
  if (!m) throw new Error(`unknown comparison quantity ${quantity}`);
  const t = TERM_OF[m[1]] ? term(TERM_OF[m[1]]) : null;
  const test = t ? t.test : c.tests.find((x) => x.quantity === TEST_OF[m[1]])!;
  const estimate: Estimate = t ? t.estimate : { n: test.n, mean: test.meanDifference, sd: null, ci95: test.ci95, values: [], seeds: [] };
  switch (m[2]) {
    case 'Mean':
    case 'Low':
    case 'High':
      return part(estimate, m[2], 'diff');
    case 'P':
      return { value: test.pT!, kind: 'p' };
    case 'PHolm':
      return { value: test.pHolm!, kind: 'p' };
    case 'PWilcoxon':
      return { value: test.pWilcoxon!, kind: 'p' };
    case 'Dz':
      return { value: test.dz!, kind: 'ratio' };
    case 'Correlation':
      return { value: t!.pairing!.correlation!, kind: 'ratio' };
    case 'PairingReduction':
      return { value: t!.pairing!.varianceReduction!, kind: 'ratio' };
    case 'SeedsForPower':
      return { value: t!.power!.seedsForPower!, kind: 'int' };
    default:
      return { value: t!.power!.seedsForHalfWidth!, kind: 'int' };
  }
}

/** The LaTeX value back to the plain text the report prints. */
function plain(latex: string): string {
  return latex.replace(/\\ensuremath\{-\}/g, '−').replace(/\\ensuremath\{<\}/g, '<').replace(/\\%/g, '%').replace(/\{,\}/g, ',');
}

const decimalsOf = (text: string): number => (text.split('.')[1] ?? '').replace('%', '').length;
const toNumber = (text: string): number => Number(text.replace('−', '-').replace('%', '').replace(/,/g, ''));

/** Checks one printed number against its summary value by the report's documented rules (docs/paper.md). */
function checkNumber(name: string, text: string, e: Expected): void {
  const x = toNumber(text);
  const close = (v: number, d: number): void => expect(Math.abs(x - v), `${name} = ${text} vs ${v}`).toBeLessThanOrEqual(0.5 * 10 ** -d + 1e-12);
  const sigDigits = (v: number, d: number): number => d + Math.floor(Math.log10(Math.abs(v))) + 1;
  switch (e.kind) {
    case 'int':
      expect(text, name).toBe(e.value.toLocaleString('en-US'));
      return;
    case 'reference':
      expect(x, name).toBe(e.value);
      return;
    case 'p':
      if (e.value < 0.001) {
        expect(text, name).toBe('< 0.001');
      } else {
        close(e.value, decimalsOf(text));
        // two decimals from 0.1 up, else three significant digits
        if (e.value >= 0.1) expect(decimalsOf(text), name).toBe(2);
        else expect(sigDigits(e.value, decimalsOf(text)), name).toBe(3);
      }
      return;
    case 'ratio':
      expect(decimalsOf(text), name).toBe(3);
      close(e.value, 3);
      return;
    case 'share':
      close(100 * e.value, decimalsOf(text));
      expect(decimalsOf(text), name).toBeGreaterThanOrEqual(1);
      return;
    case 'loss':
      // three significant digits, at least four decimals
      close(e.value, decimalsOf(text));
      // an exact 0 (a floor of pixels that are all 0) prints as 0
      if (e.value === 0) expect(text, name).toBe('0');
      else expect(decimalsOf(text), name).toBe(Math.max(4, 3 - Math.floor(Math.log10(Math.abs(e.value))) - 1));
      return;
    default: {
      const signed = e.kind.startsWith('diff');
      if (signed && Number(text.replace(/[+−]/g, '')) !== 0) expect(text[0], `${name} carries its sign`).toBe(e.value < 0 ? '−' : '+');
      const iv = e.interval;
      if (iv === undefined) {
        // no CI (one seed, or a term that is 0 by construction): three significant digits, 4 decimals for 0
        close(e.value, decimalsOf(text));
        if (e.value === 0) expect(text, name).toBe('0'); // a term that is 0 by construction
        else expect(decimalsOf(text), name).toBe(Math.min(8, Math.max(1, 2 - Math.floor(Math.log10(Math.abs(e.value))))));
        return;
      }
      if (!signed && e.kind === 'loss-bound' && e.value < 0) {
        // a loss's CI reaching below 0 is shown cut at 0
        expect(text, name).toBe('0');
        return;
      }
      close(e.value, decimalsOf(text));
      // PDG rule: two significant digits of the CI's width when its first three digits are 100–354, else one;
      // at least one significant digit of a non-zero mean; between 1 and 8 decimals.
      const width = iv.hi - iv.lo;
      const lead = Math.floor(Math.log10(width));
      const first3 = Math.round(width / 10 ** (lead - 2));
      const fromWidth = (first3 <= 354 ? 2 : 1) - 1 - lead;
      const fromMean = iv.mean === 0 ? 1 : -Math.floor(Math.log10(Math.abs(iv.mean)));
      expect(decimalsOf(text), name).toBe(Math.min(8, Math.max(1, fromWidth, fromMean)));
    }
  }
}

const MACRO_LINE = /^\\newcommand\{\\([A-Za-z]+)\}\{([^}]*(?:\{[^}]*\}[^}]*)*)\} % .*$/;

describe.each(['mnist', 'fashion-mnist'])('reports/%s/tables/numbers.tex', (name) => {
  const dir = join(ROOT, 'reports', name);
  const summaryBytes = readFileSync(join(dir, 'summary.json'));
  const summary = JSON.parse(summaryBytes.toString('utf8')) as Summary;
  const text = readFileSync(join(dir, 'tables', 'numbers.tex'), 'utf8');
  const lines = text.trimEnd().split('\n');
  const macros = lines.filter((l) => l.startsWith('\\newcommand')).map((l) => {
    const m = MACRO_LINE.exec(l);
    if (!m) throw new Error(`not a macro line: ${l}`);
    return { name: m[1], text: plain(m[2]) };
  });

  it('starts with the tool version, the command and the sha256 of summary.json', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(lines.slice(0, 3)).toEqual([
      `% written by ${pkg.name} ${pkg.version}`,
      `% command: boundary-effects report reports/${name}`,
      `% summary.json sha256: ${createHash('sha256').update(summaryBytes).digest('hex')}`,
    ]);
    expect(lines.every((l) => l.startsWith('%') || l.startsWith('\\newcommand'))).toBe(true);
  });

  it('every table starts with the same provenance, as a comment of its format', () => {
    const [tool, command, sha] = lines.slice(0, 3).map((l) => l.slice(2));
    const tables = readdirSync(join(dir, 'tables')).filter((f) => f !== 'numbers.tex');
    expect(tables.length).toBe(21);
    for (const f of tables) {
      const head = readFileSync(join(dir, 'tables', f), 'utf8');
      if (f.endsWith('.tex')) expect(head.startsWith(`% ${tool}\n% ${command}\n% ${sha}\n`), f).toBe(true);
      if (f.endsWith('.csv')) expect(head.startsWith(`# ${tool}\n# ${command}\n# ${sha}\n`), f).toBe(true);
      if (f.endsWith('.md')) expect(head.startsWith(`<!-- ${tool}; ${command}; ${sha} -->\n`), f).toBe(true);
    }
  });

  it('states every number as the summary gives it, rounded as the report rounds', () => {
    expect(macros.length).toBeGreaterThan(100);
    expect(new Set(macros.map((m) => m.name)).size).toBe(macros.length);
    for (const m of macros) {
      const { quantity, ids } = decode(m.name);
      checkNumber(m.name, m.text, lookup(summary, quantity, ids));
    }
  });

  it('has every variant’s losses and every comparison’s terms, bounds and p-values', () => {
    const names = new Set(macros.map((m) => m.name));
    const want: string[] = [];
    for (const v of summary.variants) {
      for (const q of ['TestLoss', 'OriginalLoss']) for (const st of ['Mean', 'Low', 'High']) want.push(macroName(`${q}${st}`, [v.variant]));
      want.push(macroName('Seeds', [v.variant]));
    }
    for (const c of summary.comparisons) {
      want.push(macroName('Pairs', [c.a, c.b]));
      for (const t of c.terms) {
        const word = t.term.charAt(0).toUpperCase() + t.term.slice(1);
        for (const st of t.estimate.ci95 === null ? ['Mean'] : ['Mean', 'Low', 'High']) want.push(macroName(`${word}${st}`, [c.a, c.b]));
        // numbers the summary does not have (no p for a dilution that is 0 by construction) get no macro
        if (t.test.pT !== null) want.push(macroName(`${word}P`, [c.a, c.b]));
        if (t.test.pHolm !== null) want.push(macroName(`${word}PHolm`, [c.a, c.b]));
        if (t.power?.seedsForPower != null) want.push(macroName(`${word}SeedsForPower`, [c.a, c.b]));
      }
    }
    expect(want.filter((n) => !names.has(n))).toEqual([]);
  });

  it('prints each interval exactly as the report’s tables do', () => {
    const tables = ['final-losses', 'comparisons', 'regions', 'gap-terms'].map((t) => readFileSync(join(dir, 'tables', `${t}.md`), 'utf8')).join('\n');
    const byName = new Map(macros.map((m) => [m.name, m.text]));
    let checked = 0;
    for (const m of macros.filter((x) => /^be\w+?Mean(V|$)/.test(x.name))) {
      const lo = byName.get(m.name.replace(/Mean(V|$)/, 'Low$1'));
      const hi = byName.get(m.name.replace(/Mean(V|$)/, 'High$1'));
      if (lo === undefined || hi === undefined) continue;
      expect(tables, m.name).toContain(`${m.text} [${lo}, ${hi}]`);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('is what the report writes from this summary today', () => {
    const provenance = { tool: lines[0].replace('% written by ', ''), command: lines[1].replace('% command: ', ''), summarySha256: lines[2].replace('% summary.json sha256: ', '') };
    expect(numbersToLatex(numberMacros(summary), provenance)).toBe(text);
  });
});
