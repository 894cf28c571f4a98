/**
 * The report's sentences on what the seeds can and cannot show: for a term not distinguishable
 * from zero, how many seeds would resolve an effect of its observed size (from summary.json's
 * `power`), and whether pairing the variants by seed helped (`pairing`).
 */
import type { GapTermSummary } from '../summary/types.js';

/**
 * "about N seeds would resolve an effect of this size (...)", or null when the summary has no plan
 * for the term (older documents) or no number of seeds would.
 *
 * @example
 * seedsToResolve(term); // 'about 106 seeds would resolve an effect of this size (80% power at the Holm-adjusted level, from the paired sd 0.00066)'
 */
export function seedsToResolve(t: Pick<GapTermSummary, 'power' | 'pairing'>): string | null {
  const power = t.power;
  if (power === undefined || power.seedsForPower === null) return null;
  const sd = t.pairing?.sdDifference ?? null;
  return (
    `about ${power.seedsForPower.toLocaleString('en-US')} seeds would resolve an effect of this size ` +
    `(${Math.round(power.targetPower * 100)}% power at the Holm-adjusted level${sd === null ? '' : `, from the paired sd ${sd.toPrecision(2)}`})`
  );
}

/**
 * What to add to "not distinguishable from zero with n seeds": how many seeds would resolve an
 * effect of the observed size, and a clause when pairing by seed added variance instead of removing
 * it. Empty for documents without pairing and power.
 *
 * @example
 * seedsClauses(term); // ['about 106 seeds would resolve an effect of this size (...)', 'pairing the runs by seed did not help here: ...']
 */
export function seedsClauses(t: Pick<GapTermSummary, 'power' | 'pairing'>): string[] {
  const clauses: string[] = [];
  const resolve = seedsToResolve(t);
  if (resolve !== null) clauses.push(resolve);
  const reduction = t.pairing?.varianceReduction ?? null;
  if (reduction !== null && reduction < 1) {
    clauses.push(`pairing the runs by seed did not help here: the paired differences vary ${(1 / reduction).toFixed(1)} times as much as independent seeds' would`);
  }
  return clauses;
}

/**
 * "not distinguishable from zero with n seeds, <p>; about N seeds would resolve an effect of this
 * size (...)": the verdict on a term whose 95% CI contains zero.
 *
 * @example
 * indistinguishableVerdict(term, 5, 'p_Holm = 0.70'); // 'not distinguishable from zero with 5 seeds, p_Holm = 0.70; about 106 seeds would ...'
 */
export function indistinguishableVerdict(t: Pick<GapTermSummary, 'power' | 'pairing'>, n: number, p: string): string {
  return [`not distinguishable from zero with ${n} seed${n === 1 ? '' : 's'}, ${p}`, ...seedsClauses(t)].join('; ');
}
