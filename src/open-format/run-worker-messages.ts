import { OpenFormatError, type OpenFormatErrorCode } from './errors.js';

/** An error as it crosses a worker-thread boundary (structured clone keeps neither classes nor errno fields). */
export type WorkerError =
  | { kind: 'open-format'; code: OpenFormatErrorCode; file: string; message: string }
  | { kind: 'errno'; code: string; path: string | null; syscall: string | null; message: string }
  | { kind: 'other'; message: string; stack: string | null };

/**
 * The plain form of an error thrown while reading a run in a worker.
 *
 * @example
 * toWorkerError(new OpenFormatError('npz', 'run.npz', 'is damaged.')); // { kind: 'open-format', code: 'npz', ... }
 */
export function toWorkerError(error: unknown): WorkerError {
  if (error instanceof OpenFormatError) {
    const prefix = `${error.file}: `;
    return { kind: 'open-format', code: error.code, file: error.file, message: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
  }
  if (error instanceof Error && 'code' in error && typeof error.code === 'string') {
    const path = 'path' in error && typeof error.path === 'string' ? error.path : null;
    const syscall = 'syscall' in error && typeof error.syscall === 'string' ? error.syscall : null;
    return { kind: 'errno', code: error.code, path, syscall, message: error.message };
  }
  return { kind: 'other', message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? (error.stack ?? null) : null };
}

/**
 * The error again, on the main thread: an `OpenFormatError` of the same code, file and message; a Node errno error
 * with its code and path (so the command maps it to the same exit code); anything else as an Error with the
 * worker's stack.
 *
 * @example
 * throw fromWorkerError(message.error);
 */
export function fromWorkerError(error: WorkerError): Error {
  switch (error.kind) {
    case 'open-format':
      return new OpenFormatError(error.code, error.file, error.message);
    case 'errno': {
      const e: Error & { code?: string; path?: string; syscall?: string } = new Error(error.message);
      e.code = error.code;
      if (error.path !== null) e.path = error.path;
      if (error.syscall !== null) e.syscall = error.syscall;
      return e;
    }
    case 'other': {
      const e = new Error(error.message);
      if (error.stack !== null) e.stack = error.stack;
      return e;
    }
  }
}
