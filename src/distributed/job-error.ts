/**
 * How a queued run's failure travels through BullMQ's `failedReason` (a string): the error's name
 * and code in brackets, then its message. Also decides which failures are worth another attempt:
 * a worker or machine fault is retried (with backoff, a bounded number of times); a fault of the
 * run itself (NaN loss, bad data, impossible settings) would fail again anywhere and is not.
 */
import type { WorkerErrorInfo } from '../train/worker-protocol.js';

/** Training error codes that no other attempt or worker would change. */
const PERMANENT_TRAINING_CODES = new Set(['non-finite-loss', 'bad-config', 'bad-variant', 'config-mismatch', 'data-mismatch', 'bad-checkpoint']);
/** Data error codes of the files themselves; 'not-found' and 'download' depend on the worker. */
const PERMANENT_DATA_CODES = new Set(['checksum', 'format']);

/** A failure as it goes into a job's failedReason. */
export interface EncodedJobError {
  reason: string;
  /** False for a fault of the run itself: BullMQ must not retry it (UnrecoverableError). */
  retry: boolean;
}

/**
 * Encodes a failure of a queued run.
 *
 * @example
 * encodeJobError(new TrainingError('non-finite-loss', 'loss is NaN.')); // { reason: '[TrainingError/non-finite-loss] loss is NaN.', retry: false }
 */
export function encodeJobError(error: unknown): EncodedJobError {
  if (!(error instanceof Error)) return { reason: `[Error] ${String(error)}`, retry: true };
  const code = 'code' in error && typeof error.code === 'string' ? error.code : null;
  const permanent =
    code !== null &&
    ((error.name === 'TrainingError' && PERMANENT_TRAINING_CODES.has(code)) ||
      (error.name === 'DataError' && PERMANENT_DATA_CODES.has(code)) ||
      error.name === 'DistributedError');
  return { reason: `[${error.name}${code === null ? '' : `/${code}`}] ${error.message}`, retry: !permanent };
}

/**
 * Decodes a job's failedReason into the error record of a run outcome. Reasons written by BullMQ
 * itself (a stalled job, a child process that died) are worker crashes.
 *
 * @example
 * decodeJobError('[TrainingError/non-finite-loss] loss is NaN.'); // { name: 'TrainingError', code: 'non-finite-loss', message: 'loss is NaN.' }
 */
export function decodeJobError(reason: string): WorkerErrorInfo {
  const match = /^\[(\w+)(?:\/([\w-]+))?\] ([\s\S]*)$/.exec(reason);
  if (match !== null) return { name: match[1] ?? 'Error', code: match[2] ?? null, message: match[3] ?? '' };
  return { name: 'TrainingError', code: 'worker-crashed', message: reason };
}
