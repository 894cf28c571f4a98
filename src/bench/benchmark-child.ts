/** Entry of a benchmark child process (forked by runBenchmark with BENCH_ROLE set). */
import { benchmarkChildMain, type BenchmarkRole } from './benchmark.js';

await benchmarkChildMain((process.env.BENCH_ROLE ?? 'throughput') as BenchmarkRole);
