import type { Estimate, GapTermSummary, PairedTestSummary } from '../summary/types.js';
import type { Evidence } from './types.js';

/** Minimum paired seeds for a test to count (below it a term is not testable). */
export const MIN_SEEDS_FOR_TEST = 3;

/**
 * The evidence for a term: not testable below {@link MIN_SEEDS_FOR_TEST} seeds or without a CI; not
 * distinguishable when its 95% CI contains 0 or its Holm-adjusted p is not below alpha; else established.
 *
 * @example
 * evidenceOf({ n: 5, mean: 0.02, ci95: [0.01, 0.03] }, { pHolm: 0.001, pT: 0.0004 }).kind; // 'established'
 * evidenceOf({ n: 2, mean: 0.02, ci95: [-1, 1] }, { pHolm: null, pT: null }).kind;         // 'not-testable'
 */
export function evidenceOf(
  e: Pick<Estimate, 'n' | 'mean' | 'ci95'>,
  test: Pick<PairedTestSummary, 'pHolm' | 'pT'>,
  alpha = 0.05,
  plan?: Pick<GapTermSummary, 'power'>,
): Evidence {
  const p = test.pHolm ?? test.pT;
  const base = { seeds: e.n, p, holm: test.pHolm !== null };
  if (e.n < MIN_SEEDS_FOR_TEST || e.ci95 === null) return { ...base, kind: 'not-testable', reason: null, seedsToResolve: null };
  const [lo, hi] = e.ci95;
  const seedsToResolve = plan?.power?.seedsForPower ?? null;
  if (lo <= 0 && hi >= 0) return { ...base, kind: 'not-distinguishable', reason: 'ci-contains-zero', seedsToResolve };
  // A mean of exactly 0 with a CI excluding 0 cannot happen for a t CI; kept not established all the same.
  if (p === null || p >= alpha || e.mean === 0) return { ...base, kind: 'not-distinguishable', reason: 'holm', seedsToResolve };
  return { ...base, kind: 'established', reason: null, seedsToResolve: null };
}
