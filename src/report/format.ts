/**
 * Number formatting shared by figures, tables and the narrative (plain text; callers escape).
 */
import type { Estimate, PairedTestSummary } from '../summary/types.js';

/**
 * A loss in nats/pixel with a fixed number of decimals (default 4).
 *
 * @example
 * fmtLoss(0.098765); // '0.0988'
 */
export function fmtLoss(x: number, digits = 4): string {
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
 */
export function fmtPercent(x: number, digits = 1): string {
  let d = digits;
  // A share that is not exactly 0 or 1 never shows as 0.0% or 100.0% (99.97% black is not all black).
  while (d < 4 && x !== 0 && x !== 1 && [0, 100].includes(Math.abs(Number((100 * x).toFixed(d))))) d += 1;
  return `${(100 * x).toFixed(d)}%`;
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
  const largest = Math.max(0, ...values.filter(Number.isFinite).map(Math.abs));
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
