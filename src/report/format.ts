/**
 * Number formatting shared by figures, tables and the narrative (plain text; callers escape).
 */
import { largest as largestOf } from '../stats/extremes.js';
import type { Estimate, PairedTestSummary } from '../summary/types.js';

/**
 * A loss in nats/pixel with a fixed number of decimals (default 4).
 *
 * @example
 * fmtLoss(0.098765); // '0.0988'
 */
export function fmtLoss(x: number, digits = 4): string {
  // An exact zero (a term that is 0 by construction) prints as 0, not 0.0000.
  if (x === 0) return '0';
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/**
 * A signed loss difference (explicit + for positives, a true minus sign for negatives).
 *
 * @example
 * fmtSigned(-0.0123); // '−0.0123'
 */
export function fmtSigned(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const s = Math.abs(x).toFixed(digits);
  if (Number(s) === 0) return s;
  return x < 0 ? `−${s}` : `+${s}`;
}

/**
 * A 95% CI as `[lo, hi]`, or `n/a` when missing.
 *
 * @example
 * fmtCi([0.01, 0.02]); // '[0.0100, 0.0200]'
 */
export function fmtCi(ci: [number, number] | null, digits = 4, signed = false): string {
  if (ci === null) return 'n/a';
  const f = signed ? (x: number) => fmtSigned(x, digits) : (x: number) => fmtLoss(x, digits);
  return `[${f(ci[0])}, ${f(ci[1])}]`;
}

/**
 * A p-value: `< 0.001` when tiny, else three significant digits; `n/a` when missing.
 *
 * @example
 * fmtP(0.01234); // '0.0123'
 * fmtP(1e-6);    // '< 0.001'
 */
export function fmtP(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return 'n/a';
  if (p < 0.001) return '< 0.001';
  return p >= 0.1 ? p.toFixed(2) : p.toPrecision(3);
}

/**
 * A percentage with one decimal, or more where one would round a share that is not exactly
 * 0 or 1 to 0.0% or 100.0%.
 *
 * @example
 * fmtPercent(0.1234);  // '12.3%'
 * fmtPercent(0.99973); // '99.97%'
 * fmtPercent(-0.0102); // '−1.0%' (a true minus, as every other number)
 */
export function fmtPercent(x: number, digits = 1): string {
  let d = digits;
  // A share that is not exactly 0 or 1 never shows as 0.0% or 100.0% (99.97% black is not all black).
  while (d < 4 && x !== 0 && x !== 1 && [0, 100].includes(Math.abs(Number((100 * x).toFixed(d))))) d += 1;
  // A true minus as every other number; 0 stays 0.0% (a share, not a term that is 0 by construction).
  return `${(100 * x).toFixed(d).replace(/^-/, '−')}%`;
}

/**
 * Decimals that show the largest of some small quantities with at least two significant digits,
 * never fewer than `min` nor more than 8: effects far below 0.0001 nats/pixel do not print as 0.0000.
 *
 * @example
 * decimalsFor([0.0225, 0.0218]);      // 4
 * decimalsFor([0.000035, 0.000019]);  // 6 ('+0.000035')
 */
export function decimalsFor(values: readonly number[], min = 4): number {
  const largest = Math.max(0, largestOf(values.filter(Number.isFinite).map(Math.abs)));
  if (largest === 0) return min;
  return Math.min(8, Math.max(min, 1 - Math.floor(Math.log10(largest))));
}

/** The ends of an estimate's 95% CI, or the mean twice when there is no CI (n < 2). */
export function ciBounds(e: Pick<Estimate, 'mean' | 'ci95'>): { lo: number; hi: number; hasCi: boolean } {
  return e.ci95 === null ? { lo: e.mean, hi: e.mean, hasCi: false } : { lo: e.ci95[0], hi: e.ci95[1], hasCi: true };
}

/** The p-value a claim should use: Holm-adjusted when present, else the raw t-test p. */
export function decisiveP(test: Pick<PairedTestSummary, 'pHolm' | 'pT'>): number | null {
  return test.pHolm ?? test.pT;
}

/** Rounds for compact inline data (keeps 6 significant digits). */
export function round6(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

/** How a displayed 95% interval was obtained. */
export type IntervalKind =
  /** The t-based CI across seeds. */
  | 't'
  /** The t-based CI with its lower bound cut at 0, for a quantity that cannot be negative. */
  | 't-cut-at-0';

/** A 95% interval as displayed, with how it was obtained. */
export interface DisplayInterval {
  lo: number;
  hi: number;
  kind: IntervalKind;
}

/**
 * The interval to display for a quantity that cannot be negative (a loss, a floor): the t-based CI,
 * with a negative lower bound cut at 0. A t-interval from two or three seeds can reach below zero
 * (0.2289 [−0.0702, 0.5279]); a loss cannot, so the bound that says nothing is replaced by the
 * bound the quantity has. Null when there is no CI (one seed).
 *
 * @example
 * nonNegativeInterval({ mean: 0.2289, ci95: [-0.0702, 0.5279] }); // { lo: 0, hi: 0.5279, kind: 't-cut-at-0' }
 * nonNegativeInterval({ mean: 0.0973, ci95: [0.0968, 0.0979] });  // { lo: 0.0968, hi: 0.0979, kind: 't' }
 */
export function nonNegativeInterval(e: Pick<Estimate, 'mean' | 'ci95'>): DisplayInterval | null {
  if (e.ci95 === null) return null;
  const [lo, hi] = e.ci95;
  return lo < 0 ? { lo: 0, hi: Math.max(0, hi), kind: 't-cut-at-0' } : { lo, hi, kind: 't' };
}

/**
 * Decimals for a mean and its 95% CI, chosen from the CI's width by the Particle Data Group's
 * rule: two significant digits of the width when its first three digits are 100–354, else one;
 * and at least one significant digit of a non-zero mean, so a non-zero term never prints as
 * 0.0000. Without a CI, three significant digits of the value. Between 1 and 8.
 *
 * @example
 * decimalsFromCi(0.000035, [0.000019, 0.000051]); // 6  -> '0.000035 [0.000019, 0.000051]'
 * decimalsFromCi(0.0748, [0.0745, 0.0751]);       // 4  -> '0.0748 [0.0745, 0.0751]'
 * decimalsFromCi(0.2289, [-0.0702, 0.5279]);      // 1  -> '0.2 [−0.1, 0.5]'
 * decimalsFromCi(0.0748, null);                   // 4
 */
export function decimalsFromCi(mean: number, ci: readonly [number, number] | null): number {
  const clamp = (d: number): number => Math.min(8, Math.max(1, d));
  const leading = (x: number): number => Math.floor(Math.log10(Math.abs(x)));
  const meanDigits = Number.isFinite(mean) && mean !== 0 ? -leading(mean) : 1;
  if (ci === null || !Number.isFinite(ci[0]) || !Number.isFinite(ci[1]) || ci[1] === ci[0]) {
    return clamp(Number.isFinite(mean) && mean !== 0 ? 2 - leading(mean) : 4);
  }
  const width = Math.abs(ci[1] - ci[0]);
  const firstThree = Math.round(width / 10 ** (leading(width) - 2));
  const significant = firstThree <= 354 ? 2 : 1;
  return clamp(Math.max(significant - 1 - leading(width), meanDigits));
}

/**
 * `mean [lo, hi]` with decimals from the CI's width ({@link decimalsFromCi}). Signed: every number
 * carries its sign (a difference); unsigned: a quantity such as a loss. `mean` alone without a CI.
 *
 * @example
 * fmtEstimate(0.000035, [0.000019, 0.000051], true); // '+0.000035 [+0.000019, +0.000051]'
 * fmtEstimate(0.0973, [0.0968, 0.0979]);             // '0.0973 [0.0968, 0.0979]'
 * fmtEstimate(-0.0002, [-0.0011, 0.0006], true);     // '−0.0002 [−0.0011, +0.0006]'
 */
export function fmtEstimate(mean: number, ci: readonly [number, number] | null, signed = false): string {
  const d = decimalsFromCi(mean, ci);
  const f = signed ? (x: number): string => fmtSigned(x, d) : (x: number): string => fmtNumber(x, d);
  return ci === null ? f(mean) : `${f(mean)} [${f(ci[0])}, ${f(ci[1])}]`;
}

/**
 * A loss estimate for display: `mean [lo, hi]` with the non-negative interval
 * ({@link nonNegativeInterval}) and a mark when the lower bound was cut at 0.
 *
 * @example
 * fmtLossEstimate({ mean: 0.0973, ci95: [0.0968, 0.0979] }); // '0.0973 [0.0968, 0.0979]'
 * fmtLossEstimate({ mean: 0.2289, ci95: [-0.0702, 0.5279] }); // '0.23 [0, 0.53]*'
 */
export function fmtLossEstimate(e: Pick<Estimate, 'mean' | 'ci95'>): string {
  const iv = nonNegativeInterval(e);
  // Decimals from the CI as computed, so cutting it at 0 does not change how the mean reads.
  const d = decimalsFromCi(e.mean, e.ci95);
  if (iv === null) return fmtNumber(e.mean, d);
  const lo = iv.kind === 't-cut-at-0' ? '0' : fmtNumber(iv.lo, d);
  return `${fmtNumber(e.mean, d)} [${lo}, ${fmtNumber(iv.hi, d)}]${iv.kind === 't-cut-at-0' ? CUT_MARK : ''}`;
}

/** The mark after an interval whose lower bound was cut at 0, explained by {@link CUT_NOTE}. */
export const CUT_MARK = '*';

/** What {@link CUT_MARK} means, for a note under the text or table that uses it. */
export const CUT_NOTE = '* The t-based 95% CI reached below 0, which a loss cannot; its lower bound is shown as 0.';

/**
 * A plain number with fixed decimals and a true minus sign (no '+').
 *
 * @example
 * fmtNumber(-0.07, 2); // '−0.07'
 */
export function fmtNumber(x: number, digits: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  const s = Math.abs(x).toFixed(digits);
  return x < 0 && Number(s) !== 0 ? `−${s}` : s;
}

/**
 * A single value with three significant digits and at least `min` decimals (for table cells without a CI).
 *
 * @example
 * fmtValue(0.0973);    // '0.0973'
 * fmtValue(0.000368);  // '0.000368'
 */
export function fmtValue(x: number, min = 4): string {
  if (!Number.isFinite(x) || x === 0) return fmtNumber(x, min);
  return fmtNumber(x, Math.min(8, Math.max(min, 2 - Math.floor(Math.log10(Math.abs(x))))));
}
