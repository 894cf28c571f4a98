import { mean, sampleStandardDeviation } from 'simple-statistics';
import { assertFinite, assertSameLength } from './validate.js';

// Effect sizes for seed comparisons, following Lakens (2013), "Calculating and reporting effect
// sizes to facilitate cumulative science: a practical primer for t-tests and ANOVAs",
// Frontiers in Psychology 4:863, doi:10.3389/fpsyg.2013.00863. Each returns null when the
// denominator is zero or there are too few values for a standard deviation.

/**
 * Hedges' small-sample correction J = 1 - 3 / (4 df - 1) (Lakens 2013, eq. 4 with df = n1 + n2 - 2,
 * and for g_av with df = n - 1).
 *
 * @example
 * hedgesCorrection(9); // 1 - 3/35 ≈ 0.9143
 */
export function hedgesCorrection(df: number): number {
  return 1 - 3 / (4 * df - 1);
}

/**
 * Cohen's d_z for paired samples: mean(a - b) / sd(a - b) (Lakens 2013, eq. 6).
 *
 * @example
 * // Lakens (2013) movie ratings: d_z = 1.50
 * cohensDz([9, 7, 8, 9, 8, 9, 9, 10, 9, 9], [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]); // 1.5
 */
export function cohensDz(a: readonly number[], b: readonly number[]): number | null {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  assertSameLength(a, b);
  if (a.length < 2) return null;
  const d = a.map((v, i) => v - b[i]);
  const sd = sampleStandardDeviation(d);
  return sd > 0 ? mean(d) / sd : null;
}

/**
 * Cohen's d_av for paired samples: mean(a - b) / ((sd_a + sd_b) / 2) (Lakens 2013, eq. 10).
 *
 * @example
 * cohensDav([9, 7, 8, 9, 8, 9, 9, 10, 9, 9], [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]); // ≈ 1.13
 */
export function cohensDav(a: readonly number[], b: readonly number[]): number | null {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  assertSameLength(a, b);
  if (a.length < 2) return null;
  const sdAv = (sampleStandardDeviation(a as number[]) + sampleStandardDeviation(b as number[])) / 2;
  return sdAv > 0 ? (mean(a as number[]) - mean(b as number[])) / sdAv : null;
}

/**
 * Hedges' g_av for paired samples: d_av x J with J = 1 - 3 / (4 (n - 1) - 1) (Lakens 2013).
 *
 * @example
 * hedgesGav([9, 7, 8, 9, 8, 9, 9, 10, 9, 9], [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]); // ≈ 1.032
 */
export function hedgesGav(a: readonly number[], b: readonly number[]): number | null {
  const dav = cohensDav(a, b);
  return dav === null ? null : dav * hedgesCorrection(a.length - 1);
}

/**
 * Cohen's d_s for independent samples: (mean_a - mean_b) / pooled sd (Lakens 2013, eq. 1).
 *
 * @example
 * cohensDs([9, 7, 8, 9, 8, 9, 9, 10, 9, 9], [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]); // ≈ 1.13
 */
export function cohensDs(a: readonly number[], b: readonly number[]): number | null {
  assertFinite(a, 'a');
  assertFinite(b, 'b');
  const na = a.length;
  const nb = b.length;
  if (na < 2 || nb < 2) return null;
  const pooled = Math.sqrt(
    ((na - 1) * sampleStandardDeviation(a as number[]) ** 2 + (nb - 1) * sampleStandardDeviation(b as number[]) ** 2) / (na + nb - 2),
  );
  return pooled > 0 ? (mean(a as number[]) - mean(b as number[])) / pooled : null;
}

/**
 * Hedges' g_s for independent samples: d_s x (1 - 3 / (4 (n_a + n_b) - 9)) (Lakens 2013, eq. 4).
 *
 * @example
 * // Lakens (2013) movie ratings treated as independent groups: g_s = 1.08
 * hedgesGs([9, 7, 8, 9, 8, 9, 9, 10, 9, 9], [9, 6, 7, 8, 7, 9, 8, 8, 8, 7]); // ≈ 1.08
 */
export function hedgesGs(a: readonly number[], b: readonly number[]): number | null {
  const ds = cohensDs(a, b);
  return ds === null ? null : ds * hedgesCorrection(a.length + b.length - 2);
}
