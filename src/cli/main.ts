#!/usr/bin/env node
import { runCli } from './program.js';
import { processIo } from './io.js';

// A closed pipe (`boundary-effects analyze reports/mnist | head -1`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: Error) => {
    if ('code' in error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await runCli(process.argv.slice(2), processIo());
