import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { StatsError } from './errors.js';
import { noncentralTCdf } from './noncentral-t.js';

/** Which t-test: one sample (or paired differences) or two independent samples of n each. */
export type PowerTestType = 'paired' | 'one-sample' | 'two-sample';

/** The design of a t-test whose power is computed, as R's `power.t.test` takes it. */
export interface TTestPowerOptions {
  /** True difference in means (the effect to detect); its sign does not matter for a two-sided test. */
  delta: number;
  /** Standard deviation: of the differences within pairs for `paired`, of each group for `two-sample`. */
  sd: number;
  /** Significance level; default 0.05. */
  sigLevel?: number;
  /** Default 'paired'. */
  type?: PowerTestType;
  /** Default 'two-sided'. */
  alternative?: 'two-sided' | 'one-sided';
  /** Count rejections in the wrong tail too (two-sided only), as R's `strict = TRUE`; default false. */
  strict?: boolean;
}

function checkDesign(options: TTestPowerOptions): Required<TTestPowerOptions> {
  const { delta, sd } = options;
  const sigLevel = options.sigLevel ?? 0.05;
  if (!Number.isFinite(delta)) throw new StatsError('invalid-option', `power: delta must be a finite number, got ${String(delta)}`);
  if (!(Number.isFinite(sd) && sd > 0)) throw new StatsError('invalid-option', `power: sd must be a positive number, got ${String(sd)}`);
  if (!(sigLevel > 0 && sigLevel < 1)) throw new StatsError('invalid-option', `power: sigLevel must be in (0, 1), got ${String(sigLevel)}`);
  return {
    delta,
    sd,
    sigLevel,
    type: options.type ?? 'paired',
    alternative: options.alternative ?? 'two-sided',
    strict: options.strict ?? false,
  };
}

/**
 * Power of a t-test with n observations (pairs, or per group) against a true difference `delta`,
 * exactly as R's `power.t.test`: with nu = (n - 1) x (1 or 2 samples) degrees of freedom, critical
 * value q = qt(1 - sigLevel / sides, nu) and noncentrality sqrt(n / samples) x delta / sd, the power is
 * P(T' > q) for T' noncentral t (plus P(T' < -q) when `strict`). `n` may be fractional, as in R.
 *
 * @example
 * // R: power.t.test(n = 20, delta = 1) -> power = 0.8689528 (two-sample)
 * tTestPower(20, { delta: 1, sd: 1, type: 'two-sample' }); // ≈ 0.8689528
 */
export function tTestPower(n: number, options: TTestPowerOptions): number {
  const { delta, sd, sigLevel, type, alternative, strict } = checkDesign(options);
  if (!(Number.isFinite(n) && n >= 2)) throw new StatsError('invalid-option', `power: n must be a number >= 2, got ${String(n)}`);
  const samples = type === 'two-sample' ? 2 : 1;
  const sides = alternative === 'two-sided' ? 2 : 1;
  const df = (n - 1) * samples;
  const q = tQuantile(1 - sigLevel / sides, df);
  const ncp = (Math.sqrt(n / samples) * Math.abs(delta)) / sd;
  let power = 1 - noncentralTCdf(q, df, ncp);
  if (strict && sides === 2) power += noncentralTCdf(-q, df, ncp);
  return power;
}

/** Options of {@link tTestSampleSize}. */
export interface SampleSizeOptions extends TTestPowerOptions {
  /** Target power; default 0.8. */
  power?: number;
  /** Largest n searched; default 1,000,000. */
  maxN?: number;
}

/** The n that reaches a target power: the exact (fractional) root, as R reports it, and the whole n to run. */
export interface SampleSize {
  /** Root of power(n) = target, to 1e-9 (R's `power.t.test(power = ...)$n`). */
  exact: number;
  /** The smallest whole n >= 2 whose power reaches the target: ceil(exact). */
  whole: number;
}

