import { BoundaryEffectsError } from '../errors.js';

/** What stopped a run or an experiment. */
export type TrainingErrorCode =
  | 'bad-variant'
  | 'bad-config'
  | 'config-mismatch'
  | 'data-mismatch'
  | 'non-finite-loss'
  | 'bad-checkpoint'
  | 'worker-crashed'
  | 'runs-failed';

/** Where a {@link TrainingError} happened, when it is about one place. */
export interface TrainingErrorDetails {
  /** 1-based epoch of a non-finite loss. */
  epoch?: number;
  /** 1-based batch within the epoch of a non-finite loss. */
  batch?: number;
  /** The config setting (or data file) that differs on resume. */
  setting?: string;
  /** The run (e.g. `edge32/seed-3`) a worker error is about. */
  run?: string;
}

/**
 * A typed error of `src/train`; the message says what is wrong and what to do.
 *
 * @example
 * throw new TrainingError('non-finite-loss', 'loss is NaN at epoch 2, batch 17.', { epoch: 2, batch: 17 });
 */
export class TrainingError extends BoundaryEffectsError<TrainingErrorCode> {
  readonly epoch?: number;
  readonly batch?: number;
  readonly setting?: string;
  readonly run?: string;
  constructor(code: TrainingErrorCode, message: string, details: TrainingErrorDetails = {}) {
    super('TrainingError', code, message);
    if (details.epoch !== undefined) this.epoch = details.epoch;
    if (details.batch !== undefined) this.batch = details.batch;
    if (details.setting !== undefined) this.setting = details.setting;
    if (details.run !== undefined) this.run = details.run;
  }
}
