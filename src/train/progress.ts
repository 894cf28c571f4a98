/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
import type { EpochRecord } from './history.js';

/** What a run tells its reporter while it trains. */
export type ProgressEvent =
  | { kind: 'start'; run: string; epochs: number; startEpoch: number; batches: number; images: number }
  | { kind: 'batch'; run: string; epoch: number; epochs: number; batch: number; batches: number; imagesPerSecond: number; etaSeconds: number }
  | { kind: 'epoch'; run: string; epochs: number; record: EpochRecord }
  | { kind: 'done'; run: string; seconds: number }
  | { kind: 'failed'; run: string; message: string }
  /** Something the user should know about a run, e.g. that a damaged run is being repaired. */
  | { kind: 'notice'; run: string; message: string };

/** Receives progress events; the default writes them to stderr. */
export interface ProgressReporter {
  report(event: ProgressEvent): void;
  /** Ends the display (clears a TTY status line). */
  close(): void;
}

/** A reporter that drops every event. */
export const silentReporter: ProgressReporter = { report: () => undefined, close: () => undefined };

/** Options of {@link createProgressReporter}. */
export interface ProgressReporterOptions {
  stream?: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Bars on a TTY (default: the stream's isTTY), else plain lines. */
  tty?: boolean;
  /** Seconds between plain batch lines per run (default 10). */
  intervalSeconds?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/**
 * `1h02m`, `3m05s`, `12s`: a short duration for ETAs.
 *
 * @example
 * formatDuration(185); // '3m05s'
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m${String(r).padStart(2, '0')}s`;
  return `${r}s`;
}

function bar(fraction: number, width: number): string {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

function batchText(e: Extract<ProgressEvent, { kind: 'batch' }>): string {
  return `epoch ${e.epoch}/${e.epochs} batch ${e.batch}/${e.batches} ${Math.round(e.imagesPerSecond)} img/s ETA ${formatDuration(e.etaSeconds)}`;
}

function epochText(e: Extract<ProgressEvent, { kind: 'epoch' }>): string {
  const r = e.record;
  return (
    `${e.run} epoch ${r.epoch}/${e.epochs} loss ${r.trainLoss.toFixed(4)} test ${r.testLoss.toFixed(4)}` +
    ` (original ${r.testLossOriginal.toFixed(4)}) ${r.seconds.toFixed(1)}s ${Math.round(r.imagesPerSecond)} img/s`
  );
}

/**
 * The default reporter, writing to stderr: on a TTY one status line with a bar per active run
 * (epoch, batch, images/s, ETA), redrawn at most 10 times a second; otherwise plain lines, one per
 * run every `intervalSeconds` while it trains and one per finished epoch.
 *
 * @example
 * const reporter = createProgressReporter({ intervalSeconds: 10 });
 * await trainRun(config, dir, { reporter });
 */
export function createProgressReporter(options: ProgressReporterOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const tty = options.tty ?? Boolean(stream.isTTY);
  const intervalMs = (options.intervalSeconds ?? 10) * 1000;
  const now = options.now ?? (() => Date.now());
  const lastLine = new Map<string, number>();
  const bars = new Map<string, string>();
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;

  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = (): void => {
    const columns = stream.columns ?? 120;
    const text = [...bars.values()].join(' | ');
    stream.write(`\r\x1b[2K${text.slice(0, Math.max(10, columns - 1))}`);
    drawn = text.length > 0;
  };
  const line = (text: string): void => {
    if (tty) clear();
    stream.write(`${text}\n`);
    if (tty && bars.size > 0) draw();
  };

  return {
    report(event) {
      switch (event.kind) {
        case 'start':
          line(`${event.run}: ${event.startEpoch > 1 ? `resuming at epoch ${event.startEpoch}` : 'starting'} of ${event.epochs}, ${event.images} images, ${event.batches} batches per epoch`);
          break;
        case 'batch': {
          const t = now();
          if (tty) {
            bars.set(event.run, `${event.run} ${bar(event.batch / event.batches, 12)} ${batchText(event)}`);
            if (t - lastDraw >= 100 || event.batch === event.batches) {
              lastDraw = t;
              draw();
            }
          } else if (t - (lastLine.get(event.run) ?? Number.NEGATIVE_INFINITY) >= intervalMs) {
            lastLine.set(event.run, t);
            stream.write(`${event.run} ${batchText(event)}\n`);
          }
          break;
        }
        case 'epoch':
          line(epochText(event));
          break;
        case 'done':
          bars.delete(event.run);
          line(`${event.run}: done in ${formatDuration(event.seconds)}`);
          break;
        case 'failed':
          bars.delete(event.run);
          line(`${event.run}: FAILED: ${event.message}`);
          break;
        case 'notice':
          line(`${event.run}: ${event.message}`);
          break;
      }
    },
    close() {
      if (tty) clear();
      bars.clear();
    },
  };
}
