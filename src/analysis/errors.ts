import { BoundaryEffectsError } from '../errors.js';

/**
 * What went wrong in an analysis call:
 * - `length`: an array has the wrong length for the stated count/height/width;
 * - `value`: a NaN, an infinity or an out-of-range value (the message names the index);
 * - `geometry`: an impossible size/pad/edge-width combination, or two variants that do not share an original region;
 * - `mask`: a user-supplied region mask is malformed (wrong size, not 0/1, overlapping, duplicate name);
 * - `bins`: intensity bin definitions are not ascending/contiguous;
 * - `json`: a serialised table does not have the expected shape;
 * - `identity`: an exact decomposition did not add up (a bug; please report it).
 */
export type AnalysisErrorCode = 'length' | 'value' | 'geometry' | 'mask' | 'bins' | 'json' | 'identity';

/**
 * The one error type of `src/analysis`. Its message says what is wrong and what to do.
 *
 * @example
 * try { meanLossMap(new Float32Array(3), 1, 2, 2); }
 * catch (e) { if (e instanceof AnalysisError) console.log(e.code); } // 'length'
 */
export class AnalysisError extends BoundaryEffectsError<AnalysisErrorCode> {
  constructor(code: AnalysisErrorCode, message: string) {
    super('AnalysisError', code, message);
  }
}
