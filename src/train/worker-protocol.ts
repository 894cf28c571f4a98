import type { CheckedRunConfig } from './config.js';
import type { ProgressEvent } from './progress.js';
import type { RunResult } from './run.js';

/**
 * Parent -> worker: train one run, or leave. Only runExperiment sends runs, of configs it checked
 * (a structured clone keeps every field), so the worker does not check them again.
 */
export type ParentMessage = { type: 'run'; config: CheckedRunConfig; runDir: string } | { type: 'exit' };

/** A serialisable error. */
export interface WorkerErrorInfo {
  name: string;
  message: string;
  code: string | null;
  epoch?: number;
  batch?: number;
  setting?: string;
}

/** Worker -> parent: ready for a run, progress of the current run, its end. */
export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'done'; runDir: string; result: RunResult }
  | { type: 'failed'; runDir: string; error: WorkerErrorInfo };
