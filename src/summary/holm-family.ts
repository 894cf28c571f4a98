import { holmAdjust } from '../stats/holm.js';
import { SummaryError } from './errors.js';
import type { ComparisonSummary, PairedTestSummary } from './types.js';

/**
 * Stage 4 of the summary: Holm-adjusts the t-test p-values of a comparison's family of distinct
 * hypotheses (`holmFamily`; members without a p do not count) and gives every test of the same
 * hypothesis (`sameHypothesisAs`) its member's adjusted p. Returns a new comparison.
 *
 * @example
 * applyHolm(compareVariants(a, b, options)).terms.map((t) => t.test.pHolm);
 */
export function applyHolm(comparison: ComparisonSummary): ComparisonSummary {
  const terms = comparison.terms.map((t) => ({ ...t, test: { ...t.test } }));
  const tests = comparison.tests.map((t) => ({ ...t }));
  const all: PairedTestSummary[] = [...terms.map((t) => t.test), ...tests];
  const byQuantity = new Map(all.map((t) => [t.quantity, t]));
  const members = comparison.holmFamily.map((quantity) => {
    const test = byQuantity.get(quantity);
    if (test === undefined) throw new SummaryError(`comparison ${comparison.a} vs ${comparison.b}: the Holm family names ${quantity}, which it does not test.`);
    return test;
  });
  holmAdjust(members.map((t) => t.pT)).forEach((p, i) => {
    members[i].pHolm = p;
  });
  for (const test of all) {
    if (comparison.holmFamily.includes(test.quantity)) continue;
    const same = comparison.sameHypothesisAs[test.quantity];
    const member = same === undefined ? undefined : byQuantity.get(same);
    // A test outside the family and equal to none of it (the dilution when nothing dilutes) has no adjusted p.
    test.pHolm = member === undefined || !comparison.holmFamily.includes(member.quantity) ? null : member.pHolm;
  }
  return { ...comparison, terms, tests };
}
