/**
 * `tables/numbers.tex`: one LaTeX macro per number the report states, so a paper writes
 * `\beGapMeanVbaselineTwoEightVedgeThreeTwo` instead of copying +0.0225 by hand. Each value is
 * the text the report's tables print (formatCell on the same cells), so the paper and the report
 * cannot disagree. Names: see macro-name.ts and docs/paper.md.
 */
import type { Estimate, GapTerm, PairedQuantity, PairedTestSummary, RegionName, Summary } from '../summary/types.js';
import { ArgumentError } from '../errors.js';
import { macroName } from './macro-name.js';
import { decisiveP } from './format.js';
import { commentText, provenanceLines, type LatexProvenance } from './provenance-comment.js';
import { comparisonFindings } from '../findings/index.js';
import { diffCell, formatCell, intervalTexts, lossCell, type ColumnKind, type IntervalCell, type TableCell } from './tables.js';

/** One number of the report as a macro. */
export interface NumberMacro {
  /** Macro name without the backslash (letters only). */
  name: string;
  /** The number as the report prints it (plain text, e.g. `−0.0002`, `< 0.001`, `101.0%`). */
  text: string;
  /** What the number is, for the comment beside its definition. */
  what: string;
}

/** Quantity word of each gap term. */
export const TERM_WORD: Readonly<Record<GapTerm, string>> = {
  gap: 'Gap',
  samePixel: 'SamePixel',
  samePixelEdge: 'SamePixelEdge',
  samePixelInterior: 'SamePixelInterior',
  dilution: 'Dilution',
};

/** Quantity word of each paired test that is not a gap term (the gap-terms table's extra rows). */
export const TEST_WORD: Readonly<Partial<Record<PairedQuantity, string>>> = {
  'region:edge': 'EdgeRingDiff',
  'region:interior': 'InteriorDiff',
  testLoss: 'TestLossDiff',
};

/** Quantity word of each region. */
export const REGION_WORD: Readonly<Record<RegionName, string>> = { interior: 'Interior', edge: 'Edge', pad: 'Pad' };

/**
 * Every number the report's text and its final-losses, comparisons, regions, gap-terms and
 * pairing-power tables state, as macros, in summary order. A number the summary does not have
 * (no CI with one seed, no p, no floor) gets no macro: a paper that uses it stops with LaTeX's
 * "Undefined control sequence" instead of printing a guess.
 *
 * @example
 * numberMacros(summary).find((m) => m.name === 'beTestLossMeanVbaselineTwoEight')?.text; // '0.0973'
 */
