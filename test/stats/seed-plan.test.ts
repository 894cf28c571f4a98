import { describe, expect, it } from 'vitest';
import { planSeeds, StatsError } from '../../src/stats/index.js';

// Expectations from SciPy (scipy.stats.nct + brentq), the same design as R's
// power.t.test(delta, sd, sig.level, power = 0.8, type = "paired").
describe('planSeeds', () => {
  const diffs = [-0.5, 0.5, 1.5, 0.5, 0.5]; // mean 0.5, sd sqrt(0.5) (hand)

  it('plans 80% power for the observed effect and a CI half-width', () => {
    const plan = planSeeds(diffs, { halfWidth: 0.5 });
    expect(plan.meanDifference).toBeCloseTo(0.5, 14);
    expect(plan.sdDifference).toBeCloseTo(Math.sqrt(0.5), 14);
    expect(plan.effectSource).toBe('observed');
    expect(plan.exactSeedsForPower).toBeCloseTo(17.71419314816855, 6);
    expect(plan.seedsForPower).toBe(18);
    // qt(0.975, 10) sqrt(0.5) / sqrt(11) = 0.4750 <= 0.5; with 10 seeds 0.5058 > 0.5
    expect(plan.seedsForHalfWidth).toBe(11);
    // the pilot's own CI: qt(0.975, 4) sqrt(0.5) / sqrt(5) = 2.776445 x 0.316228 = 0.877989
    expect(plan.halfWidthNow).toBeCloseTo(0.877989, 5);
  });

  it('plans at alpha / family size: the level that keeps a Holm-adjusted p below alpha', () => {
    const plan = planSeeds(diffs, { familySize: 8 });
    expect(plan.testLevel).toBeCloseTo(0.00625, 14);
    expect(plan.exactSeedsForPower).toBeCloseTo(29.353497478435074, 6);
    expect(plan.seedsForPower).toBe(30);
    expect(plan.seedsForHalfWidth).toBeNull();
  });

  it('plans for a stated smallest effect instead of the observed one, whatever its sign', () => {
    const plan = planSeeds(diffs, { effect: -0.5 });
    expect(plan.effect).toBe(0.5);
    expect(plan.effectSource).toBe('stated');
    expect(plan.seedsForPower).toBe(18);
  });

  it('never asks for fewer seeds than a test needs (3)', () => {
    expect(planSeeds([10, 10.1, 9.9], {}).seedsForPower).toBe(3);
  });

  it('says why when it cannot plan', () => {
    expect(planSeeds([0.1, 0.1, 0.1]).notes).toEqual(['every seed gives the same difference: no spread to plan from']);
    expect(planSeeds([-1, 1, 0]).notes[0]).toMatch(/observed mean difference is exactly 0/);
    expect(planSeeds([1]).seedsForPower).toBeNull();
    expect(planSeeds([-1, 1.001, 0], { maxN: 100 }).notes[0]).toMatch(/more than 100 seeds/);
  });

  it('refuses bad options', () => {
    expect(() => planSeeds(diffs, { familySize: 0 })).toThrow(StatsError);
    expect(() => planSeeds(diffs, { halfWidth: -1 })).toThrow(/halfWidth/);
    expect(() => planSeeds([])).toThrow(/at least one seed/);
  });
});
