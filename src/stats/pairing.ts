import { StatsError } from './errors.js';
import { assertFinite, assertSameLength } from './validate.js';

/** How much pairing by seed helped one paired comparison. Null fields say why in `notes`. */
export interface PairingMeasure {
  /** Number of pairs (seeds in both samples). */
  n: number;
  /** Sample sd of a, of b, and of the differences a - b (null for n < 2). */
  sdA: number | null;
  sdB: number | null;
  sdDifference: number | null;
  /**
   * Pearson correlation of the two samples' seed effects (value minus its sample's mean), null when
   * n < 3 or either sample has no spread.
   */
  correlation: number | null;
  /** Standard error of the mean difference from the paired differences: sd(a - b) / sqrt(n). */
  sePaired: number | null;
  /** Standard error had the samples been independent: sqrt(var(a) / n + var(b) / n). */
  seUnpaired: number | null;
  /**
   * The variance reduction pairing bought, seUnpaired^2 / sePaired^2 = (var a + var b) / var(a - b):
   * above 1 pairing helped (positively correlated seed effects), below 1 it hurt.
   */
  varianceReduction: number | null;
  /** Why a field is null, and a plain statement when pairing did not help. */
  notes: string[];
}

function sampleVariance(values: readonly number[]): number {
  const n = values.length;
  const m = values.reduce((s, v) => s + v, 0) / n;
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1);
}

/**
 * Measures the pairing of two samples paired by index (seed i of variant a with seed i of variant b):
 * the correlation of their seed effects, the paired and the unpaired standard error of the mean
 * difference, and the variance reduction pairing bought, which is below 1 when the seed effects are
 * negatively correlated (a note says so). Uses var(a - b) = var a + var b - 2 cov(a, b).
 *
 * @example
 * // b follows a seed by seed: r = 0.99, the paired se is a fraction of the unpaired one
 * const p = measurePairing([1.0, 2.0, 3.0, 4.0], [1.1, 2.0, 3.2, 4.1]);
 * p.correlation;        // ≈ 0.998
 * p.varianceReduction;  // ≈ 511: 511 times less variance than independent seeds would give
 */
export function measurePairing(a: readonly number[], b: readonly number[]): PairingMeasure {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  assertSameLength(a, b);
  const n = a.length;
  if (n === 0) throw new StatsError('empty-input', 'pairing needs at least one seed in both samples');
  const empty: PairingMeasure = {
    n,
    sdA: null,
    sdB: null,
    sdDifference: null,
    correlation: null,
    sePaired: null,
    seUnpaired: null,
    varianceReduction: null,
    notes: [`n = ${n} < 2 seeds: no spread to measure`],
  };
  if (n < 2) return empty;
  const varA = sampleVariance(a);
  const varB = sampleVariance(b);
  const varD = sampleVariance(a.map((v, i) => v - b[i]));
  const notes: string[] = [];
  const sePaired = Math.sqrt(varD / n);
  const seUnpaired = Math.sqrt(varA / n + varB / n);
  let correlation: number | null = null;
  if (n < 3) notes.push(`n = ${n} < 3 seeds: the correlation of two points is ±1 by construction, not reported`);
  else if (varA === 0 || varB === 0) notes.push(`${varA === 0 ? 'a' : 'b'} has the same value for every seed: no correlation`);
  else {
    const ma = a.reduce((s, v) => s + v, 0) / n;
    const mb = b.reduce((s, v) => s + v, 0) / n;
    const cov = a.reduce((s, v, i) => s + (v - ma) * (b[i] - mb), 0) / (n - 1);
    correlation = Math.max(-1, Math.min(1, cov / Math.sqrt(varA * varB)));
  }
  let varianceReduction: number | null = null;
  if (varD === 0) notes.push('the differences are all equal: the paired se is 0 and the reduction unbounded');
  else varianceReduction = (varA + varB) / varD;
  if (varianceReduction !== null && varianceReduction < 1) {
    notes.push(
      `pairing by seed increased the variance of the difference ${(1 / varianceReduction).toFixed(2)}-fold: ` +
        'the seed effects of the two variants are negatively correlated, independent seeds would have done better',
    );
  }
  return {
    n,
    sdA: Math.sqrt(varA),
    sdB: Math.sqrt(varB),
    sdDifference: Math.sqrt(varD),
    correlation,
    sePaired,
    seUnpaired,
    varianceReduction,
    notes,
  };
}
