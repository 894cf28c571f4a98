import { describe, expect, it } from 'vitest';
import {
  bcaInterval,
  bootstrapMeanCi,
  bootstrapMeanDifferenceCi,
  createStatsRng,
  DEFAULT_BOOTSTRAP_SEED,
  quantileSorted7,
  StatsError,
  type StatsRng,
} from '../../src/stats/index.js';

/** Standard normal draws by Box-Muller from a seeded generator (test data only). */
function normals(rng: StatsRng, n: number): number[] {
  return Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - rng.uniform())) * Math.cos(2 * Math.PI * rng.uniform()));
}

describe('quantileSorted7', () => {
  it("interpolates like R's quantile(type = 7)", () => {
    expect(quantileSorted7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted7([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantileSorted7([1, 2, 3, 4], 1)).toBe(4);
  });
});

describe('bcaInterval', () => {
  it('equals the percentile interval when z0 = 0 and a = 0 (hand-worked)', () => {
    // boot = -2..2 around estimate 0: 2 below + half of 1 equal -> proportion 0.5 -> z0 = 0;
    // jackknife values symmetric -> third moment 0 -> a = 0; level 0.5 -> quantiles 0.25 / 0.75
    const r = bcaInterval(Float64Array.from([-2, -1, 0, 1, 2]), 0, [[-1, 1]], 0.5);
    expect(r.z0).toBe(0);
    expect(r.acceleration).toBe(0);
    expect(r.interval).toEqual([-1, 1]);
  });

  it('has acceleration a = sum(d^3) / (6 (sum d^2)^1.5) of the jackknife deviations (hand-worked)', () => {
    // jackknife values 0, 0, 3: mean 1, deviations dot - jk = 1, 1, -2 -> sum d^3 = -6, sum d^2 = 6
    const r = bcaInterval(Float64Array.from([0, 1, 2, 3]), 1.5, [[0, 0, 3]], 0.9);
    expect(r.acceleration).toBeCloseTo(-6 / (6 * 6 ** 1.5), 14);
  });

  it('is null with a reason when every resample is on one side', () => {
    const r = bcaInterval(Float64Array.from([1, 2, 3]), 0, [[1, 2]], 0.9);
    expect(r.interval).toBeNull();
    expect(r.reason).toMatch(/one side/);
  });
});

describe('bootstrapMeanCi', () => {
  const values = [0.12, 0.31, 0.18, 0.44, 0.27, 0.2, 0.35];

  it('is reproducible from its seed and changes with it', () => {
    const a = bootstrapMeanCi(values, { seed: 11 });
    const b = bootstrapMeanCi(values, { seed: 11 });
    const c = bootstrapMeanCi(values, { seed: 12 });
    expect(a).toEqual(b);
    expect(a!.percentile).not.toEqual(c!.percentile);
    expect(a!.resamples).toBe(10_000);
    expect(bootstrapMeanCi(values)!.seed).toBe(DEFAULT_BOOTSTRAP_SEED);
  });

  it('draws only from the generator passed in', () => {
    let draws = 0;
    const inner = createStatsRng(5);
    const counting: StatsRng = { uniform: () => (draws++, inner.uniform()), int: (n) => (draws++, inner.int(n)) };
    const r = bootstrapMeanCi(values, { rng: counting, resamples: 500 });
    expect(draws).toBe(500 * values.length);
    expect(r!.seed).toBeNull();
    expect(r).toEqual(bootstrapMeanCi(values, { rng: createStatsRng(5), resamples: 500 }));
  });

  it('gives acceleration 0 and a BCa interval close to the percentile one for symmetric data', () => {
    const r = bootstrapMeanCi([-3, -2, -1, 0, 1, 2, 3], { seed: 3, resamples: 20_000 })!;
    expect(r.acceleration).toBeCloseTo(0, 14);
    expect(Math.abs(r.z0!)).toBeLessThan(0.05);
    expect(r.bca![0]).toBeCloseTo(r.percentile[0], 1);
    expect(r.bca![1]).toBeCloseTo(r.percentile[1], 1);
    // and the intervals are nearly symmetric about the mean 0
    expect(r.percentile[0] + r.percentile[1]).toBeCloseTo(0, 1);
  });

  it('shifts BCa towards the long tail for right-skewed data', () => {
    const skewed = [0.1, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5, 3.0];
    const r = bootstrapMeanCi(skewed, { seed: 9 })!;
    expect(r.acceleration!).toBeGreaterThan(0);
    expect(r.bca![1]).toBeGreaterThan(r.percentile[1]);
  });

  it('percentile intervals cover the true mean about 95% of the time (normal data, n = 20)', () => {
    const rng = createStatsRng(2024);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      const r = bootstrapMeanCi(normals(rng, 20), { seed: t, resamples: 1000 })!;
      if (r.percentile[0] <= 0 && 0 <= r.percentile[1]) covered++;
    }
    // The percentile interval under-covers slightly at n = 20 (about 0.93); a sane range:
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('returns null for fewer than 3 values and throws on bad input', () => {
    expect(bootstrapMeanCi([1, 2])).toBeNull();
    expect(() => bootstrapMeanCi([1, NaN, 3])).toThrow(StatsError);
    expect(() => bootstrapMeanCi([1, 2, 3], { resamples: 10 })).toThrow(/resamples/);
  });
});

describe('bootstrapMeanDifferenceCi', () => {
  it('centres on mean(a) - mean(b) and is reproducible', () => {
    const a = [1.1, 1.3, 1.2, 1.4, 1.25];
    const b = [1.0, 0.9, 1.05, 0.95];
    const r = bootstrapMeanDifferenceCi(a, b, { seed: 7 })!;
    expect(r.estimate).toBeCloseTo(1.25 - 0.975, 12);
    expect(r.percentile[0]).toBeLessThan(r.estimate);
    expect(r.percentile[1]).toBeGreaterThan(r.estimate);
    expect(r.bca).not.toBeNull();
    expect(bootstrapMeanDifferenceCi(a, b, { seed: 7 })).toEqual(r);
  });
});
