import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { StatsError } from './errors.js';
import { createStatsRng, DEFAULT_BOOTSTRAP_SEED, type StatsRng } from './rng.js';
import type { Interval } from './types.js';
import { assertFinite, assertLevel, assertMinN } from './validate.js';

/** Options of the bootstrap confidence intervals. */
export interface BootstrapOptions {
  /** Number of resamples; default 10,000. */
  resamples?: number;
  /** Two-sided confidence level; default 0.95. */
  level?: number;
  /** Seed of the generator created when `rng` is not given; default DEFAULT_BOOTSTRAP_SEED. */
  seed?: number;
  /** Generator to draw from (takes precedence over `seed`). */
  rng?: StatsRng;
  /** Fewest values (per sample) for which an interval is computed; default 3 (seeds). */
  minN?: number;
}

/** A bootstrap CI of a mean (difference). */
export interface BootstrapResult {
  /** The statistic on the original data. */
  estimate: number;
  level: number;
  resamples: number;
  /** Seed used, null when a caller-supplied `rng` was used. */
  seed: number | null;
  /** Percentile interval: the (1-level)/2 and (1+level)/2 quantiles of the bootstrap distribution. */
  percentile: Interval;
  /** Bias-corrected and accelerated interval (Efron 1987), null when undefined (see notes). */
  bca: Interval | null;
  /** BCa bias correction z0, null when undefined. */
  z0: number | null;
  /** BCa acceleration from the jackknife, null when undefined. */
  acceleration: number | null;
  /** Standard deviation of the bootstrap distribution (bootstrap standard error). */
  se: number;
  notes: string[];
}

/**
 * Quantile of sorted values with linear interpolation (R's type 7, numpy's default).
 *
 * @example
 * quantileSorted7([1, 2, 3, 4], 0.5); // 2.5
 */
export function quantileSorted7(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * BCa interval from a sorted bootstrap distribution, the estimate and jackknife values per sample
 * (Efron & Tibshirani 1993, ch. 14; multi-sample acceleration and the half-weight for bootstrap
 * values equal to the estimate as in scipy.stats.bootstrap). Returns null parts when z0 or the
 * adjusted levels are undefined (e.g. every resample on one side of the estimate).
 *
 * @example
 * // a = 0 and z0 = 0 (symmetric data): BCa equals the percentile interval
 * bcaInterval(Float64Array.from([-2, -1, 0, 1, 2]), 0, [[-1, 1]], 0.5).interval; // [-1, 1]
 */
export function bcaInterval(
  sortedBoot: ArrayLike<number>,
  estimate: number,
  jackknife: ReadonlyArray<ArrayLike<number>>,
  level: number,
): { interval: Interval | null; z0: number | null; acceleration: number | null; reason: string | null } {
  const B = sortedBoot.length;
  let below = 0;
  let equal = 0;
  for (let i = 0; i < B; i++) {
    if (sortedBoot[i] < estimate) below++;
    else if (sortedBoot[i] === estimate) equal++;
  }
  const z0 = normalQuantile((below + equal / 2) / B, 0, 1);
  let num = 0;
  let den = 0;
  for (const jk of jackknife) {
    const n = jk.length;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += jk[i];
    dot /= n;
    let s2 = 0;
    let s3 = 0;
    for (let i = 0; i < n; i++) {
      const u = (n - 1) * (dot - jk[i]);
      s2 += u * u;
      s3 += u * u * u;
    }
    num += s3 / n ** 3;
    den += s2 / n ** 2;
  }
  const acceleration = den > 0 ? num / (6 * den ** 1.5) : null;
  if (!Number.isFinite(z0)) {
    return { interval: null, z0: null, acceleration, reason: 'every resample lies on one side of the estimate: BCa bias correction is infinite' };
  }
  if (acceleration === null) {
    return { interval: null, z0, acceleration: null, reason: 'jackknife values all equal: BCa acceleration is undefined' };
  }
  const adjusted = (alpha: number): number => {
    const z = z0 + normalQuantile(alpha, 0, 1);
    return normalCdf(z0 + z / (1 - acceleration * z), 0, 1);
  };
  const lo = adjusted((1 - level) / 2);
  const hi = adjusted((1 + level) / 2);
  if (!(lo >= 0 && hi <= 1 && lo < hi)) {
    return { interval: null, z0, acceleration, reason: 'BCa adjusted levels fall outside (0, 1): acceleration too large for these data' };
  }
  return { interval: [quantileSorted7(sortedBoot, lo), quantileSorted7(sortedBoot, hi)], z0, acceleration, reason: null };
}

/** Mean as sum of count[i] * x[i] in index order, so resamples that are the same multiset give bit-identical means. */
function weightedMean(values: readonly number[], counts: Uint32Array, n: number): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += counts[i] * values[i];
  return s / n;
}