/**
 * The number of observations (pairs, or per group) a t-test needs to reach `power` against `delta`,
 * as R's `power.t.test(power = ..., n = NULL)`, solved by bisection on the power curve (which
 * increases with n) to 1e-9 instead of R's uniroot tolerance of 1.2e-4. Null when even `maxN` does
 * not reach the target (a zero or tiny effect); `exact` is 2 when 2 already do.
 *
 * @example
 * // R: power.t.test(power = .90, delta = 1) -> n = 22.02110 (two-sample)
 * tTestSampleSize({ power: 0.9, delta: 1, sd: 1, type: 'two-sample' }); // { exact: 22.021096, whole: 23 }
 */
export function tTestSampleSize(options: SampleSizeOptions): SampleSize | null {
  const target = options.power ?? 0.8;
  const maxN = options.maxN ?? 1_000_000;
  const design = checkDesign(options);
  if (!(target > 0 && target < 1)) throw new StatsError('invalid-option', `power must be in (0, 1), got ${String(target)}`);
  if (!(Number.isFinite(maxN) && maxN >= 2)) throw new StatsError('invalid-option', `maxN must be a number >= 2, got ${String(maxN)}`);
  const gap = (n: number): number => tTestPower(n, design) - target;
  if (gap(2) >= 0) return { exact: 2, whole: 2 };
  if (gap(maxN) < 0) return null;
  let lo = 2;
  let hi = maxN;
  while (hi - lo > 1e-9 * Math.max(1, lo)) {
    const mid = 0.5 * (lo + hi);
    if (gap(mid) < 0) lo = mid;
    else hi = mid;
  }
  // hi has power >= target; a root that is a whole number to 1e-9 counts as that number.
  return { exact: hi, whole: Math.max(2, Math.ceil(hi - 1e-7)) };
}

/** Options of {@link seedsForHalfWidth}. */
export interface HalfWidthOptions {
  /** Confidence level; default 0.95. */
  level?: number;
  /** Fewest seeds considered (a t interval needs 2; the project tests from 3); default 2. */
  minN?: number;
  /** Largest n searched; default 1,000,000. */
  maxN?: number;
}

/**
 * The fewest seeds n whose t-based confidence interval of a mean, qt(1 - (1 - level) / 2, n - 1) x
 * sd / sqrt(n), is no wider than ± `halfWidth`, taking `sd` as the true spread (the planning value
 * from a pilot; the realised half-width varies with the sd each experiment draws). Null when even
 * `maxN` seeds are not enough.
 *
 * @example
 * // sd 1, half-width 1: qt(0.975, 6) / sqrt(7) = 0.925 <= 1, qt(0.975, 5) / sqrt(6) = 1.049 > 1
 * seedsForHalfWidth(1, 1); // 7
 */
export function seedsForHalfWidth(sd: number, halfWidth: number, options: HalfWidthOptions = {}): number | null {
  const level = options.level ?? 0.95;
  const minN = options.minN ?? 2;
  const maxN = options.maxN ?? 1_000_000;
  if (!(Number.isFinite(sd) && sd >= 0)) throw new StatsError('invalid-option', `half-width plan: sd must be a number >= 0, got ${String(sd)}`);
  if (!(Number.isFinite(halfWidth) && halfWidth > 0)) {
    throw new StatsError('invalid-option', `half-width plan: the half-width must be a positive number, got ${String(halfWidth)}`);
  }
  if (!(level > 0 && level < 1)) throw new StatsError('invalid-option', `half-width plan: level must be in (0, 1), got ${String(level)}`);
  if (!(Number.isInteger(minN) && minN >= 2)) throw new StatsError('invalid-option', `half-width plan: minN must be an integer >= 2, got ${String(minN)}`);
  const width = (n: number): number => (tQuantile(1 - (1 - level) / 2, n - 1) * sd) / Math.sqrt(n);
  if (width(minN) <= halfWidth) return minN;
  if (width(maxN) > halfWidth) return null;
  // The half-width falls as n grows: bisect on whole numbers (lo too few, hi enough).
  let lo = minN;
  let hi = maxN;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (width(mid) <= halfWidth) hi = mid;
    else lo = mid;
  }
  return hi;
}
