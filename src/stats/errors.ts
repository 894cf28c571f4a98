import { BoundaryEffectsError } from '../errors.js';

/** What went wrong with the input to a `src/stats` function. */
export type StatsErrorCode = 'non-finite' | 'length-mismatch' | 'invalid-option' | 'empty-input';

/**
 * Thrown for inputs no statistic can be computed from (non-finite values, unequal lengths of
 * paired samples, invalid options). Too few seeds or zero variance are not errors: those give
 * `null` fields and a reason instead.
 *
 * @example
 * try { comparePaired([1, 2], [1]); } catch (e) { if (e instanceof StatsError) console.log(e.code); } // 'length-mismatch'
 */
export class StatsError extends BoundaryEffectsError<StatsErrorCode> {
  constructor(code: StatsErrorCode, message: string) {
    super('StatsError', code, message);
  }
}
