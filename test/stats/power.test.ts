import { describe, expect, it } from 'vitest';
import { seedsForHalfWidth, StatsError, tTestPower, tTestSampleSize } from '../../src/stats/index.js';

// Published R outputs of power.t.test (stats package; strict = FALSE, sig.level = 0.05, sd = 1):
// - ?power.t.test examples: power.t.test(n = 20, delta = 1) -> power = 0.8689528;
//   power.t.test(power = .90, delta = 1) -> n = 22.02110 (printed R sessions, e.g. the blog post
//   "独立样本、配对样本及单样本 t 检验 样本数" on meiweiping.cn, 2016, which also prints n = 4 -> 0.2224633,
//   power = 0.80 -> n = 16.71477 and type = "paired", power = 0.8 -> n = 9.937864).
// - power.t.test(power = 0.8, delta = 5, sd = sqrt(312), type = "paired", alt = "one.sided") -> n = 78.52896
//   (SURV 616 course notes check, printed R session).
// R solves n with uniroot(tol = 1.2e-4), so its n agree with the exact root to about 1e-4; the exact
// roots below were checked with SciPy (scipy.stats.nct + brentq, xtol 1e-12).
describe('tTestPower (R power.t.test)', () => {
  it('two-sample, n = 20, delta = 1: power 0.8689528', () => {
    expect(tTestPower(20, { delta: 1, sd: 1, type: 'two-sample' })).toBeCloseTo(0.8689528, 7);
  });

  it('two-sample, n = 4, delta = 1: power 0.2224633', () => {
    expect(tTestPower(4, { delta: 1, sd: 1, type: 'two-sample' })).toBeCloseTo(0.2224633, 7);
  });

  it('paired, n = 20, delta = 1, sd = 1: power 0.9886 (SciPy 0.98859129454)', () => {
    expect(tTestPower(20, { delta: 1, sd: 1, type: 'paired' })).toBeCloseTo(0.98859129454, 9);
    // the default design is paired
    expect(tTestPower(20, { delta: 1, sd: 1 })).toBe(tTestPower(20, { delta: 1, sd: 1, type: 'paired' }));
  });

  it('does not depend on the sign of delta and is alpha/2 (+ the other tail if strict) at delta 0', () => {
    expect(tTestPower(7, { delta: -0.4, sd: 0.5 })).toBe(tTestPower(7, { delta: 0.4, sd: 0.5 }));
    expect(tTestPower(7, { delta: 0, sd: 1 })).toBeCloseTo(0.025, 12);
    expect(tTestPower(7, { delta: 0, sd: 1, strict: true })).toBeCloseTo(0.05, 12);
  });

  it('refuses a non-positive sd or n < 2', () => {
    expect(() => tTestPower(5, { delta: 1, sd: 0 })).toThrow(StatsError);
    expect(() => tTestPower(1, { delta: 1, sd: 1 })).toThrow(/n must be/);
  });
});

describe('tTestSampleSize (R power.t.test with n = NULL)', () => {
  // [design, R's printed n, the digits R printed it to, the exact root (SciPy)]
  it.each([
    ['two-sample, power .90', { power: 0.9, type: 'two-sample' as const }, 22.0211, 1e-4, 22.021095570],
    ['two-sample, power .80', { power: 0.8, type: 'two-sample' as const }, 16.71477, 1e-4, 16.714759831],
    ['paired, power .80', { power: 0.8, type: 'paired' as const }, 9.937864, 1e-4, 9.937863566],
    ['paired, power .90 (the brief quotes R as 12.58)', { power: 0.9, type: 'paired' as const }, 12.58, 1e-2, 12.585463006],
    ['two-sample one-sided, power .90', { power: 0.9, type: 'two-sample' as const, alternative: 'one-sided' as const }, 17.84713, 1e-4, 17.847120627],
  ])('%s, delta = 1, sd = 1: R n = %s', (_name, design, rValue, rTolerance, exactRoot) => {
    const size = tTestSampleSize({ delta: 1, sd: 1, ...design });
    expect(size).not.toBeNull();
    expect(Math.abs(size!.exact - rValue)).toBeLessThan(rTolerance);
    expect(size!.exact).toBeCloseTo(exactRoot, 7);
    expect(size!.whole).toBe(Math.ceil(exactRoot));
  });

  it('paired one-sided, delta 5, sd sqrt(312), power .8: R n = 78.52896', () => {
    const size = tTestSampleSize({ delta: 5, sd: Math.sqrt(312), power: 0.8, type: 'paired', alternative: 'one-sided' });
    expect(size!.exact).toBeCloseTo(78.52896, 4);
    expect(size!.whole).toBe(79);
  });

  it('gives 2 when 2 already suffice and null when maxN does not', () => {
    expect(tTestSampleSize({ delta: 100, sd: 1 })).toEqual({ exact: 2, whole: 2 });
    expect(tTestSampleSize({ delta: 0, sd: 1 })).toBeNull();
    expect(tTestSampleSize({ delta: 0.01, sd: 1, maxN: 1000 })).toBeNull();
  });
});

describe('seedsForHalfWidth', () => {
  it('finds the fewest n with qt(0.975, n - 1) sd / sqrt(n) <= h (hand: t tables)', () => {
    // qt(0.975, 6) = 2.446912 -> 2.446912 / sqrt(7) = 0.9248 <= 1; qt(0.975, 5) = 2.570582 -> 1.0494 > 1
    expect(seedsForHalfWidth(1, 1)).toBe(7);
    // qt(0.975, 1) / sqrt(2) = 12.706 / 1.414 = 8.98 <= 10: two seeds do
    expect(seedsForHalfWidth(1, 10)).toBe(2);
    expect(seedsForHalfWidth(1, 10, { minN: 3 })).toBe(3);
    // large n: about (1.96 sd / h)^2 = 384.1 -> 385 or one more for the t quantile
    expect(seedsForHalfWidth(1, 0.1)).toBeGreaterThanOrEqual(385);
    expect(seedsForHalfWidth(1, 0.1)).toBeLessThanOrEqual(387);
    expect(seedsForHalfWidth(0, 0.1)).toBe(2);
    expect(seedsForHalfWidth(1, 1e-4, { maxN: 1000 })).toBeNull();
  });

  it('refuses a non-positive half-width', () => {
    expect(() => seedsForHalfWidth(1, 0)).toThrow(/half-width must be a positive number/);
  });
});
