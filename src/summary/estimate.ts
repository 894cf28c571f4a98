import { summarize } from '../stats/summarize.js';
import type { Estimate } from './types.js';
import { ArgumentError } from '../errors.js';

/**
 * The spread across seeds of one quantity: mean, sample sd, t-based 95% CI, and the raw values
 * kept beside them in seed order.
 *
 * @example
 * estimate([0.1, 0.12, 0.11], [1, 2, 3]).ci95 // [0.0852..., 0.1348...]
 */
export function estimate(values: readonly number[], seeds: readonly number[]): Estimate {
  if (values.length !== seeds.length) {
    throw new ArgumentError(`estimate: ${values.length} values for ${seeds.length} seeds; each seed needs one value.`);
  }
  // The summary's CI needs only two seeds; tests (not CIs) require three.
  const s = summarize(values, { minN: 2 });
  return { n: s.n, mean: s.mean, sd: s.sd, ci95: s.ci95, values: [...values], seeds: [...seeds] };
}

/**
 * Element-wise mean of equally long arrays (for example the per-pixel maps of several seeds).
 *
 * @example
 * meanOfArrays([[1, 2], [3, 4]]) // [2, 3]
 */
export function meanOfArrays(arrays: ReadonlyArray<ArrayLike<number>>): number[] {
  if (arrays.length === 0) return [];
  const length = arrays[0].length;
  const sum = new Float64Array(length);
  for (const array of arrays) {
    if (array.length !== length) throw new ArgumentError(`meanOfArrays: lengths ${length} and ${array.length} differ.`);
    for (let i = 0; i < length; i++) sum[i] += array[i];
  }
  return Array.from(sum, (v) => v / arrays.length);
}
