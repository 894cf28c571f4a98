import { DataError } from '../data/errors.js';
import { holmFamilySize, type PlanComparisonInput } from './plan.js';
import type { PairingSummary } from './types.js';

import * as field from '../json/fields.js';

/**
 * Reads the parts of a summary.json document that seed planning needs, checking each (the file may
 * be damaged or from another tool): comparisons with their paired seeds, terms with per-seed values,
 * test p-values, and variant a's test losses. Throws a DataError ('format', exit code 2) naming the file and the field.
 *
 * @example
 * const input = parsePlanInput(parseJsonFile(await readFile('reports/mnist/summary.json', 'utf8'), 'reports/mnist/summary.json'), 'reports/mnist/summary.json');
 */
export function parsePlanInput(json: unknown, file: string): PlanComparisonInput[] {
  const fail = field.failFor((message) => new DataError('format', `${file}: ${message}; rebuild it with 'boundary-effects report <dir> --rebuild', or plan from the runs with --from-runs.`, { file }));
  const object = (v: unknown, where: string): Record<string, unknown> => field.record(v, where, fail);
  const array = (v: unknown, where: string): unknown[] => field.array(v, where, fail);
  const text = (v: unknown, where: string): string => field.text(v, where, fail);
  const finite = (v: unknown, where: string): number => field.finite(v, where, fail);
  const numbers = (v: unknown, where: string): number[] => field.numbers(v, where, fail);
  const pValue = (v: unknown, where: string): number | null => (v === null ? null : finite(v, where));
  const nullableNumber = (v: unknown, where: string): number | null => (v === null || v === undefined ? null : finite(v, where));

  const root = object(json, 'the document');
  const variants = array(root.variants, 'variants').map((v, i) => {
    const variant = object(v, `variants[${i}]`);
    const testLoss = object(variant.testLoss, `variants[${i}].testLoss`);
    return {
      variant: text(variant.variant, `variants[${i}].variant`),
      testLoss: { values: numbers(testLoss.values, `variants[${i}].testLoss.values`), seeds: numbers(testLoss.seeds, `variants[${i}].testLoss.seeds`) },
    };
  });
  const comparisons = array(root.comparisons, 'comparisons').map((c, i) => {
    const where = `comparisons[${i}]`;
    const comparison = object(c, where);
    const pairedSeeds = numbers(comparison.pairedSeeds, `${where}.pairedSeeds`);
    const a = text(comparison.a, `${where}.a`);
    const aVariant = variants.find((v) => v.variant === a) ?? fail(`${where}.a names ${a}, which is not among the variants`);
    for (const seed of pairedSeeds) {
      if (!aVariant.testLoss.seeds.includes(seed)) fail(`${where}.pairedSeeds has seed ${seed}, which ${a}'s test loss lacks`);
    }
    const terms = array(comparison.terms, `${where}.terms`).map((t, j) => {
      const at = `${where}.terms[${j}]`;
      const term = object(t, at);
      const values = numbers(object(term.estimate, `${at}.estimate`).values, `${at}.estimate.values`);
      if (values.length !== pairedSeeds.length) fail(`${at}.estimate.values has ${values.length} values for ${pairedSeeds.length} paired seeds`);
      return {
        term: text(term.term, `${at}.term`),
        values,
        pT: pValue(object(term.test, `${at}.test`).pT, `${at}.test.pT`),
        pairing: term.pairing === undefined ? null : parsePairing(object(term.pairing, `${at}.pairing`), `${at}.pairing`, nullableNumber),
      };
    });
    const tests = array(comparison.tests, `${where}.tests`).map((t, j) => ({ pT: pValue(object(t, `${where}.tests[${j}]`).pT, `${where}.tests[${j}].pT`) }));
    const holmFamily =
      comparison.holmFamily === undefined
        ? undefined
        : array(comparison.holmFamily, `${where}.holmFamily`).map((q, j) => text(q, `${where}.holmFamily[${j}]`));
    return { a, b: text(comparison.b, `${where}.b`), pairedSeeds, terms, tests, ...(holmFamily === undefined ? {} : { holmFamily }) };
  });
  const aLoss = (a: string, pairedSeeds: number[]): number => {
    const v = variants.find((x) => x.variant === a);
    const losses = pairedSeeds.map((seed) => v?.testLoss.values[v.testLoss.seeds.indexOf(seed)] ?? NaN);
    return losses.reduce((s, x) => s + x, 0) / losses.length;
  };
  return comparisons.map((c) => ({
    a: c.a,
    b: c.b,
    pairedSeeds: c.pairedSeeds,
    familySize: holmFamilySize(c),
    aLoss: aLoss(c.a, c.pairedSeeds),
    terms: c.terms.map((t) => ({ term: t.term, differences: t.values, pairing: t.pairing })),
  }));
}

function parsePairing(
  pairing: Record<string, unknown>,
  where: string,
  nullableNumber: (v: unknown, where: string) => number | null,
): PairingSummary {
  const value = (name: keyof PairingSummary): number | null => nullableNumber(pairing[name], `${where}.${name}`);
  const notes = Array.isArray(pairing.notes) ? pairing.notes.filter((n): n is string => typeof n === 'string') : [];
  return {
    correlation: value('correlation'),
    sdA: value('sdA'),
    sdB: value('sdB'),
    sdDifference: value('sdDifference'),
    sePaired: value('sePaired'),
    seUnpaired: value('seUnpaired'),
    varianceReduction: value('varianceReduction'),
    notes,
  };
}
