import { Command, Option } from 'commander';
import { join, resolve } from 'node:path';
import { padContent } from '../../analysis/pad-content.js';
import { measurePadCost, predictPaddedLoss } from '../../analysis/predict.js';
import { loadDataset } from '../../data/datasets.js';
import type { PadMode } from '../../data/pad.js';
import type { RunConfig } from '../../run-format/config-file.js';
import { RUN_FILES } from '../../run-format/files.js';
import { inspectRunDirectory, type StoredRun } from '../../run-format/read-run.js';
import { UsageError } from '../exit-codes.js';
import { writeLine, type CliIo } from '../io.js';
import { IMAGE_SIZE, parseIntInRange } from '../parse-options.js';
import { BCE_EPSILON } from '../../analysis/bce.js';

/** Widest --pad accepted: the image's own width (the study pads 2 and 4). */
const MAX_PAD = IMAGE_SIZE;
/** Keras clips predictions to [1e-7, 1 - 1e-7] before the log, so one pixel's loss is at most -ln(1e-7). */
const MAX_PAD_COST = -Math.log(BCE_EPSILON);

/** A finished run, checked whole (a damaged one stops with its DamagedRunError, exit code 2). */
async function finishedRun(runDir: string): Promise<StoredRun> {
  const state = await inspectRunDirectory(runDir);
  if (state.state === 'damaged') throw state.error;
  if (state.state === 'unfinished') {
    throw new UsageError(`${join(runDir, RUN_FILES.result)} is missing: --from needs a finished run directory (e.g. reports/mnist/runs/baseline28/seed-1).`);
  }
  return state.run;
}

/** The pad targets' mean entropy floor: pads the run's test images with the mode and measures. */
async function padFloor(config: RunConfig, pad: number, mode: PadMode, dataDir: string | undefined): Promise<number> {
  const dir = dataDir ?? config.dataDir;
  const set = await loadDataset(config.dataset, 'test', {
    ...(dir === undefined ? {} : { dir }),
    ...(config.testSize === null ? {} : { limit: config.testSize }),
    pad: { widths: pad, mode },
  });
  const content = padContent(set.images, set.count, set.height, pad);
  return content.meanFloor ?? 0;
}

interface PredictFlags {
  from: string;
  pad: string;
  mode: PadMode;
  padCost: string;
  dataDir?: string;
  json?: boolean;
}

/** `predict`: what-if for a pad width and mode, from an unpadded run's per-pixel loss map. */
export function predictCommand(io: CliIo): Command {
  return new Command('predict')
    .description("Predict a padded model's mean loss from an unpadded run: original pixels keep their measured loss, pad pixels cost --pad-cost.")
    .requiredOption('--from <runDir>', 'finished unpadded run directory (baseline28)')
    .requiredOption('--pad <p>', 'pad width on every side (32x32 is --pad 2)')
    .addOption(new Option('--mode <mode>', 'pad mode (for --pad-cost floor)').choices(['edge', 'constant', 'reflect', 'symmetric', 'wrap']).default('edge'))
    .option('--pad-cost <cost>', "cost per pad pixel: a number, 'floor' (the pad targets' entropy floor), or 'measured:<padded run dir>'", 'floor')
    .option('--data-dir <dir>', 'dataset directory (for --pad-cost floor)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ boundary-effects predict --from reports/mnist/runs/baseline28/seed-1 --pad 2\n  $ boundary-effects predict --from reports/mnist/runs/baseline28/seed-1 --pad 4 --pad-cost measured:reports/mnist/runs/edge36/seed-1\n  $ boundary-effects predict --from reports/mnist/runs/baseline28/seed-1 --pad 2 --pad-cost 0.001',
    )
    .action(async (flags: PredictFlags) => {
      const runDir = resolve(flags.from);
      const pad = parseIntInRange(
        '--pad',
        flags.pad,
        1,
        MAX_PAD,
        `a pad wider than the ${IMAGE_SIZE}-pixel image itself leaves the original under a ninth of the padded image, and the padded test set would not fit in memory (the study pads 2 and 4).`,
      );
      const from = await finishedRun(runDir);
      const map = from.lossMap;
      if (map.pad !== 0) throw new UsageError(`--from ${flags.from} is a padded run (pad ${map.pad}); predictions start from an unpadded run such as baseline28.`);
      let padCost: number;
      let source: string;
      if (flags.padCost === 'floor') {
        padCost = await padFloor(from.config, pad, flags.mode, flags.dataDir);
        source = `entropy floor of ${flags.mode}-padded test targets`;
      } else if (flags.padCost.startsWith('measured:')) {
        const other = resolve(flags.padCost.slice('measured:'.length));
        const padded = (await finishedRun(other)).lossMap;
        if (padded.pad !== pad) throw new UsageError(`--pad-cost ${flags.padCost}: that run has pad ${padded.pad}, not --pad ${pad}.`);
        padCost = measurePadCost(Float64Array.from(padded.values), padded.height, padded.pad);
        source = `measured pad mean of ${other}`;
      } else {
        padCost = Number(flags.padCost);
        if (flags.padCost.trim() === '' || !Number.isFinite(padCost) || padCost < 0 || padCost > MAX_PAD_COST) {
          throw new UsageError(
            `--pad-cost must be a number from 0 to ${MAX_PAD_COST.toFixed(2)}, 'floor' or 'measured:<run dir>', got '${flags.padCost}': ` +
              `a pixel's binary cross-entropy is at most -ln(${BCE_EPSILON}) = ${MAX_PAD_COST.toFixed(2)}, since predictions are clipped to [${BCE_EPSILON}, 1 - ${BCE_EPSILON}].`,
          );
        }
        source = 'given';
      }
      const prediction = predictPaddedLoss({ map28: Float64Array.from(map.values), pad, padCost });
      if (flags.json === true) {
        writeLine(io.stdout, JSON.stringify({ from: runDir, pad, mode: flags.mode, padCostSource: source, ...prediction }, null, 2));
        return;
      }
      writeLine(io.stdout, `unpadded mean loss     ${prediction.originalMean.toFixed(5)} (${prediction.originalPixels} pixels)`);
      writeLine(io.stdout, `pad pixels             ${prediction.padPixels} of ${prediction.totalPixels}, cost ${padCost.toFixed(5)} each (${source})`);
      writeLine(io.stdout, `predicted padded loss  ${prediction.predicted.toFixed(5)} (change ${prediction.change.toFixed(5)})`);
    });
}
