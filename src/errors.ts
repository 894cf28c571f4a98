/**
 * The common root of every error class the library throws (`AnalysisError`, `StatsError`,
 * `DataError`, `ModelError`, `TrainingError`, ...). Each subclass keeps its own `name` and its own
 * union of `code`s; catching `BoundaryEffectsError` catches them all. This file imports nothing, so
 * the tfjs-free areas (`src/analysis`, `src/stats`) can extend it.
 *
 * @example
 * try { comparePaired([1, 2], [1]); }
 * catch (e) {
 *   if (!(e instanceof BoundaryEffectsError)) throw e; // not ours: a bug or a Node error
 *   switch (e.code) {
 *     case 'length-mismatch': console.error(`${e.name}: ${e.message}`); break; // 'StatsError: ...'
 *     default: throw e;
 *   }
 * }
 */
export class BoundaryEffectsError<Code extends string = string> extends Error {
  /** What went wrong, as a stable string to switch on; the message says what to do. */
  readonly code: Code;

  /**
   * @param name The subclass's name (e.g. `'StatsError'`), shown by `String(error)` and in stack traces.
   * @param code What went wrong, one of the subclass's codes.
   * @param message What is wrong and what to do.
   * @param options `cause`: the lower-level error this one wraps.
   */
  constructor(name: string, code: Code, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = name;
    this.code = code;
  }
}

/**
 * An argument a library function cannot work with: a seed that is not an integer, a negative noise
 * factor, arrays of different lengths, a figure asked of a summary that lacks its data. The message
 * names the argument and what it must be; the command maps it to exit code 1 (usage), like a bad
 * option.
 *
 * @example
 * createRng(Number.NaN); // ArgumentError: Seed must be a safe integer, got NaN. Pass an integer such as 42.
 */
export class ArgumentError extends BoundaryEffectsError<'bad-argument'> {
  constructor(message: string, options?: ErrorOptions) {
    super('ArgumentError', 'bad-argument', message, options);
  }
}
