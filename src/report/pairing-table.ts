/**
 * The report's table of pairing and power: per comparison and gap term, how well the seeds paired
 * (correlation of the two variants' seed effects, paired and unpaired standard errors, the variance
 * reduction pairing bought) and how many seeds the term needs.
 */
import type { Summary } from '../summary/types.js';
import type { ReportTable, TableCell } from './report-table.js';

const sig = (x: number | null | undefined): TableCell => (x === null || x === undefined ? null : x.toPrecision(3));

/**
 * One row per comparison and term with summary.json's `pairing` and `power` (terms of older
 * documents without them get empty cells).
 *
 * @example
 * pairingPowerTable(summary).rows[1].slice(0, 3); // ['baseline28', 'edge32', 'samePixel']
 */
export function pairingPowerTable(summary: Summary): ReportTable {
  return {
    name: 'pairing-power',
    title:
      'Pairing by seed and seeds needed per term (r: correlation of the two variants\' seed effects; variance reduction: unpaired / paired variance of the mean difference, below 1 when pairing cost precision; seeds for 80% power to detect the observed effect with a paired t-test at alpha / Holm family size, and for a 95% CI of ± 1% of a\'s test loss)',
    columns: [
      { key: 'a', header: 'a', kind: 'text' },
      { key: 'b', header: 'b', kind: 'text' },
      { key: 'term', header: 'term', kind: 'text' },
      { key: 'n', header: 'pairs', kind: 'int' },
      { key: 'r', header: 'r (seeds)', kind: 'ratio' },
      { key: 'sdA', header: 'sd a', kind: 'text' },
      { key: 'sdB', header: 'sd b', kind: 'text' },
      { key: 'sdDiff', header: 'sd (a − b)', kind: 'text' },
      { key: 'sePaired', header: 'se paired', kind: 'text' },
      { key: 'seUnpaired', header: 'se unpaired', kind: 'text' },
      { key: 'reduction', header: 'variance reduction', kind: 'ratio' },
      { key: 'seedsPower', header: 'seeds: 80% power', kind: 'int' },
      { key: 'halfWidth', header: 'CI half-width target', kind: 'text' },
      { key: 'seedsCi', header: 'seeds: 95% CI', kind: 'int' },
    ],
    rows: summary.comparisons.flatMap((c) =>
      c.terms.map((t): TableCell[] => [
        c.a,
        c.b,
        t.term,
        t.estimate.n,
        t.pairing?.correlation ?? null,
        sig(t.pairing?.sdA),
        sig(t.pairing?.sdB),
        sig(t.pairing?.sdDifference),
        sig(t.pairing?.sePaired),
        sig(t.pairing?.seUnpaired),
        t.pairing?.varianceReduction ?? null,
        t.power?.seedsForPower ?? null,
        sig(t.power?.halfWidth),
        t.power?.seedsForHalfWidth ?? null,
      ]),
    ),
  };
}
