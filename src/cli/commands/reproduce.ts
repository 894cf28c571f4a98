import { Command } from 'commander';
import type { DatasetName } from '../../data/datasets.js';
import type { BackendName } from '../../engine/backend.js';
import type { PairingDesign } from '../../train/pairing-design.js';
import {
  ABLATION_VARIANTS,
  QUICK_SETTINGS,
  REPRODUCE_DEFAULTS,
  reproduce,
  type ReproduceOptions,
} from '../../reproduce/reproduce.js';
import { createProgressReporter } from '../../train/progress.js';
import { UsageError } from '../exit-codes.js';
import { writeLine, type CliIo } from '../io.js';
import { MAX_SEEDS_UNCONFIRMED, confirmSeedCount, parseEdgeWidth, parsePositiveInt, parsePositiveNumber, parseSeeds, parseVariantList } from '../parse-options.js';
import { backendOption, datasetOption, pairingOption, describeSummary } from './shared.js';
import { DEFAULT_EDGE_WIDTH } from '../../analysis/regions.js';

interface ReproduceFlags {
  dataset: DatasetName;
  dataDir?: string;
  variants?: string;
  seeds?: string;
  epochs?: string;
  batchSize?: string;
  noise?: string;
  trainSize?: string;
  testSize?: string;
  workers?: string;
  backend: BackendName | 'auto';
  pairing: PairingDesign;
  out?: string;
  ablations?: boolean;
  quick?: boolean;
  edgeWidth?: string;
  report: boolean;
  train: boolean;
  wait?: boolean;
  manySeeds?: boolean;
  redis?: string;
}

/** `--redis` checked against the flags that only make sense for local training. */
function queuedRedis(flags: ReproduceFlags, redis: string): string {
  if (flags.workers !== undefined) throw new UsageError('--workers sets local worker processes; with --redis, start `boundary-effects worker --redis <url>` on each machine instead.');
  if (!flags.train) throw new UsageError('--no-train trains nothing, so it enqueues nothing: drop --redis, or drop --no-train to enqueue the unfinished runs.');
  return redis;
}

/** Turns the flags into library options: explicit flags win over --quick, which wins over the seed's defaults. */
export function reproduceOptionsFromFlags(flags: ReproduceFlags, command: string): ReproduceOptions {
  const quick = flags.quick === true;
  const variants = flags.variants === undefined ? [...REPRODUCE_DEFAULTS.variants] : parseVariantList(flags.variants);
  if (flags.ablations === true) variants.push(...ABLATION_VARIANTS.filter((v) => !variants.includes(v)));
  const seeds = flags.seeds !== undefined ? parseSeeds(flags.seeds) : quick ? [...QUICK_SETTINGS.seeds] : [...REPRODUCE_DEFAULTS.seeds];
  confirmSeedCount(seeds, variants.length, flags.manySeeds === true);
  const size = (raw: string | undefined, option: string, quickValue: number): number | null =>
    raw !== undefined ? (raw === 'all' ? null : parsePositiveInt(option, raw)) : quick ? quickValue : null;
  return {
    dataset: flags.dataset,
    variants,
    seeds,
    epochs: flags.epochs !== undefined ? parsePositiveInt('--epochs', flags.epochs) : quick ? QUICK_SETTINGS.epochs : REPRODUCE_DEFAULTS.epochs,
    batchSize: flags.batchSize !== undefined ? parsePositiveInt('--batch-size', flags.batchSize) : REPRODUCE_DEFAULTS.batchSize,
    noiseFactor: flags.noise !== undefined ? parsePositiveNumber('--noise', flags.noise) : REPRODUCE_DEFAULTS.noiseFactor,
    trainSize: size(flags.trainSize, '--train-size', QUICK_SETTINGS.trainSize),
    testSize: size(flags.testSize, '--test-size', QUICK_SETTINGS.testSize),
    backend: flags.backend,
    pairing: flags.pairing,
    out: flags.out ?? (quick ? `reports/${flags.dataset}-quick` : `reports/${flags.dataset}`),
    ...(flags.workers === undefined ? {} : { workers: parsePositiveInt('--workers', flags.workers) }),
    ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
    ...(flags.edgeWidth === undefined ? {} : { edgeWidth: parseEdgeWidth(flags.edgeWidth) }),
    ...(flags.wait === true ? { waitForLock: true } : {}),
    command,
    report: flags.report,
    train: flags.train,
    ...(flags.redis === undefined ? {} : { redis: queuedRedis(flags, flags.redis) }),
  };
}

