import type { BoundaryEffectsError } from '../errors.js';

/**
 * Small checks for fields of JSON read from disk: each returns the value with its type narrowed or
 * calls `fail` with a message naming the field and saying what was expected.
 */

/** Throws with a message about one field (never returns). */
export type Fail = (message: string) => never;

/** A field's value as shown in messages: JSON, shortened; `missing` for undefined. */
export function show(value: unknown): string {
  if (value === undefined) return 'missing';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** A plain object (the type guard behind {@link record}). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * An object (not null, not an array).
 *
 * @example
 * record({ a: 1 }, 'config', fail).a; // 1
 */
export function record(value: unknown, where: string, fail: Fail): Record<string, unknown> {
  return isRecord(value) ? value : fail(`${where} is ${show(value)}, expected an object`);
}

/**
 * An array.
 *
 * @example
 * array([1], 'values', fail).length; // 1
 */
export function array(value: unknown, where: string, fail: Fail): unknown[] {
  return Array.isArray(value) ? value : fail(`${where} is ${show(value)}, expected an array`);
}

/**
 * A finite number.
 *
 * @example
 * finite(0.5, 'noiseFactor', fail); // 0.5
 */
export function finite(value: unknown, where: string, fail: Fail): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fail(`${where} is ${show(value)}, expected a finite number`);
}

/**
 * A finite number >= 0 (a loss, a count, seconds).
 *
 * @example
 * nonNegative(0.07, 'finalTestLoss', fail); // 0.07
 */
export function nonNegative(value: unknown, where: string, fail: Fail): number {
  const x = finite(value, where, fail);
  return x >= 0 ? x : fail(`${where} is ${show(value)}, expected a finite number >= 0`);
}

/**
 * An integer >= `min` (default 0).
 *
 * @example
 * integer(3, 'epoch', fail, 1); // 3
 */
export function integer(value: unknown, where: string, fail: Fail, min = 0): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min ? value : fail(`${where} is ${show(value)}, expected an integer >= ${min}`);
}

/**
 * A string.
 *
 * @example
 * text('edge32', 'variant', fail); // 'edge32'
 */
export function text(value: unknown, where: string, fail: Fail): string {
  return typeof value === 'string' ? value : fail(`${where} is ${show(value)}, expected a string`);
}

/**
 * A boolean.
 *
 * @example
 * bool(true, 'loInclusive', fail); // true
 */
export function bool(value: unknown, where: string, fail: Fail): boolean {
  return typeof value === 'boolean' ? value : fail(`${where} is ${show(value)}, expected true or false`);
}

/**
 * One of a list of strings.
 *
 * @example
 * oneOf('all', ['all', 'original'] as const, 'lossRegion', fail); // 'all'
 */
export function oneOf<T extends string>(value: unknown, options: readonly T[], where: string, fail: Fail): T {
  const found = options.find((option) => option === value);
  return found !== undefined ? found : fail(`${where} is ${show(value)}, expected one of ${options.map((o) => `"${o}"`).join(', ')}`);
}

/**
 * null, or what `inner` accepts.
 *
 * @example
 * nullable(null, 'trainSize', fail, (v, w) => integer(v, w, fail, 1)); // null
 */
export function nullable<T>(value: unknown, where: string, inner: (value: unknown, where: string) => T): T | null {
  return value === null ? null : inner(value, where);
}

/**
 * An array of finite numbers (optionally >= 0 and of a given length), checked entry by entry so
 * the message names the first bad index.
 *
 * @example
 * numbers([0.1, 0.2], 'values', fail, { length: 2, nonNegative: true }); // [0.1, 0.2]
 */
export function numbers(value: unknown, where: string, fail: Fail, options: { length?: number; nonNegative?: boolean } = {}): number[] {
  const items = array(value, where, fail);
  if (options.length !== undefined && items.length !== options.length) {
    fail(`${where} has ${items.length} entries, expected ${options.length}`);
  }
  const out: number[] = new Array<number>(items.length);
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (typeof x !== 'number' || !Number.isFinite(x) || (options.nonNegative === true && x < 0)) {
      return fail(`${where}[${i}] is ${show(x)}, expected a finite number${options.nonNegative === true ? ' >= 0' : ''}`);
    }
    out[i] = x;
  }
  return out;
}

/**
 * The `fail` of one file: throws `makeError(message)`.
 *
 * @example
 * const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
 */
export function failFor(makeError: (message: string) => BoundaryEffectsError): Fail {
  return (message: string): never => {
    throw makeError(message);
  };
}
