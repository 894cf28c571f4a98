/**
 * Entry point of an experiment's worker process (forked by `runExperiment`): trains the runs the
 * parent sends, one at a time, and reports progress and results over IPC. Works from the TS source
 * (forked with `--import tsx`) and from the compiled `dist/` JS.
 */
import { trainRun } from './run.js';
import type { ParentMessage, WorkerErrorInfo, WorkerMessage } from './worker-protocol.js';
import type { ProgressReporter } from './progress.js';

function send(message: WorkerMessage): void {
  process.send?.(message);
}

function describeError(error: unknown): WorkerErrorInfo {
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
      const result = await trainRun(message.config, message.runDir, { reporter: forwardingReporter });
      send({ type: 'done', runDir: message.runDir, result });
    } catch (error) {
      send({ type: 'failed', runDir: message.runDir, error: describeError(error) });
    }
  });
});

// The parent went away (or told us to leave): stop. A kill at any moment is safe for a run.
process.on('disconnect', () => process.exit(0));

if (process.send === undefined) {
  process.stderr.write('src/train/worker is started by runExperiment (child_process.fork); it has nothing to do on its own.\n');
  process.exitCode = 2;
} else {
  send({ type: 'ready' });
}
