import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { StatsError } from './errors.js';
import { seedsForHalfWidth, tTestSampleSize } from './power.js';
import { isEssentiallyConstant } from './t-test.js';
import { assertFinite } from './validate.js';

/** How the seeds a paired comparison needs were computed (stored beside every plan). */
export const SEED_PLAN_METHOD =
  'paired t-test, two-sided, power from the noncentral t (R power.t.test, strict = FALSE) with the observed sd of the ' +
  'paired differences taken as the true sd, at level alpha / family size (a raw p below it keeps the Holm-adjusted p ' +
  'below alpha whatever the other tests give); CI seeds: the fewest n with qt(0.975, n - 1) x sd / sqrt(n) <= half-width';

/** Options of {@link planSeeds}. */
export interface SeedPlanOptions {
  /** Family-wise significance level; default 0.05. */
  alpha?: number;
  /** Number of tests in the Holm family the test belongs to; default 1. */
  familySize?: number;
  /** Target power; default 0.8. */
  power?: number;
  /** Smallest effect of interest (nats per pixel); null or absent = the observed mean difference. */
  effect?: number | null;
  /** Target half-width of the 95% CI; null or absent = no half-width plan. */
  halfWidth?: number | null;
  /** Fewest seeds a plan may ask for (the project's tests need 3); default 3. */
  minN?: number;
  /** Largest number of seeds searched; default 1,000,000. */
  maxN?: number;
}

/** How many seeds a paired comparison needs, from a pilot's per-seed differences. */
export interface SeedPlan {
  /** Seeds in the pilot. */
  n: number;
  meanDifference: number;
  /** Sample sd of the pilot's differences (the planning sd); null for n < 2. */
  sdDifference: number | null;
  /** Half-width of the pilot's own 95% CI; null for n < 2. */
  halfWidthNow: number | null;
  /** The effect the power plan is for, as a positive number. */
  effect: number;
  effectSource: 'observed' | 'stated';
  alpha: number;
  familySize: number;
  /** alpha / familySize: the level each test is planned at. */
  testLevel: number;
  targetPower: number;
  /** Seeds (pairs) for `targetPower` against `effect` at `testLevel`: max(minN, ceil(exact)); null when unreachable. */
  seedsForPower: number | null;
  /** The fractional root R's power.t.test would report. */
  exactSeedsForPower: number | null;
  halfWidth: number | null;
  /** Seeds for a 95% CI of ± halfWidth, at least minN; null without a target or when unreachable. */
  seedsForHalfWidth: number | null;
  method: string;
  /** Why a number is null. */
  notes: string[];
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new StatsError('invalid-option', message);
}

/**
 * Plans the seeds of a paired comparison from a pilot: with the sd of the pilot's per-seed
 * differences taken as the truth, the seeds needed for `power` (default 80%) to detect `effect`
 * (default: the observed mean difference) with a two-sided paired t-test at alpha / familySize,
 * and the seeds for a 95% CI of ± `halfWidth`. A zero spread or a zero effect give null with a note.
 *
 * @example
 * // differences with mean 0.5 and sd 0.7071 (d_z = 0.71)
 * const plan = planSeeds([-0.5, 0.5, 1.5, 0.5, 0.5], { halfWidth: 0.5 });
 * plan.exactSeedsForPower; // ≈ 17.714 (R: power.t.test(delta = 0.5, sd = sqrt(0.5), type = "paired", power = 0.8))
 * plan.seedsForPower;      // 18
 * plan.seedsForHalfWidth;  // 11: qt(0.975, 10) x 0.7071 / sqrt(11) = 0.475 <= 0.5
 */
export function planSeeds(differences: readonly number[], options: SeedPlanOptions = {}): SeedPlan {
  assertFinite(differences, 'differences');
  const n = differences.length;
  if (n === 0) throw new StatsError('empty-input', 'a seed plan needs the differences of at least one seed');
  const alpha = options.alpha ?? 0.05;
  const familySize = options.familySize ?? 1;
  const targetPower = options.power ?? 0.8;
  const minN = options.minN ?? 3;
  const maxN = options.maxN ?? 1_000_000;
  const halfWidth = options.halfWidth ?? null;
  check(alpha > 0 && alpha < 1, `alpha must be in (0, 1), got ${String(alpha)}`);
  check(Number.isInteger(familySize) && familySize >= 1, `familySize must be a whole number >= 1, got ${String(familySize)}`);
  check(targetPower > 0 && targetPower < 1, `power must be in (0, 1), got ${String(targetPower)}`);
  check(Number.isInteger(minN) && minN >= 2, `minN must be a whole number >= 2, got ${String(minN)}`);
  check(halfWidth === null || (Number.isFinite(halfWidth) && halfWidth > 0), `halfWidth must be a positive number, got ${String(halfWidth)}`);
  const stated = options.effect ?? null;
  check(stated === null || (Number.isFinite(stated) && stated !== 0), `effect must be a non-zero number, got ${String(stated)}`);
  const meanDifference = differences.reduce((s, v) => s + v, 0) / n;
  const sdDifference =
    n < 2 ? null : Math.sqrt(differences.reduce((s, v) => s + (v - meanDifference) ** 2, 0) / (n - 1));
  const effect = Math.abs(stated ?? meanDifference);
  const testLevel = alpha / familySize;
  const notes: string[] = [];
  let seedsForPower: number | null = null;
  let exactSeedsForPower: number | null = null;
  let seedsForCi: number | null = null;
  if (sdDifference === null) notes.push(`n = ${n} < 2 seeds: no spread to plan from`);
  else if (isEssentiallyConstant(sdDifference / Math.sqrt(n), meanDifference)) notes.push('every seed gives the same difference: no spread to plan from');
  else {
    if (effect === 0) notes.push('the observed mean difference is exactly 0: state the smallest effect of interest to plan for');
    else {
      const size = tTestSampleSize({ delta: effect, sd: sdDifference, sigLevel: testLevel, power: targetPower, type: 'paired', maxN });
      if (size === null) notes.push(`more than ${maxN.toLocaleString('en-US')} seeds would be needed for this effect`);
      else {
        exactSeedsForPower = size.exact;
        seedsForPower = Math.max(minN, size.whole);
      }
    }
    if (halfWidth !== null) {
      seedsForCi = seedsForHalfWidth(sdDifference, halfWidth, { minN, maxN });
      if (seedsForCi === null) notes.push(`more than ${maxN.toLocaleString('en-US')} seeds would be needed for a CI of ± ${halfWidth}`);
    }
  }
  const halfWidthNow = sdDifference === null ? null : (tQuantile(0.975, n - 1) * sdDifference) / Math.sqrt(n);
  return {
    n,
    meanDifference,
    sdDifference,
    halfWidthNow,
    effect,
    effectSource: stated === null ? 'observed' : 'stated',
    alpha,
    familySize,
    testLevel,
    targetPower,
    seedsForPower,
    exactSeedsForPower,
    halfWidth,
    seedsForHalfWidth: seedsForCi,
    method: SEED_PLAN_METHOD,
    notes,
  };
}
