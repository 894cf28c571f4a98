import { BoundaryEffectsError } from '../errors.js';

/** What went wrong when building or using the autoencoder. */
export type ModelErrorCode = 'bad-size' | 'bad-shape' | 'bad-state';

/**
 * A typed error of `src/model`; the message says what is wrong and what to do.
 *
 * @example
 * throw new ModelError('bad-size', 'input size 30 is not divisible by 4; pad to 28 or 32.');
 */
export class ModelError extends BoundaryEffectsError<ModelErrorCode> {
  constructor(code: ModelErrorCode, message: string) {
    super('ModelError', code, message);
  }
}
