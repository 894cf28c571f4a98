/**
 * Entry point of an experiment's worker process (forked by `runExperiment`): trains the runs the
 * parent sends, one at a time, and reports progress and results over IPC. Works from the TS source
 * (forked with `--import tsx`) and from the compiled `dist/` JS.
 */
import { trainCheckedRun } from './run.js';
import { describeFileError } from '../fs/files-error.js';
import type { ParentMessage, WorkerErrorInfo, WorkerMessage } from './worker-protocol.js';
import type { ProgressReporter } from './progress.js';

/**
 * Leaves at once and quietly. A worker's parent that is gone (killed, even by SIGKILL) or that
 * stops the experiment (SIGINT/SIGTERM) is no error of the worker's: no stack trace, and every
 * finished epoch is already checkpointed (a partial epoch is redone by the next run).
 */
function leave(): never {
  process.exit(0);
}

// The pid of the parent at start: when it dies the worker is re-parented and this changes.
const parentPid = process.ppid;

function send(message: WorkerMessage): void {
  if (process.ppid !== parentPid || process.connected === false) leave();
  // With a callback, a failed send (the parent just died: EPIPE) is reported here, not thrown.
  process.send?.(message, undefined, {}, (error: Error | null) => {
    if (error !== null) leave();
  });
}

function describeError(raw: unknown): WorkerErrorInfo {
  // A system error of a file (ENOSPC while checkpointing, EACCES) becomes a FilesError naming the file.
  const error = describeFileError(raw);
  if (!(error instanceof Error)) return { name: 'Error', message: String(error), code: null };
  const fields = error as Error & { code?: unknown; epoch?: number; batch?: number; setting?: string };
  return {
    name: error.name,
    message: error.message,
    code: typeof fields.code === 'string' ? fields.code : null,
    ...(fields.epoch === undefined ? {} : { epoch: fields.epoch }),
    ...(fields.batch === undefined ? {} : { batch: fields.batch }),
    ...(fields.setting === undefined ? {} : { setting: fields.setting }),
  };
}

const forwardingReporter: ProgressReporter = {
  report: (event) => send({ type: 'progress', event }),
  close: () => undefined,
};

// Runs arrive one at a time (the parent waits for done/failed), so a simple chain keeps order.
let chain: Promise<void> = Promise.resolve();

process.on('message', (message: ParentMessage) => {
  if (message.type === 'exit') {
    chain = chain.then(() => process.disconnect());
    return;
  }
  chain = chain.then(async () => {
    try {
      const result = await trainCheckedRun(message.config, message.runDir, { reporter: forwardingReporter });
      send({ type: 'done', runDir: message.runDir, result });
    } catch (error) {
      send({ type: 'failed', runDir: message.runDir, error: describeError(error) });
    }
  });
});

// The parent went away (or told us to leave): stop. A kill at any moment is safe for a run.
process.on('disconnect', leave);
// Ctrl-C reaches the whole process group; the parent stops the experiment and reports what was kept.
process.on('SIGINT', leave);
process.on('SIGTERM', leave);
// Inherited stdout/stderr may be a pipe whose reader is gone: EPIPE there is not worth a stack trace.
process.stdout.on('error', leave);
process.stderr.on('error', leave);

if (process.send === undefined) {
  process.stderr.write('src/train/worker is started by runExperiment (child_process.fork); it has nothing to do on its own.\n');
  process.exitCode = 2;
} else {
  send({ type: 'ready' });
}
