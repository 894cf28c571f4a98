import { describe, expect, it } from 'vitest';
import {
  buildTables,
  csvField,
  escapeLatex,
  finalLossTable,
  formatCell,
  gapTermTable,
  intensityTable,
  regionTable,
  comparisonTable,
  diffCell,
  lossCell,
  tableToCsv,
  tableToHtml,
  tableToLatex,
  tableToMarkdown,
  type ReportTable,
} from '../../src/report/index.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';

const summary = syntheticSummary({ seeds: 3, samples: 0 });

describe('tables', () => {
  it('have the expected rows', () => {
    expect(buildTables(summary).map((t) => t.name)).toEqual(['final-losses', 'comparisons', 'predictions', 'regions', 'gap-terms', 'pairing-power', 'intensity']);
    const fl = finalLossTable(summary);
    expect(fl.rows.map((r) => r[0])).toEqual(summary.variants.map((v) => v.variant));
    expect(fl.rows[0][3]).toMatchObject({ mean: summary.variants[0].testLoss.mean });
    expect(comparisonTable(summary).rows).toHaveLength(summary.comparisons.length);
    // baseline28 has 2 regions, each padded variant 3
    expect(regionTable(summary).rows).toHaveLength(2 + 3 * 4);
    const gt = gapTermTable(summary);
    expect(gt.rows).toHaveLength(summary.comparisons.length * (5 + 3));
    expect(gt.rows[0].slice(0, 2)).toEqual(['baseline28 → edge32', 'gap']);
    const c = summary.comparisons[0];
    expect(gt.rows[0][4]).toBe(c.terms[0].test.pT);
    expect(gt.rows[0][5]).toBe(c.terms[0].test.pHolm);
    // human labels, not ids
    const labels = gt.rows.map((r) => r[1]);
    expect(labels).toContain('per-pixel loss, edge ring (a − b)');
    expect(labels).toContain('test loss (a − b)');
    expect(labels.join(' ')).not.toMatch(/region:|testLoss|samePixel/);
    expect(intensityTable(summary).rows).toHaveLength(summary.variants.length * 12);
  });

  it('CSV keeps full precision and quotes fields', () => {
    const csv = tableToCsv(finalLossTable(summary)).split('\n');
    expect(csv[0].startsWith('variant,what it is,seeds,test loss mean,test loss 95% CI low (t; cut at 0),test loss 95% CI high')).toBe(true);
    expect(csv[1].replace(/"[^"]*"/g, 'quoted').split(',')[3]).toBe(String(summary.variants[0].testLoss.mean));
    expect(csvField('a,"b"')).toBe('"a,""b"""');
    // OWASP CSV injection: text a spreadsheet would run as a formula gets a leading ' and quotes.
    expect(['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)', '\tx', '\rx'].map(csvField)).toEqual([`"'=HYPERLINK(""x"")"`, `"'+1"`, `"'-2"`, `"'@SUM(A1)"`, `"'\tx"`, `"'\rx"`]);
    expect(csvField('edge32-masked')).toBe('edge32-masked');
    // A variant id starting with = in a real table; its negative numbers stay numbers.
    const hostile = { ...summary, variants: summary.variants.map((v, i) => (i === 0 ? { ...v, variant: '=cmd|calc' } : v)) };
    const row = tableToCsv(finalLossTable(hostile)).split('\n')[1];
    expect(row.startsWith(`"'=cmd|calc",`)).toBe(true);
    expect(tableToCsv(gapTermTable(summary))).toMatch(/,-\d/);
    expect(csv).toHaveLength(summary.variants.length + 2); // header, rows, trailing newline
  });

  it('Markdown has a header, an alignment row and one line per row', () => {
    const md = tableToMarkdown(regionTable(summary)).trim().split('\n');
    expect(md[2].startsWith('| variant | region | pixels')).toBe(true);
    expect(md[3]).toMatch(/^\|:---\|:---\|---:/);
    expect(md[4]).toMatch(/^\| baseline28 \| interior \| 576 \| 0\.735 \| 0\.\d+ \[0\.\d+, 0\.\d+\] \|/);
    expect(md).toHaveLength(2 + 2 + regionTable(summary).rows.length);
  });

  it('LaTeX uses booktabs and escapes special characters', () => {
    const t: ReportTable = {
      name: 'final-losses',
      title: '100% of a_b & c',
      columns: [
        { key: 'v', header: 'variant #', kind: 'text' },
        { key: 'x', header: 'loss', kind: 'loss' },
        { key: 'd', header: 'Δ', kind: 'signed' },
      ],
      rows: [
        ['edge_32 {x} $5 ~^\\', 0.12345, -0.5],
        ['<script>', null, 0.25],
      ],
    };
    const tex = tableToLatex(t);
    expect(tex).toContain('\\toprule');
    expect(tex).toContain('\\midrule');
    expect(tex).toContain('\\bottomrule');
    expect(tex).toContain('\\begin{tabular}{lrr}');
    expect(tex).toContain('\\caption{100\\% of a\\_b \\& c}');
    expect(tex).toContain('variant \\# & loss & $\\Delta$ \\\\');
    expect(tex).toContain('edge\\_32 \\{x\\} \\$5 \\textasciitilde{}\\textasciicircum{}\\textbackslash{} & 0.1235 & $-$0.5000 \\\\');
    expect(tex).toContain('\\textless{}script\\textgreater{} & -- & +0.2500 \\\\');
    expect(escapeLatex('50% & _')).toBe('50\\% \\& \\_');
    // every real table's LaTeX has balanced braces
    for (const tb of buildTables(summary)) {
      const s = tableToLatex(tb);
      expect((s.match(/(?<!\\)\{/g) ?? []).length).toBe((s.match(/(?<!\\)\}/g) ?? []).length);
    }
  });

  it('HTML escapes cells', () => {
    const t: ReportTable = { name: 'regions', title: '<b>t</b>', columns: [{ key: 'a', header: 'a', kind: 'text' }], rows: [['<script>alert(1)</script>']] };
    const html = tableToHtml(t);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('formats cells by kind', () => {
    expect(formatCell(0.000123, 'p')).toBe('< 0.001');
    expect(formatCell(0.0123, 'p')).toBe('0.0123');
    expect(formatCell(-0.01, 'signed')).toBe('−0.0100');
    expect(formatCell(null, 'loss')).toBe('–');
    expect(formatCell(784, 'int')).toBe('784');
    expect(formatCell(60000, 'int')).toBe('60,000');
    expect(formatCell(0.000368, 'loss')).toBe('0.000368');
  });

  it('prints intervals with decimals from the CI width and never a negative bound for a loss', () => {
    // The brief's example, by hand: width 0.000032, first digits 320 → two significant digits → 6 decimals.
    expect(formatCell(diffCell(0.000035, [0.000019, 0.000051]), 'signed-ci')).toBe('+0.000035 [+0.000019, +0.000051]');
    expect(formatCell(diffCell(-0.0002, [-0.0011, 0.0006]), 'signed-ci')).toBe('−0.0002 [−0.0011, +0.0006]');
    // The quick run's final training loss: t CI [−0.0702, 0.5279], width 0.598 → one digit → 1 decimal; cut at 0 and marked.
    const quick = lossCell({ mean: 0.2289, ci95: [-0.0702, 0.5279] });
    expect(formatCell(quick, 'loss-ci')).toBe('0.2 [0, 0.5]*');
    expect(formatCell(lossCell({ mean: 0.0748, ci95: [0.0745, 0.0751] }), 'loss-ci')).toBe('0.0748 [0.0745, 0.0751]');
    const t = { ...finalLossTable(summary), rows: [['x', 'y', 2, quick, quick, quick, 0.1, quick]] };
    expect(tableToHtml({ ...t, note: 'n' })).toContain('<p class="note">n</p>');
    expect(tableToCsv(t).split('\n')[1]).toBe('x,y,2,0.2289,0,0.5279,0.2289,0,0.5279,0.2289,0,0.5279,0.1,0.2289,0,0.5279');
  });
});
