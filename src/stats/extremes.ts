/**
 * Largest and smallest of a list of any length. `Math.max(...values)` passes every value as an
 * argument on the stack and overflows it past roughly 100,000 values; these loop.
 */

/**
 * The largest of `values`, or `empty` when there are none (`-Infinity` by default, like `Math.max()`).
 * NaN anywhere gives NaN, as with Math.max.
 *
 * @example
 * largest([3, 1, 2]); // 3
 * largest([], 0); // 0
 */
export function largest(values: Iterable<number>, empty = Number.NEGATIVE_INFINITY): number {
  let out: number | null = null;
  for (const v of values) out = out === null ? v : Math.max(out, v);
  return out ?? empty;
}

/**
 * The smallest of `values`, or `empty` when there are none (`Infinity` by default, like `Math.min()`).
 *
 * @example
 * smallest([3, 1, 2]); // 1
 */
export function smallest(values: Iterable<number>, empty = Number.POSITIVE_INFINITY): number {
  let out: number | null = null;
  for (const v of values) out = out === null ? v : Math.min(out, v);
  return out ?? empty;
}
