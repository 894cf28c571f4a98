/** Shared helpers of the training tests: tiny configs on the committed synthetic fixtures. */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeRunConfig, type CheckedRunConfig, type RunConfig } from '../../src/train/config.js';
import type { ProgressEvent, ProgressReporter } from '../../src/train/progress.js';

/**
 * A tiny run: synthetic data, 256 train / 64 test images, batch 100 (so the last batch of an epoch
 * is smaller: 100, 100, 56), wasm backend.
 */
export function tinyConfig(overrides: Partial<RunConfig> = {}): CheckedRunConfig {
  return makeRunConfig({
    dataset: 'synthetic',
    variant: 'edge32',
    seed: 11,
    epochs: 2,
    batchSize: 100,
    trainSize: 256,
    testSize: 64,
    backend: 'wasm',
    ...overrides,
  });
}

/** A fresh temporary directory. */
export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `be-train-${prefix}-`));
}

/** A reporter that keeps every event (and optionally calls `onEvent`). */
export function recordingReporter(onEvent?: (event: ProgressEvent) => void): ProgressReporter & { events: ProgressEvent[] } {
  const events: ProgressEvent[] = [];
  return {
    events,
    report(event) {
      events.push(event);
      onEvent?.(event);
    },
    close: () => undefined,
  };
}
