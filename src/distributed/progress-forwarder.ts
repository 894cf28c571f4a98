/**
 * Progress of a queued run, from the worker's child process to the coordinator: every event of the
 * run's ProgressReporter goes into BullMQ's job progress (which QueueEvents relays), tagged with the
 * worker; batch events at most every `intervalMs` per run, so a fast run does not flood Redis.
 */
import type { ProgressEvent, ProgressReporter } from '../train/progress.js';
import { isRecord } from '../json/fields.js';

/** A job's progress value. */
export interface QueuedProgress {
  worker: string;
  event: ProgressEvent;
}

/** A reporter whose sends can be awaited before the job returns. */
export interface ForwardingReporter extends ProgressReporter {
  /** Resolves when every event reported so far has been sent. */
  flush(): Promise<void>;
}

/**
 * A reporter that hands events to `send` (e.g. `job.updateProgress`), in order, never throwing.
 *
 * @example
 * const reporter = forwardProgress((p) => job.updateProgress(p), 'host:42');
 */
export function forwardProgress(send: (progress: QueuedProgress) => Promise<void>, worker: string, intervalMs = 2000, now: () => number = Date.now): ForwardingReporter {
  let chain: Promise<void> = Promise.resolve();
  let lastBatch = Number.NEGATIVE_INFINITY;
  return {
    report(event) {
      if (event.kind === 'batch') {
        const t = now();
        if (t - lastBatch < intervalMs && event.batch !== event.batches) return;
        lastBatch = t;
      }
      // Progress is for display: a failed send (Redis briefly away) must not stop the run.
      chain = chain.then(() => send({ worker, event })).catch(() => undefined);
    },
    close: () => undefined,
    flush: () => chain,
  };
}

const numbers = (o: Record<string, unknown>, keys: readonly string[]): Record<string, number> | null => {
  const out: Record<string, number> = {};
  for (const key of keys) {
    const v = o[key];
    if (typeof v !== 'number') return null;
    out[key] = v;
  }
  return out;
};

/** Checks one progress event field by field (it comes from Redis). */
function parseEvent(e: Record<string, unknown>): ProgressEvent | null {
  const run = e.run;
  if (typeof run !== 'string') return null;
  switch (e.kind) {
    case 'start': {
      const n = numbers(e, ['epochs', 'startEpoch', 'batches', 'images']);
      return n && { kind: 'start', run, epochs: n.epochs, startEpoch: n.startEpoch, batches: n.batches, images: n.images };
    }
    case 'batch': {
      const n = numbers(e, ['epoch', 'epochs', 'batch', 'batches', 'imagesPerSecond', 'etaSeconds']);
      return n && { kind: 'batch', run, epoch: n.epoch, epochs: n.epochs, batch: n.batch, batches: n.batches, imagesPerSecond: n.imagesPerSecond, etaSeconds: n.etaSeconds };
    }
    case 'epoch': {
      const epochs = e.epochs;
      const r = isRecord(e.record) ? numbers(e.record, ['epoch', 'trainLoss', 'testLoss', 'testLossOriginal', 'seconds', 'imagesPerSecond', 'testSeconds']) : null;
      if (typeof epochs !== 'number' || r === null) return null;
      const record = { epoch: r.epoch, trainLoss: r.trainLoss, testLoss: r.testLoss, testLossOriginal: r.testLossOriginal, seconds: r.seconds, imagesPerSecond: r.imagesPerSecond, testSeconds: r.testSeconds };
      return { kind: 'epoch', run, epochs, record };
    }
    case 'done':
      return typeof e.seconds === 'number' ? { kind: 'done', run, seconds: e.seconds } : null;
    case 'failed':
      return typeof e.message === 'string' ? { kind: 'failed', run, message: e.message } : null;
    default:
      return null;
  }
}

/**
 * Reads a job's progress value back, checked; null for anything else (it only drives the display).
 *
 * @example
 * const progress = parseQueuedProgress(data); // { worker: 'host:42', event: { kind: 'epoch', ... } } or null
 */
export function parseQueuedProgress(value: unknown): QueuedProgress | null {
  if (!isRecord(value) || typeof value.worker !== 'string' || !isRecord(value.event)) return null;
  const event = parseEvent(value.event);
  return event === null ? null : { worker: value.worker, event };
}
