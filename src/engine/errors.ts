import { BoundaryEffectsError } from '../errors.js';

/** What went wrong in the engine. */
export type EngineErrorCode =
  | 'backend-unavailable'
  | 'backend-init'
  | 'not-initialized'
  | 'unsupported-kernel-config'
  /** A training kernel met shapes or a backend state it was not built for (a bug of the package: report it with the message). */
  | 'kernel';

/**
 * Typed error of the engine area: `code` says what failed, the message says what to do.
 *
 * @example
 * ```ts
 * try { await initEngine({ backend: 'tensorflow' }); }
 * catch (e) { if (e instanceof EngineError && e.code === 'backend-unavailable') { ... } }
 * ```
 */
export class EngineError extends BoundaryEffectsError<EngineErrorCode> {
  constructor(code: EngineErrorCode, message: string) {
    super('EngineError', code, message);
  }
}
