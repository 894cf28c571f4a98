// Worker-thread entry: reads the runs the main thread sends (one RunDataJob per message) and posts each result or
// error back. Each run is read whole by one worker, so its numbers do not depend on how many workers there are.
import { parentPort } from 'node:worker_threads';
import { ArgumentError } from '../errors.js';
import { readRunData, type RunDataJob } from './read-run-data.js';
import { toWorkerError } from './run-worker-messages.js';

const port = parentPort;
if (port === null) throw new ArgumentError('run-worker.ts is a worker-thread entry; start it with new Worker(...)');
port.on('message', (message: { index: number; job: RunDataJob }) => {
  try {
    port.postMessage({ index: message.index, result: readRunData(message.job) });
  } catch (e) {
    port.postMessage({ index: message.index, error: toWorkerError(e) });
  }
});
