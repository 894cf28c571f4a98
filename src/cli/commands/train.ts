import { Command } from 'commander';
import { resolve } from 'node:path';
import type { DatasetName } from '../../data/datasets.js';
import type { BackendName } from '../../engine/backend.js';
import type { PairingDesign } from '../../train/pairing-design.js';
import { makeRunConfig, runLabel, SEED_DEFAULTS } from '../../train/config.js';
import { InterruptedError } from '../../train/interrupted.js';
import { refuseSymlinkedRunFolders, runDirectory } from '../../train/experiment.js';
import { createProgressReporter, type ProgressReporter } from '../../train/progress.js';
import { resultTestLoss, trainRun } from '../../train/run.js';
import { writeLine, type CliIo } from '../io.js';
import { parsePositiveInt, parsePositiveNumber, parseSeed } from '../parse-options.js';
import { withOutputFolder } from '../../fs/output-folder.js';
import { backendOption, datasetOption, pairingOption } from './shared.js';

interface TrainFlags {
  variant: string;
  seed: string;
  dataset: DatasetName;
  dataDir?: string;
  epochs?: string;
  batchSize?: string;
  noise?: string;
  trainSize?: string;
  testSize?: string;
  backend: BackendName | 'auto';
  pairing: PairingDesign;
  out: string;
  wait?: boolean;
}

/** `train`: one run (one variant, one seed), resumable, in this process. */
export function trainCommand(io: CliIo, commandLine: string): Command {
  return new Command('train')
    .description('Train one variant with one seed into <out>/runs/<variant>/seed-<n> (resumes an unfinished run).')
    .requiredOption('--variant <name>', 'baseline28, edge32, zero32, reflect32, symmetric32, wrap32, edge36, edge32-masked, ...')
    .option('--seed <n>', 'run seed', '1')
    .addOption(datasetOption())
    .option('--data-dir <dir>', 'directory holding the dataset files')
    .option('--epochs <n>', 'training epochs (default 10)')
    .option('--batch-size <n>', 'batch size (default 128)')
    .option('--noise <factor>', 'Gaussian noise factor (default 0.5)')
    .option('--train-size <n>', 'first n training images (default all)')
    .option('--test-size <n>', 'first n test images (default all)')
    .addOption(backendOption())
    .addOption(pairingOption())
    .option('--out <dir>', 'experiment directory', 'runs')
    .option('--wait', 'when another process is writing into --out, wait for it instead of failing')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects train --variant edge32 --seed 3 --out reports/mnist\n  $ boundary-effects train --variant edge36 --epochs 2 --train-size 2000')
    .action(async (flags: TrainFlags) => {
      const config = makeRunConfig({
        variant: flags.variant,
        seed: parseSeed(flags.seed),
        dataset: flags.dataset,
        epochs: flags.epochs === undefined ? SEED_DEFAULTS.epochs : parsePositiveInt('--epochs', flags.epochs),
        batchSize: flags.batchSize === undefined ? SEED_DEFAULTS.batchSize : parsePositiveInt('--batch-size', flags.batchSize),
        noiseFactor: flags.noise === undefined ? SEED_DEFAULTS.noiseFactor : parsePositiveNumber('--noise', flags.noise),
        trainSize: flags.trainSize === undefined ? null : parsePositiveInt('--train-size', flags.trainSize),
        testSize: flags.testSize === undefined ? null : parsePositiveInt('--test-size', flags.testSize),
        backend: flags.backend,
        pairing: flags.pairing,
        ...(flags.dataDir === undefined ? {} : { dataDir: flags.dataDir }),
      });
      const out = resolve(flags.out);
      const runDir = runDirectory(out, config);
      const display = createProgressReporter({ stream: io.stderr });
      // Finished epochs, from the progress: what a signal leaves in the run's checkpoint.
      let epochsKept = 0;
      const reporter: ProgressReporter = {
        report: (event) => {
          if (event.kind === 'start') epochsKept = event.startEpoch - 1;
          else if (event.kind === 'epoch') epochsKept = event.record.epoch;
          display.report(event);
        },
        close: () => display.close(),
      };
      // Ctrl-C or SIGTERM: every finished epoch is checkpointed (atomically), so stop at once with the
      // stop line and the command that resumes; the lock is released by the exit (its 'exit' handler).
      const onSignal = (signal: NodeJS.Signals): void => {
        display.close();
        const stopped = new InterruptedError(signal, 0, [{ run: runLabel(config), runDir, epochsKept, epochs: config.epochs }]);
        writeLine(io.stderr, stopped.message);
        writeLine(io.stderr, `resume with: ${commandLine}`);
        process.exit(stopped.exitCode);
      };
      const options = {
        command: commandLine,
        wait: flags.wait === true,
        onNotice: (text: string) => writeLine(io.stderr, text),
        // Outputs stay inside --out: a symlinked runs/ (or run folder) is refused, as figures/ is.
        check: () => refuseSymlinkedRunFolders(out, config),
        sweep: runDir,
        onSignal,
      };
      await withOutputFolder(out, options, async () => {
        try {
          const result = await trainRun(config, runDir, { reporter });
          writeLine(io.stdout, `${config.variant} seed ${config.seed}: train loss ${result.finalTrainLoss.toFixed(4)}, test loss ${resultTestLoss(result).toFixed(4)} (${result.backend})`);
          writeLine(io.stdout, `run: ${runDir}`);
        } finally {
          reporter.close();
        }
      });
    });
}
