import { BoundaryEffectsError } from '../errors.js';

/** What is wrong with one run file. */
export type RunFileFault = 'missing' | 'unreadable' | 'invalid-json' | 'bad-field' | 'checksum' | 'inconsistent';

/**
 * One run file that is missing, not JSON, or has a field of the wrong type or range. The message
 * starts with the file's path and names the field, e.g.
 * `runs/edge32/seed-1/history.json: epoch 3 trainLoss is "x", expected a finite number`.
 *
 * @example
 * try { parseHistory(JSON.parse(text), 'history.json'); }
 * catch (e) { if (e instanceof RunFileError) console.error(e.message); }
 */
export class RunFileError extends BoundaryEffectsError<RunFileFault> {
  constructor(
    /** The file's path as given to the parser. */
    readonly path: string,
    fault: RunFileFault,
    /** What is wrong, without the path. */
    readonly detail: string,
  ) {
    super('RunFileError', fault, `${path}: ${detail}`);
  }
}

/**
 * A finished run directory whose files are not whole: a file missing, changed after the run
 * finished (its sha256 differs from the run's manifest), not JSON, or with a bad field. Never
 * skipped: readers stop with this error (exit code 2), and `reproduce` / `train` repair the run.
 *
 * @example
 * const state = await inspectRunDirectory('reports/mnist/runs/edge32/seed-1');
 * if (state.state === 'damaged') console.error(state.error.message);
 */
export class DamagedRunError extends BoundaryEffectsError<'damaged-run'> {
  constructor(
    readonly runDir: string,
    /** The file at fault (its name inside the run directory). */
    readonly file: string,
    readonly fault: RunFileFault,
    /** What is wrong with the file, without the path and the advice. */
    readonly detail: string,
    message: string,
  ) {
    super('DamagedRunError', 'damaged-run', message);
  }
}
