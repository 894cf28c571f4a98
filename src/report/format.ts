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
 * A percentage with one decimal.
 *
 * @example
 * fmtPercent(0.1234); // '12.3%'
 */
export function fmtPercent(x: number, digits = 1): string {
  return `${(100 * x).toFixed(digits)}%`;
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
