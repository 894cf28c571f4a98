import { BoundaryEffectsError } from '../errors.js';

/** Runs that cannot be summarised together (different settings, a spec that does not fit the runs...). */
export class SummaryError extends BoundaryEffectsError<'summary'> {
  constructor(message?: string, options?: ErrorOptions) {
    super('SummaryError', 'summary', message ?? '', options);
  }
}
