import type { ComparisonSummary, Estimate, GapTerm, Summary } from '../summary/types.js';
import { directionOf } from './direction.js';
import { evidenceOf } from './evidence.js';
import { padClaim } from './pad-content.js';
import { shareClaim } from './share.js';
import type { ComparisonFindings, Findings, TermClaim } from './types.js';

/** Mean of an estimate's values over the given seeds; null when a seed is missing. */
function meanOverSeeds(e: Estimate, seeds: readonly number[]): number | null {
  if (seeds.length === 0) return null;
  let sum = 0;
  for (const seed of seeds) {
    const i = e.seeds.indexOf(seed);
    if (i < 0) return null;
    sum += e.values[i];
  }
  return sum / seeds.length;
}

/**
 * The claims of one comparison: each term's direction, size and evidence, the shares of the gap
 * (or why none), the second model's pad, and both test losses over the paired seeds.
 *
 * @example
 * comparisonFindings(summary, summary.comparisons[0]).terms.gap?.direction; // 'lowers'
 */
export function comparisonFindings(summary: Summary, c: ComparisonSummary, alpha = 0.05): ComparisonFindings {
  const terms: Partial<Record<GapTerm, TermClaim>> = {};
  for (const t of c.terms) {
    terms[t.term] = {
      term: t.term,
      direction: directionOf(t.estimate.mean),
      size: Math.abs(t.estimate.mean),
      mean: t.estimate.mean,
      ci95: t.estimate.ci95,
      evidence: evidenceOf(t.estimate, t.test, alpha, t),
    };
  }
  const va = summary.variants.find((v) => v.variant === c.a);
  const vb = summary.variants.find((v) => v.variant === c.b);
  const { gap, dilution, samePixel } = terms;
  return {
    a: c.a,
    b: c.b,
    seeds: c.pairedSeeds.length,
    lossA: va === undefined ? null : meanOverSeeds(va.testLoss, c.pairedSeeds),
    lossB: vb === undefined ? null : meanOverSeeds(vb.testLoss, c.pairedSeeds),
    terms,
    share: gap && dilution && samePixel ? shareClaim(gap, dilution, samePixel) : { kind: 'withheld', reason: 'gap-not-established' },
    pad: vb === undefined ? null : padClaim(vb),
  };
}

/**
 * The findings of a summary: one {@link ComparisonFindings} per comparison, in its order.
 *
 * @example
 * buildFindings(summary).comparisons.map((c) => c.terms.gap?.evidence.kind); // ['established', ...]
 */
export function buildFindings(summary: Summary, options: { alpha?: number } = {}): Findings {
  const alpha = options.alpha ?? 0.05;
  return { alpha, comparisons: summary.comparisons.map((c) => comparisonFindings(summary, c, alpha)) };
}
