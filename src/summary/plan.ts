import { planSeeds, type SeedPlan } from '../stats/seed-plan.js';
import { SummaryError } from './build.js';
import type { PairingSummary, Summary } from './types.js';

/** What planning needs of one term of a comparison: its per-seed differences and pairing. */
export interface PlanTermInput {
  term: string;
  /** The term per paired seed (a - b). */
  differences: number[];
  /** The measured pairing, when the summary has it. */
  pairing: PairingSummary | null;
}

/** What planning needs of one comparison of a pilot experiment. */
export interface PlanComparisonInput {
  a: string;
  b: string;
  pairedSeeds: number[];
  /** Tests in the comparison's Holm family. */
  familySize: number;
  /** Mean test loss of `a` over the paired seeds (the default CI half-width is 1% of it). */
  aLoss: number;
  terms: PlanTermInput[];
}

/** Options of {@link planExperiment}. */
export interface PlanOptions {
  /** Smallest effect of interest (nats per pixel) for every term; default the observed mean difference. */
  effect?: number | null;
  /** Target half-width of the 95% CI; default 1% of the comparison's `a` test loss. */
  halfWidth?: number | null;
  /** Target power; default 0.8. */
  power?: number;
  /** Family-wise level; default 0.05. */
  alpha?: number;
}

/** The seeds one term of one comparison needs. */
export interface TermPlan {
  a: string;
  b: string;
  term: string;
  pairing: PairingSummary | null;
  plan: SeedPlan;
}

/**
 * The number of distinct hypotheses in a comparison's Holm family (`holmFamily`); for documents
 * written before it existed, every test of the comparison (terms and other tests), as they were
 * adjusted together then. Counted whether or not this experiment had enough seeds for a p: the
 * planned experiment will have a p for each.
 *
 * @example
 * holmFamilySize(summary.comparisons[0]); // 5: gap, samePixel, samePixelEdge, samePixelInterior, dilution
 */
export function holmFamilySize(comparison: { holmFamily?: readonly unknown[]; terms: readonly unknown[]; tests: readonly unknown[] }): number {
  return comparison.holmFamily?.length ?? comparison.terms.length + comparison.tests.length;
}

/**
 * The planning input of every comparison of a summary.
 *
 * @example
 * planInput(await summarizeExperiment('reports/mnist'))[0].terms[0].differences; // the gap per seed
 */
export function planInput(summary: Summary): PlanComparisonInput[] {
  return summary.comparisons.map((c) => {
    const a = summary.variants.find((v) => v.variant === c.a);
    if (a === undefined) throw new SummaryError(`the summary compares ${c.a} with ${c.b} but has no variant ${c.a}; rebuild it from the runs.`);
    const aLosses = c.pairedSeeds.map((seed) => a.testLoss.values[a.testLoss.seeds.indexOf(seed)]);
    return {
      a: c.a,
      b: c.b,
      pairedSeeds: c.pairedSeeds,
      familySize: holmFamilySize(c),
      aLoss: aLosses.reduce((s, v) => s + v, 0) / aLosses.length,
      terms: c.terms.map((t) => ({ term: t.term, differences: t.estimate.values, pairing: t.pairing ?? null })),
    };
  });
}

/**
 * How many seeds every term of every comparison needs, planned from a pilot: 80% power (or
 * `power`) to detect the observed effect (or `effect`) with a two-sided paired t-test at alpha /
 * family size, and a 95% CI of ± `halfWidth` (default 1% of the comparison's `a` loss). See
 * {@link planSeeds} for the method.
 *
 * @example
 * const plans = planExperiment(planInput(summary), { effect: 0.0005 });
 * plans.find((p) => p.term === 'samePixel')?.plan.seedsForPower;
 */
export function planExperiment(comparisons: readonly PlanComparisonInput[], options: PlanOptions = {}): TermPlan[] {
  return comparisons.flatMap((c) =>
    c.terms.map((t) => ({
      a: c.a,
      b: c.b,
      term: t.term,
      pairing: t.pairing,
      plan: planSeeds(t.differences, {
        familySize: Math.max(1, c.familySize),
        halfWidth: options.halfWidth ?? 0.01 * c.aLoss,
        effect: options.effect ?? null,
        power: options.power ?? 0.8,
        alpha: options.alpha ?? 0.05,
      }),
    })),
  );
}