function drawCounts(n: number, rng: StatsRng, counts: Uint32Array): void {
  counts.fill(0);
  for (let k = 0; k < n; k++) counts[rng.int(n)]++;
}

function jackknifeMeans(values: readonly number[]): Float64Array {
  const n = values.length;
  const counts = new Uint32Array(n).fill(1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    counts[i] = 0;
    out[i] = weightedMean(values, counts, n - 1);
    counts[i] = 1;
  }
  return out;
}

interface Resolved { resamples: number; level: number; rng: StatsRng; seed: number | null; minN: number }

function resolve(options: BootstrapOptions): Resolved {
  const resamples = options.resamples ?? 10_000;
  const level = options.level ?? 0.95;
  const minN = options.minN ?? 3;
  if (!(Number.isInteger(resamples) && resamples >= 100)) {
    throw new StatsError('invalid-option', `resamples must be an integer >= 100, got ${String(resamples)}`);
  }
  assertLevel(level);
  assertMinN(minN);
  if (options.rng) return { resamples, level, rng: options.rng, seed: null, minN };
  const seed = options.seed ?? DEFAULT_BOOTSTRAP_SEED;
  return { resamples, level, rng: createStatsRng(seed), seed, minN };
}

function finish(estimate: number, boot: Float64Array, jackknife: Float64Array[], r: Resolved): BootstrapResult {
  boot.sort();
  let m = 0;
  for (let i = 0; i < boot.length; i++) m += boot[i];
  m /= boot.length;
  let ss = 0;
  for (let i = 0; i < boot.length; i++) ss += (boot[i] - m) ** 2;
  const percentile: Interval = [quantileSorted7(boot, (1 - r.level) / 2), quantileSorted7(boot, (1 + r.level) / 2)];
  const bca = bcaInterval(boot, estimate, jackknife, r.level);
  return {
    estimate,
    level: r.level,
    resamples: r.resamples,
    seed: r.seed,
    percentile,
    bca: bca.interval,
    z0: bca.z0,
    acceleration: bca.acceleration,
    se: Math.sqrt(ss / (boot.length - 1)),
    notes: bca.reason ? [bca.reason] : [],
  };
}

/**
 * Seeded bootstrap CI (percentile and BCa) of the mean of `values` — for paired seeds, pass the
 * differences a - b. Returns null when there are fewer than `minN` values.
 *
 * @example
 * const r = bootstrapMeanCi([0.1, 0.3, 0.2, 0.4, 0.25], { seed: 1, resamples: 2000 });
 * r?.percentile; // [lo, hi] around 0.25, identical on every run with seed 1
 */
export function bootstrapMeanCi(values: readonly number[], options: BootstrapOptions = {}): BootstrapResult | null {
  assertFinite(values, 'values');
  const r = resolve(options);
  const n = values.length;
  if (n < r.minN) return null;
  const counts = new Uint32Array(n);
  const boot = new Float64Array(r.resamples);
  for (let b = 0; b < r.resamples; b++) {
    drawCounts(n, r.rng, counts);
    boot[b] = weightedMean(values, counts, n);
  }
  const estimate = weightedMean(values, new Uint32Array(n).fill(1), n);
  return finish(estimate, boot, [jackknifeMeans(values)], r);
}

/**
 * Seeded bootstrap CI (percentile and BCa) of mean(a) - mean(b) for independent samples (each
 * resampled separately). Returns null when a sample has fewer than `minN` values.
 *
 * @example
 * bootstrapMeanDifferenceCi([1.1, 1.3, 1.2, 1.4], [1.0, 0.9, 1.05, 0.95], { seed: 7 })?.bca; // [lo, hi] around 0.25
 */
export function bootstrapMeanDifferenceCi(
  a: readonly number[],
  b: readonly number[],
  options: BootstrapOptions = {},
): BootstrapResult | null {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  const r = resolve(options);
  if (a.length < r.minN || b.length < r.minN) return null;
  const ca = new Uint32Array(a.length);
  const cb = new Uint32Array(b.length);
  const boot = new Float64Array(r.resamples);
  for (let i = 0; i < r.resamples; i++) {
    drawCounts(a.length, r.rng, ca);
    drawCounts(b.length, r.rng, cb);
    boot[i] = weightedMean(a, ca, a.length) - weightedMean(b, cb, b.length);
  }
  const meanA = weightedMean(a, new Uint32Array(a.length).fill(1), a.length);
  const meanB = weightedMean(b, new Uint32Array(b.length).fill(1), b.length);
  const jkA = jackknifeMeans(a).map((m) => m - meanB);
  const jkB = jackknifeMeans(b).map((m) => meanA - m);
  return finish(meanA - meanB, boot, [jkA, jkB], r);
}
