/**
 * Typed errors of the data layer. `IdxError` (in `idx.ts`) extends `DataError`, so a caller can
 * catch every data fault with one `instanceof DataError`.
 */

import { BoundaryEffectsError } from '../errors.js';

/** What went wrong while finding, verifying or fetching a dataset file. */
export type DataErrorCode = 'not-found' | 'checksum' | 'download' | 'format';

/**
 * A dataset could not be provided: no file anywhere (`not-found`), a file whose SHA-256 differs
 * from the pinned sum (`checksum`), a failed download (`download`) or a malformed file (`format`).
 * The message always says what to do next.
 *
 * @example
 * try { await loadDataset('mnist', 'train'); }
 * catch (e) { if (e instanceof DataError && e.code === 'not-found') console.error(e.message); }
 */
export class DataError extends BoundaryEffectsError<DataErrorCode> {
  readonly file?: string;
  /** For `checksum`: the pinned SHA-256. */
  readonly expected?: string;
  /** For `checksum`: the SHA-256 actually found. */
  readonly found?: string;
  /** For `not-found`: every place that was looked at, in order. */
  readonly places?: string[];

  constructor(
    code: DataErrorCode,
    message: string,
    details: { file?: string; expected?: string; found?: string; places?: string[]; cause?: unknown } = {},
  ) {
    super('DataError', code, message, details.cause === undefined ? undefined : { cause: details.cause });
    if (details.file !== undefined) this.file = details.file;
    if (details.expected !== undefined) this.expected = details.expected;
    if (details.found !== undefined) this.found = details.found;
    if (details.places !== undefined) this.places = details.places;
  }
}
