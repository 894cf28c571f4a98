import { DataError } from '../data/errors.js';
import { PadError } from '../data/pad.js';
import { ArgumentError, BoundaryEffectsError } from '../errors.js';
import { OpenFormatError } from '../open-format/errors.js';
import { OnnxRuntimeError } from '../onnx/errors.js';
import { DamagedRunError, RunFileError } from '../run-format/errors.js';
import { SummaryError } from '../summary/errors.js';
import { DistributedError } from '../distributed/errors.js';
import { TrainingError } from '../train/errors.js';
import { InterruptedError } from '../train/interrupted.js';
import { describeFileError, FilesError } from '../fs/files-error.js';
import { ReportRenderError } from '../report/render.js';
import { ReportLimitError } from '../report/report-limit.js';

/**
 * Exit codes of the `boundary-effects` command, one per kind of failure so that scripts can
 * tell a typo from missing data from a diverged training run.
 */
export const ExitCode = {
  ok: 0,
  usage: 1,
  data: 2,
  training: 3,
  /** `--redis`: the Redis server cannot be reached, or refuses the password, when the command starts. */
  queue: 4,
  /** Stopped by Ctrl-C (SIGINT): 128 + 2, as shells report it. */
  interruptedInt: 130,
  /** Stopped by SIGTERM (e.g. `timeout`): 128 + 15. */
  interruptedTerm: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** A command-line mistake: bad option value, unknown variant, impossible combination. */
export class UsageError extends BoundaryEffectsError<'usage'> {
  constructor(message?: string, options?: ErrorOptions) {
    super('UsageError', 'usage', message ?? '', options);
  }
}

/** Training errors that are really about what the user asked for, not about training. */
const USAGE_TRAINING_CODES = new Set(['bad-variant', 'bad-config', 'config-mismatch']);

/**
 * Maps an error thrown by the library to the exit code the command returns: usage errors
 * (bad options, unknown variants, a changed setting for an existing run) give 1; data errors
 * (missing files, bad checksums, corrupt IDX) give 2; training failures (non-finite loss, a
 * crashed worker) and anything unexpected give 3; Redis unreachable with --redis gives 4. File
 * problems (no space, no permission, a file where a folder is expected, a damaged JSON file) are
 * files errors: 2; an output folder locked by another process is a usage error: 1. SIGINT/SIGTERM
 * give 130/143.
 *
 * @example
 * exitCodeFor(new UsageError('--seeds must be positive')) // 1
 */
export function exitCodeFor(raw: unknown): ExitCodeValue {
  const error = describeFileError(raw);
  if (error instanceof InterruptedError) return error.exitCode === 143 ? ExitCode.interruptedTerm : ExitCode.interruptedInt;
  if (error instanceof FilesError) return error.code === 'locked' ? ExitCode.usage : ExitCode.data;
  // SummaryError: runs that cannot be summarised together (different settings, unknown pair).
  // ArgumentError: a value a library function cannot work with, like a bad option.
  if (error instanceof UsageError || error instanceof ArgumentError || error instanceof PadError || error instanceof SummaryError) return ExitCode.usage;
  // No ONNX runtime installed for a manifest that names models: the message gives the install command.
  if (error instanceof OnnxRuntimeError) return ExitCode.usage;
  // A damaged run directory or a bad run file is a data problem of that directory.
  if (error instanceof DamagedRunError || error instanceof RunFileError) return ExitCode.data;
  if (error instanceof TrainingError && USAGE_TRAINING_CODES.has(error.code)) return ExitCode.usage;
  if (error instanceof DataError) return ExitCode.data;
  // A bad open-format folder (manifest, .npy/.npz files) is a data problem of that folder.
  if (error instanceof OpenFormatError) return ExitCode.data;
  // The PDF figures' font is not installed: a missing file of this machine, said with what to install.
  if (error instanceof ReportRenderError && error.code === 'fonts') return ExitCode.data;
  // More variants or comparisons than a report draws, or a name it cannot tell apart: a property of the experiment's files.
  if (error instanceof ReportLimitError) return ExitCode.data;
  if (error instanceof DistributedError) return error.code === 'bad-redis-url' || error.code === 'bad-redis-db' ? ExitCode.usage : ExitCode.queue;
  return ExitCode.training;
}
