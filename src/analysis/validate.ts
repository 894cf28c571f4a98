// Internal input checks shared by the analysis functions (not part of the public API).
import { AnalysisError } from './errors.js';

/** Float arrays accepted wherever per-pixel values are read. */
export type FloatArray = Float32Array | Float64Array;

export function assertPositiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new AnalysisError('geometry', `${name} must be a positive integer, got ${String(value)}.`);
  }
}

export function assertNonNegativeInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new AnalysisError('geometry', `${name} must be a non-negative integer, got ${String(value)}.`);
  }
}

/** Checks `count`, `height`, `width` and that `array.length === count * height * width`. */
export function assertImageArray(
  array: ArrayLike<number>,
  name: string,
  count: number,
  height: number,
  width: number,
): void {
  assertPositiveInteger(count, 'count');
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  const expected = count * height * width;
  if (array.length !== expected) {
    throw new AnalysisError(
      'length',
      `${name} has length ${array.length}, but count x height x width = ${count} x ${height} x ${width} = ${expected}; ` +
        'pass the per-pixel array in NHWC order (C = 1) with matching dimensions.',
    );
  }
}

/** Checks that a map has `height * width` entries. */
export function assertMap(map: ArrayLike<number>, name: string, height: number, width: number): void {
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  if (map.length !== height * width) {
    throw new AnalysisError(
      'length',
      `${name} has length ${map.length}, expected height x width = ${height} x ${width} = ${height * width}.`,
    );
  }
}

/** Describes a flat NHWC index as "index i (image n, row y, column x)". */
export function describeIndex(index: number, height: number, width: number): string {
  const plane = height * width;
  const n = Math.floor(index / plane);
  const rest = index - n * plane;
  const y = Math.floor(rest / width);
  const x = rest - y * width;
  return `index ${index} (image ${n}, row ${y}, column ${x})`;
}

export function nonFiniteError(name: string, value: number, index: number, height: number, width: number): AnalysisError {
  return new AnalysisError(
    'value',
    `${name} has ${String(value)} at ${describeIndex(index, height, width)}; ` +
      'every value must be a finite number (check the model output for NaN, e.g. a diverged run, before analysing).',
  );
}

/** Throws on the first non-finite entry of a map. */
export function assertFiniteMap(map: ArrayLike<number>, name: string, height: number, width: number): void {
  for (let i = 0; i < map.length; i++) {
    const v = map[i];
    if (v - v !== 0) throw nonFiniteError(name, v, i, height, width);
  }
}

/** Sum of a float array in float64 (pairwise in blocks, so long sums stay accurate). */
export function sum64(values: ArrayLike<number>, start = 0, end = values.length): number {
  let total = 0;
  const block = 4096;
  for (let b = start; b < end; b += block) {
    let partial = 0;
    const stop = Math.min(end, b + block);
    for (let i = b; i < stop; i++) partial += values[i];
    total += partial;
  }
  return total;
}
