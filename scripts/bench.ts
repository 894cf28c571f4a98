/**
 * `npm run bench -- [--backend wasm] [--seconds 10] [--warmup 3] [--data-dir DIR] [--no-rss] [--no-overhead]`:
 * prints the training benchmark's JSON (throughput of baseline28 and edge32 for one and two
 * workers, peak RSS of a full-data edge32 run, the engine's fraction of its
 * convolution floor, the per-epoch time outside the optimizer steps). Same code path as `boundary-effects bench`.
 */
import { parseArgs } from 'node:util';
import type { BackendName } from '../src/engine/backend.js';
import { runBenchmark } from '../src/bench/benchmark.js';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'data-dir': { type: 'string' },
    'rss-steps': { type: 'string', default: '5' },
    'no-rss': { type: 'boolean', default: false },
    'no-overhead': { type: 'boolean', default: false },
  },
});
const report = await runBenchmark(
  {
    backend: values.backend as BackendName,
    seconds: Number(values.seconds),
    warmup: Number(values.warmup),
    dataDir: values['data-dir'],
    rss: !values['no-rss'],
    rssSteps: Number(values['rss-steps']),
    overhead: !values['no-overhead'],
  },
  `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
