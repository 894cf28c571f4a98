// Ablation claims and their words: hand-made rows with expectations worked out by hand, and a property test over
// generated rows whose expectations come from the generated numbers (never from the code under test).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ablationFindings } from '../../src/findings/index.js';
import type { AblationRow } from '../../src/open-format/ablation-file.js';
import { ablationParagraphs, distinctDecimals, originalOnlyWords, whatIfWords } from '../../src/report/ablation-words.js';
import { ablationTable } from '../../src/report/ablation-table.js';

function row(variant: string, seed: number, pad: number, testLoss: number, originalLoss: number, predicted: number | null, own: boolean): AblationRow {
  const trainedPad = variant === 'base' ? 0 : 2;
  return {
    variant, seed, trainedPad, trainedMode: trainedPad === 0 ? 'none' : 'edge', pad, mode: pad === 0 ? 'none' : 'edge',
    asTrained: own, testLoss, originalLoss, predicted,
  };
}

// Two seeds: base at pad 0 (0.30, 0.20) and pad 2; pad2 (trained at pad 2) at its own pad and at pad 0.
const rows: AblationRow[] = [
  row('base', 1, 0, 0.3, 0.3, null, true),
  row('base', 2, 0, 0.2, 0.2, null, true),
  row('pad2', 1, 0, 0.33, 0.33, null, false),
  row('pad2', 2, 0, 0.27, 0.27, null, false),
  row('base', 1, 2, 0.25, 0.31, 0.26, false),
  row('base', 2, 2, 0.16, 0.19, 0.15, false),
  row('pad2', 1, 2, 0.24, 0.32, 0.25, true),
  row('pad2', 2, 2, 0.2, 0.26, 0.21, true),
];
const doc = { rows, images: 500, originalHeight: 28, originalWidth: 28 };

