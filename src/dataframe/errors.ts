import { BoundaryEffectsError } from '../errors.js';

/** Why a DataFrame could not be made: the optional peer `danfojs-node` is absent or does not load. */
export type DataFrameErrorCode = 'peer-missing' | 'peer-load-failed';

/**
 * Thrown by `toDataFrame` when `danfojs-node` (an optional peer dependency) is not installed or
 * fails to load; the message says how to install it.
 *
 * @example
 * try { await toDataFrame(rows); }
 * catch (e) { if (e instanceof DataFrameError && e.code === 'peer-missing') console.log(toCsv(rows)); else throw e; }
 */
export class DataFrameError extends BoundaryEffectsError<DataFrameErrorCode> {
  constructor(code: DataFrameErrorCode, message: string, options?: ErrorOptions) {
    super('DataFrameError', code, message, options);
  }
}
