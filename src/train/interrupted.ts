/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
import { BoundaryEffectsError } from '../errors.js';

/** What an interrupted run keeps: its finished epochs, checkpointed in its directory. */
export interface KeptRun {
  /** `<variant>/seed-<n>`. */
  run: string;
  runDir: string;
  /** Finished epochs kept in the checkpoint (0: none yet). */
  epochsKept: number;
  epochs: number;
}

/** The exit status of a process ended by a signal, as shells report it (128 + the signal's number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * An experiment stopped by SIGINT or SIGTERM: its workers were stopped, every finished epoch and
 * run is kept on disk, and rerunning the same command continues from there. `exitCode` is what a
 * shell expects of a process ended by that signal (130 for SIGINT, 143 for SIGTERM).
 *
 * @example
 * try { await runExperiment(configs, 'out'); }
 * catch (e) { if (e instanceof InterruptedError) process.exitCode = e.exitCode; }
 */
export class InterruptedError extends BoundaryEffectsError<'interrupted'> {
  readonly signal: NodeJS.Signals;
  readonly exitCode: number;
  /** Runs finished before the signal (whole, reused by a rerun). */
  readonly finishedRuns: number;
  /** Runs started but not finished, with the epochs each keeps. */
  readonly kept: KeptRun[];

  /** `note`: a sentence added to the message (e.g. that queued runs go on training on the workers). */
  constructor(signal: NodeJS.Signals, finishedRuns: number, kept: KeptRun[], note?: string) {
    const parts = kept.map((k) => `${k.run} keeps ${k.epochsKept} of ${k.epochs} epochs`);
    super('InterruptedError', 'interrupted', `stopped by ${signal}: ${finishedRuns} finished run(s) kept${parts.length > 0 ? `; ${parts.join('; ')}` : ''}.${note === undefined ? '' : ` ${note}`}`);
    this.signal = signal;
    this.exitCode = SIGNAL_EXIT[signal] ?? 130;
    this.finishedRuns = finishedRuns;
    this.kept = kept;
  }
}