describe('ablationFindings and its words (by hand)', () => {
  const f = ablationFindings(doc);

  it('the padded model on the original pixels: (0.32 + 0.26) / 2 = 0.29 against base (0.3 + 0.2) / 2 = 0.25 and its own (0.24 + 0.2) / 2 = 0.22 over all pixels', () => {
    expect(f.originalOnly).toHaveLength(1);
    const c = f.originalOnly[0];
    expect(c?.originalLoss).toBeCloseTo(0.29, 12);
    expect(c?.referenceLoss).toBeCloseTo(0.25, 12);
    expect(c?.allLoss).toBeCloseTo(0.22, 12);
    expect([c?.againstReference, c?.againstAll, c?.seeds]).toEqual(['higher', 'higher', [1, 2]]);
    const words = originalOnlyWords(c ?? f.originalOnly[0]!, 28, 28);
    expect(words).toBe(
      "Scored on the original 28×28 pixels only, pad2's models (pad 2, edge) average 0.2900, higher than the 0.2500 of base's models on the same pixels, and higher than their own 0.2200 over all 32×32 pixels (means over seeds 1 and 2; no test here). So pad2's lower loss over all pixels (0.2200 against 0.2500) comes from its pad pixels; on the pixels both predict it is not lower.",
    );
  });

  it('what-if misses per variant: base −0.01 and +0.01 (one above, one below), pad2 −0.01 twice (both below)', () => {
    expect(f.whatIf.map((c) => [c.variant, c.rows, c.above, c.below, c.exact])).toEqual([
      ['base', 2, 1, 1, 0],
      ['pad2', 2, 0, 2, 0],
    ]);
    expect(f.whatIf[0]?.minMiss).toBeCloseTo(-0.01, 12);
    expect(f.whatIf[0]?.maxMiss).toBeCloseTo(0.01, 12);
    expect(whatIfWords(f.whatIf[0]!)).toBe(
      "base's models: measured − predicted runs from −0.0100 to +0.0100 over 2 rows; with the pad, their loss on the original pixels was higher in 1 of 2 rows and lower in 1 of 2 rows (against the same model at pad 0).",
    );
    expect(whatIfWords(f.whatIf[1]!)).toMatch(/was lower in all 2 rows \(against/);
  });

  it('no pad sentence when the padded model is lower on the original pixels too', () => {
    const better = rows.map((r) => (r.variant === 'pad2' && r.pad === 2 ? { ...r, originalLoss: r.originalLoss - 0.1 } : r));
    const c = ablationFindings({ ...doc, rows: better }).originalOnly[0]!;
    expect(c.againstReference).toBe('lower');
    expect(originalOnlyWords(c, 28, 28)).not.toMatch(/comes from its pad pixels/);
    expect(originalOnlyWords(c, 28, 28)).toMatch(/average 0\.1900, lower than the 0\.2500/);
  });

  it('two means that print alike at 8 decimals are "about equal", never "higher"', () => {
    const close = rows.map((r) => (r.variant === 'pad2' && r.pad === 2 ? { ...r, originalLoss: 0.25 + 1e-10 } : r));
    expect(originalOnlyWords(ablationFindings({ ...doc, rows: close }).originalOnly[0]!, 28, 28)).toMatch(/average 0\.25000000, about equal to the 0\.25000000 of base/);
  });

  it('distinctDecimals: 0.21921 and 0.21923 print alike at 4 decimals, apart at 5', () => {
    expect(distinctDecimals(0.21921, 0.21923)).toBe(5);
    expect(distinctDecimals(0.2, 0.3)).toBe(4);
    expect(distinctDecimals(0.25, 0.25)).toBe(4);
  });

  it('the table: grouped by model, pad 0 without a prediction, measured − predicted per row', () => {
    const t = ablationTable(doc);
    expect(t.rows.map((r) => `${String(r[0])}/${String(r[1])} ${String(r[2])}`)).toEqual([
      'base/1 pad 0', 'base/1 pad 2, edge', 'base/2 pad 0', 'base/2 pad 2, edge', 'pad2/1 pad 0', 'pad2/1 pad 2, edge', 'pad2/2 pad 0', 'pad2/2 pad 2, edge',
    ]);
    expect(t.rows[0]?.slice(3)).toEqual(['yes', 0.3, 0.3, null, null]);
    expect(t.rows[1]?.[7]).toBeCloseTo(-0.01, 12);
    expect(ablationParagraphs(ablationFindings(doc))[0]).toMatch(/^boundary-effects ablate ran each model itself on the same 500 test images/);
  });
});

describe('ablation words follow the numbers (property)', () => {
  const loss = fc.double({ min: 0.001, max: 1, noNaN: true });
  const seedRows = fc.array(fc.record({ base: loss, own: loss, original: loss, miss: fc.double({ min: -0.05, max: 0.05, noNaN: true }) }), { minLength: 1, maxLength: 5 });

  it('"higher/lower than" compares the two printed numbers as the raw means order them, and they print apart when they differ', () => {
    fc.assert(
      fc.property(seedRows, (draws) => {
        const generated: AblationRow[] = draws.flatMap((d, i) => [
          row('base', i + 1, 0, d.base, d.base, null, true),
          row('pad2', i + 1, 2, d.own, d.original, d.own - d.miss, true),
        ]);
        const c = ablationFindings({ ...doc, rows: generated }).originalOnly[0];
        if (c === undefined) throw new Error('no claim');
        const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
        const original = mean(draws.map((d) => d.original));
        const base = mean(draws.map((d) => d.base));
        const m = /average ([0-9.]+), (higher than|lower than|equal to|about equal to) the ([0-9.]+) of base/.exec(originalOnlyWords(c, 28, 28));
        expect(m).not.toBeNull();
        // The word follows the raw means unless they print alike (then 'about equal to'); printed apart, the word's direction holds for the printed numbers too.
        const printedAlike = m?.[1] === m?.[3];
        const want = original > base ? 'higher than' : original < base ? 'lower than' : 'equal to';
        expect(m?.[2]).toBe(printedAlike && want !== 'equal to' ? 'about equal to' : want);
        if (!printedAlike) expect(Number(m?.[1]) > Number(m?.[3])).toBe(want === 'higher than');
        if (printedAlike) expect(Math.abs(original - base)).toBeLessThan(1e-8);
        const misses = generated.filter((r) => r.variant === 'pad2').map((r) => r.testLoss - (r.predicted ?? Number.NaN));
        const words = whatIfWords(ablationFindings({ ...doc, rows: generated }).whatIf.find((w) => w.variant === 'pad2')!);
        const above = misses.filter((x) => x > 0).length;
        const n = misses.length;
        if (above > 0) expect(words).toContain(`higher in ${above < n ? `${above} of ${n} rows` : n === 1 ? 'the one row' : `all ${n} rows`}`);
        else expect(words).not.toContain('higher in');
      }),
      { numRuns: 300 },
    );
  });
});
