import { BoundaryEffectsError } from '../errors.js';

/** What went wrong between this process, Redis and the workers. */
export type DistributedErrorCode =
  /** Redis could not be reached (or answered with an error) when the command started. */
  | 'redis-unreachable'
  /** Redis refused the password (or the URL gives none and Redis needs one). */
  | 'redis-auth'
  /** `--redis` is not a redis:// or rediss:// URL, or its database index is not a number. */
  | 'bad-redis-url'
  /** The URL's database index (`redis://host:6379/99`) is beyond the server's `databases`. */
  | 'bad-redis-db'
  /** A queued job's data is not a run config this version understands. */
  | 'bad-job'
  /** A finished job's return value is not a complete set of run files. */
  | 'bad-result';

/**
 * A typed error of `src/distributed`; the message names the Redis server (password removed) or the
 * run and says what to do.
 *
 * @example
 * throw new DistributedError('redis-unreachable', 'cannot reach Redis at redis://db:6379: connect ECONNREFUSED; start it or fix --redis.');
 */
export class DistributedError extends BoundaryEffectsError<DistributedErrorCode> {
  constructor(code: DistributedErrorCode, message: string, options?: ErrorOptions) {
    super('DistributedError', code, message, options);
  }
}