export function numberMacros(summary: Summary): NumberMacro[] {
  const out: NumberMacro[] = [];
  const add = (quantity: string, ids: readonly string[], value: TableCell, kind: ColumnKind, what: string): void => {
    if (value === null || typeof value === 'string') return;
    if (typeof value === 'number' && !Number.isFinite(value)) return;
    out.push({ name: macroName(quantity, ids), text: formatCell(value, kind), what });
  };
  const addInterval = (quantity: string, ids: readonly string[], cell: IntervalCell, kind: 'loss-ci' | 'signed-ci', what: string): void => {
    const t = intervalTexts(cell, kind);
    out.push({ name: macroName(`${quantity}Mean`, ids), text: t.mean, what: `${what}: mean` });
    if (t.lo !== null && t.hi !== null) {
      out.push({ name: macroName(`${quantity}Low`, ids), text: t.lo, what: `${what}: 95% CI low${cell.cut ? ' (cut at 0)' : ''}` });
      out.push({ name: macroName(`${quantity}High`, ids), text: t.hi, what: `${what}: 95% CI high` });
    }
  };
  const addLoss = (quantity: string, ids: readonly string[], e: Estimate | null, what: string): void => {
    if (e !== null) addInterval(quantity, ids, lossCell(e), 'loss-ci', what);
  };

  const s = summary.settings;
  add('Epochs', [], s.epochs, 'int', 'epochs of training');
  add('BatchSize', [], s.batchSize, 'int', 'batch size');
  add('TrainImages', [], s.trainSize, 'int', 'training images');
  add('TestImages', [], s.testSize, 'int', 'test images');
  add('EdgeWidth', [], s.edgeWidth, 'int', 'width of the edge ring in pixels');

  for (const v of summary.variants) {
    const id = [v.variant];
    const of = (what: string): string => `${JSON.stringify(v.variant)}: ${what}`;
    // Own keys only: a variant named `toString` has no reference of its own, whatever Object.prototype holds.
    const ref = summary.reference !== null && Object.hasOwn(summary.reference, v.variant) ? summary.reference[v.variant] : undefined;
    if (ref !== undefined) out.push({ name: macroName('Reference', id), text: String(ref), what: of("the question's reported loss") });
    add('Seeds', id, v.testLoss.n, 'int', of('seeds'));
    addLoss('TestLoss', id, v.testLoss, of('test loss'));
    addLoss('TrainLoss', id, v.finalTrainLoss, of('final train loss'));
    addLoss('OriginalLoss', id, v.originalLoss, of('test loss on the original pixels'));
    add('Floor', id, v.entropyFloor?.mean ?? null, 'loss', of('entropy floor'));
    addLoss('Excess', id, v.excess, of('excess over the floor'));
    for (const r of v.regions) {
      const w = `Region${REGION_WORD[r.region]}`;
      const where = of(`${r.region} region`);
      add(`${w}Pixels`, id, r.pixels, 'int', `${where}: pixels`);
      add(`${w}Weight`, id, r.weight, 'ratio', `${where}: share of the pixels`);
      addLoss(`${w}Loss`, id, r.meanLoss, `${where}: mean loss`);
      add(`${w}Contribution`, id, r.contribution.mean, 'loss', `${where}: contribution to the test loss`);
      add(`${w}Floor`, id, r.floor?.mean ?? null, 'loss', `${where}: entropy floor`);
    }
  }

  for (const c of summary.comparisons) {
    const ids = [c.a, c.b];
    const of = (what: string): string => `${JSON.stringify(c.a)} − ${JSON.stringify(c.b)}: ${what}`;
    add('Pairs', ids, c.pairedSeeds.length, 'int', of('paired seeds'));
    const addTest = (word: string, mean: number, ci: [number, number] | null, t: PairedTestSummary, what: string): void => {
      addInterval(word, ids, diffCell(mean, ci), 'signed-ci', of(what));
      add(`${word}P`, ids, t.pT, 'p', of(`${what}: p (paired t)`));
      add(`${word}PHolm`, ids, t.pHolm, 'p', of(`${what}: p (Holm)`));
      add(`${word}PWilcoxon`, ids, t.pWilcoxon, 'p', of(`${what}: p (Wilcoxon)`));
      add(`${word}Dz`, ids, t.dz, 'ratio', of(`${what}: d_z`));
    };
    for (const t of c.terms) {
      const word = TERM_WORD[t.term];
      addTest(word, t.estimate.mean, t.estimate.ci95, t.test, t.term);
      add(`${word}Correlation`, ids, t.pairing?.correlation ?? null, 'ratio', of(`${t.term}: correlation of the seed effects`));
      add(`${word}PairingReduction`, ids, t.pairing?.varianceReduction ?? null, 'ratio', of(`${t.term}: variance reduction by pairing`));
      add(`${word}SeedsForPower`, ids, t.power?.seedsForPower ?? null, 'int', of(`${t.term}: seeds for 80% power`));
      add(`${word}SeedsForCi`, ids, t.power?.seedsForHalfWidth ?? null, 'int', of(`${t.term}: seeds for the 95% CI target`));
    }
    for (const t of c.tests) {
      const word = TEST_WORD[t.quantity];
      if (word !== undefined) addTest(word, t.meanDifference, t.ci95, t, t.quantity);
    }
    // Shares only where the report states them (an established gap, each part within it; src/findings).
    const share = comparisonFindings(summary, c).share;
    if (share.kind === 'shares') {
      add('DilutionShare', ids, share.dilution, 'share', of('dilution share of the gap'));
      add('SamePixelShare', ids, share.samePixel, 'share', of('same-pixel share of the gap'));
    }
    const sp = c.terms.find((t) => t.term === 'samePixel');
    if (sp !== undefined) add('SamePixelDecisiveP', ids, decisiveP(sp.test), 'p', of('same-pixel change: the p the comparisons table prints (Holm, else t)'));
  }
  return out;
}

const LATEX_NUMBER: Readonly<Record<string, string>> = { '−': '\\ensuremath{-}', '<': '\\ensuremath{<}', '%': '\\%', ',': '{,}' };

/**
 * A number as the report prints it, as LaTeX that works in text and in math mode.
 *
 * @example
 * latexNumber('−0.0002'); // '\\ensuremath{-}0.0002'
 * latexNumber('< 0.001'); // '\\ensuremath{<} 0.001'
 * latexNumber('60,000');  // '60{,}000'
 */
export function latexNumber(text: string): string {
  if (!/^[0-9.+−<%, ]+$/.test(text)) throw new ArgumentError(`'${text}' is not a number as the report prints it; numbers.tex takes digits, '.', '+', '−', '<', '%', ',' and spaces only`);
  return text.replace(/[−<%,]/g, (c) => LATEX_NUMBER[c] ?? c);
}

/**
 * `numbers.tex`: provenance comments, then one `\newcommand` per number (`\newcommand` stops with
 * an error where a name is already taken, rather than silently redefining it).
 *
 * @example
 * numbersToLatex(numberMacros(summary), provenance).split('\n')[0]; // '% written by boundary-effects 0.1.0'
 */
export function numbersToLatex(macros: readonly NumberMacro[], provenance: LatexProvenance): string {
  const seen = new Set<string>();
  for (const m of macros) {
    if (seen.has(m.name)) throw new ArgumentError(`two numbers would share the macro \\${m.name}`);
    seen.add(m.name);
  }
  const lines = [
    ...provenanceLines(provenance).map((l) => `% ${l}`),
    '% One macro per number of the report, printed as the report prints it; names: docs/paper.md.',
    '% Use: \\input{numbers.tex} in the preamble, then e.g. \\beTestLossMeanVbaselineTwoEight in the text.',
    ...macros.map((m) => `\\newcommand{\\${m.name}}{${latexNumber(m.text)}} % ${commentText(m.what)}`),
  ];
  return `${lines.join('\n')}\n`;
}
