import { Command, Option } from 'commander';
import type { BackendName } from '../../engine/backend.js';
import { runBenchmark } from '../../bench/benchmark.js';
import { writeLine, type CliIo } from '../io.js';
import { parsePositiveInt } from '../parse-options.js';

/** `bench`: the training benchmark (same code as `npm run bench`). */
export function benchCommand(io: CliIo, commandLine: string): Command {
  return new Command('bench')
    .description('Measure training throughput (images/s) of baseline28 and edge32 for one and two workers, the engine\'s fraction of its convolution floor, the per-epoch time outside the steps and peak RSS; prints JSON.')
    .addOption(new Option('--backend <name>', 'tfjs backend').choices(['wasm', 'cpu', 'tensorflow']).default('wasm'))
    .option('--seconds <n>', 'seconds to measure each configuration', '10')
    .option('--warmup <n>', 'warm-up steps before measuring', '3')
    .option('--data-dir <dir>', 'dataset directory for the full-data peak-RSS and epoch-overhead runs (default: $BOUNDARY_EFFECTS_DATA)')
    .option('--rss-steps <n>', 'training steps in the peak-RSS run', '5')
    .option('--no-rss', 'skip the full-data peak-RSS measurement')
    .option('--no-overhead', 'skip the full-data per-epoch overhead measurement')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects bench\n  $ boundary-effects bench --seconds 5 --no-rss')
    .action(async (flags: { backend: BackendName; seconds: string; warmup: string; dataDir?: string; rssSteps: string; rss: boolean; overhead: boolean }) => {
      const report = await runBenchmark(
        {
          backend: flags.backend,
          seconds: parsePositiveInt('--seconds', flags.seconds),
          warmup: parsePositiveInt('--warmup', flags.warmup),
          dataDir: flags.dataDir,
          rss: flags.rss,
          rssSteps: parsePositiveInt('--rss-steps', flags.rssSteps),
          overhead: flags.overhead,
        },
        commandLine,
      );
      writeLine(io.stdout, JSON.stringify(report, null, 2));
    });
}
