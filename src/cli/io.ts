/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
import { redactCredentials } from '../credentials.js';

/** Where a command writes: stdout for results, stderr for progress and errors (injectable for tests). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** Environment for defaults such as BOUNDARY_EFFECTS_DATA. */
  env: NodeJS.ProcessEnv;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** Writes one line to a stream, with the user information of any URL in it (a Redis password) replaced by `***`. */
export function writeLine(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${redactCredentials(text)}\n`);
}