/** `reproduce`: the seed's experiment end to end. */
export function reproduceCommand(io: CliIo, commandLine: string): Command {
  return new Command('reproduce')
    .description("Train the seed's autoencoders over seeds, decompose the gap, test it and write the report.")
    .addOption(datasetOption())
    .option('--data-dir <dir>', 'directory holding the dataset files (default: $BOUNDARY_EFFECTS_DATA/<dataset>, caches)')
    .option('--variants <list>', 'comma-separated variants (default: baseline28,edge32)')
    .option('--ablations', 'add zero32, reflect32, edge32-masked and edge36')
    .option('--seeds <n|list>', 'number of seeds (1..n) or a list such as 1,2,7 (default 5)')
    .option('--epochs <n>', 'training epochs (default 10)')
    .option('--batch-size <n>', 'batch size (default 128)')
    .option('--noise <factor>', 'Gaussian noise factor (default 0.5)')
    .option('--train-size <n|all>', 'first n training images (default all)')
    .option('--test-size <n|all>', 'first n test images (default all)')
    .option('--workers <n>', 'parallel worker processes (default: one per core)')
    .option('--redis <url>', 'enqueue the runs on this Redis (redis://host:6379) for `boundary-effects worker` processes instead of training here')
    .addOption(backendOption())
    .addOption(pairingOption())
    .option('--edge-width <r>', `width of the original edge ring in the analysis (default ${DEFAULT_EDGE_WIDTH})`)
    .option('--out <dir>', 'output directory (default reports/<dataset>, or reports/<dataset>-quick)')
    .option('--quick', `a small real run: ${QUICK_SETTINGS.trainSize} train / ${QUICK_SETTINGS.testSize} test images, ${QUICK_SETTINGS.epochs} epochs, ${QUICK_SETTINGS.seeds.length} seeds`)
    .option('--no-report', 'write summary.json only, no HTML report or figures')
    .option('--no-train', 'train nothing: summarise and report the finished runs, list the unfinished ones')
    .option('--wait', 'when another process is writing into --out, wait for it instead of failing')
    .option('--many-seeds', `confirm a study of more than ${MAX_SEEDS_UNCONFIRMED} seeds`)
    .addHelpText(
      'after',
      `
Examples:
  $ boundary-effects reproduce --quick
  $ boundary-effects reproduce --out reports/mnist --seeds 5 --ablations
  $ boundary-effects reproduce --dataset fashion-mnist --seeds 3 --out reports/fashion-mnist
  $ boundary-effects reproduce --out reports/mnist --seeds 3 --ablations --no-train
  $ boundary-effects reproduce --out reports/mnist --redis redis://queue-host:6379   # runs on 'boundary-effects worker' machines

Running it again on the same --out resumes: finished runs are reused, unfinished ones continue.
One process writes into an --out at a time (a second one exits 1 saying who holds it, or waits with --wait).
Ctrl-C (or SIGTERM) stops the workers, keeps every finished epoch, prints the command that resumes, exits 130 (143).`,
    )
    .action(async (flags: ReproduceFlags) => {
      const options = reproduceOptionsFromFlags(flags, commandLine);
      const reporter = createProgressReporter({ stream: io.stderr });
      try {
        const result = await reproduce({ ...options, reporter, log: (line) => writeLine(io.stderr, line), onNotice: (text) => writeLine(io.stderr, text) });
        describeSummary(io, result.summary);
        writeLine(io.stdout, `summary: ${result.summaryPath}`);
        if (result.reportPath !== null) writeLine(io.stdout, `report:  ${result.reportPath}`);
        if (result.unfinished.length > 0) {
          writeLine(io.stdout, `not in the summary (unfinished): ${result.unfinished.length} run(s): ${result.unfinished.join(', ')}`);
        }
      } finally {
        reporter.close();
      }
    });
}
