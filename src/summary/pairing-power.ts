import { measurePairing } from '../stats/pairing.js';
import { planSeeds } from '../stats/seed-plan.js';
import type { PairingSummary, PowerSummary } from './types.js';

/** Options of {@link pairingAndPower}. */
export interface PairingAndPowerOptions {
  /** Tests in the comparison's Holm family (the power plan is made at alpha / familySize). */
  familySize: number;
  /** Target half-width of the term's 95% CI (nats per pixel), or null for none. */
  halfWidth: number | null;
  /** Family-wise level; default 0.05. */
  alpha?: number;
  /** Target power; default 0.8. */
  power?: number;
  /** Smallest effect of interest; default (null) the observed mean difference. */
  effect?: number | null;
}

/**
 * The pairing and power fields of one term of a comparison, from the per-seed values of a and b
 * (paired by index; the term is a - b): the correlation of the seed effects, the paired and unpaired
 * standard errors and the variance reduction pairing bought; the seeds needed for 80% power to
 * detect the observed effect at alpha / familySize, and for a 95% CI of ± halfWidth.
 *
 * @example
 * const { pairing, power } = pairingAndPower(lossesBaseline, lossesEdge32, { familySize: 8, halfWidth: 0.001 });
 * pairing.varianceReduction; // < 1: pairing by seed cost precision
 * power.seedsForPower;       // seeds for 80% power against the observed difference
 */
export function pairingAndPower(
  a: readonly number[],
  b: readonly number[],
  options: PairingAndPowerOptions,
): { pairing: PairingSummary; power: PowerSummary } {
  const measured = measurePairing(a, b);
  const plan = planSeeds(
    a.map((v, i) => v - b[i]),
    {
      familySize: options.familySize,
      halfWidth: options.halfWidth,
      alpha: options.alpha ?? 0.05,
      power: options.power ?? 0.8,
      effect: options.effect ?? null,
    },
  );
  return {
    pairing: {
      correlation: measured.correlation,
      sdA: measured.sdA,
      sdB: measured.sdB,
      sdDifference: measured.sdDifference,
      sePaired: measured.sePaired,
      seUnpaired: measured.seUnpaired,
      varianceReduction: measured.varianceReduction,
      notes: measured.notes,
    },
    power: {
      effect: plan.effect,
      alpha: plan.alpha,
      familySize: plan.familySize,
      testLevel: plan.testLevel,
      targetPower: plan.targetPower,
      seedsForPower: plan.seedsForPower,
      exactSeedsForPower: plan.exactSeedsForPower,
      halfWidth: plan.halfWidth,
      seedsForHalfWidth: plan.seedsForHalfWidth,
      halfWidthNow: plan.halfWidthNow,
      notes: plan.notes,
    },
  };
}
