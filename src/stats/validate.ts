import { StatsError } from './errors.js';

/**
 * Throws a StatsError unless every entry of `values` is a finite number.
 *
 * @example
 * assertFinite([1, NaN], 'a'); // throws: a[1] is NaN ...
 */
export function assertFinite(values: ArrayLike<number>, name: string): void {
  if (values == null || typeof values.length !== 'number') {
    throw new StatsError('non-finite', `${name} must be an array of numbers`);
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new StatsError(
        'non-finite',
        `${name}[${i}] is ${String(v)}: every value must be a finite number (drop or fix diverged runs before comparing)`,
      );
    }
  }
}

/**
 * Throws a StatsError unless `a` and `b` have the same length (seeds paired by index).
 *
 * @example
 * assertSameLength([1, 2], [1]); // throws (code 'length-mismatch')
 */
export function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) {
    throw new StatsError(
      'length-mismatch',
      `paired samples need equal lengths (one value per seed in both), got ${a.length} and ${b.length}; use compareUnpaired for variants run on different seeds`,
    );
  }
}

/**
 * Throws unless 0 < level < 1.
 *
 * @example
 * assertLevel(95); // throws (code 'invalid-option')
 */
export function assertLevel(level: number): void {
  if (!(typeof level === 'number' && level > 0 && level < 1)) {
    throw new StatsError('invalid-option', `confidence level must be in (0, 1), got ${String(level)}`);
  }
}

/**
 * Throws unless `alternative` is one of the three supported strings.
 *
 * @example
 * assertAlternative('two.sided'); // throws: use 'two-sided'
 */
export function assertAlternative(alternative: string): void {
  if (alternative !== 'two-sided' && alternative !== 'greater' && alternative !== 'less') {
    throw new StatsError('invalid-option', `alternative must be 'two-sided', 'greater' or 'less', got '${alternative}'`);
  }
}

/**
 * Throws unless `minN` is an integer >= 2 (a t statistic needs at least 2 values).
 *
 * @example
 * assertMinN(1); // throws (code 'invalid-option')
 */
export function assertMinN(minN: number): void {
  if (!(Number.isInteger(minN) && minN >= 2)) {
    throw new StatsError('invalid-option', `minN must be an integer >= 2, got ${String(minN)}`);
  }
}
