import { LEGACY_PAIRING } from './config-file.js';
import { scoredTestLoss } from './history-file.js';
import type { StoredRun } from './read-run.js';
import type { RunRecord } from './run-record.js';

/**
 * The framework-independent record of a run directory written by `train` (what the summary reads):
 * its loss map with the pad on every side, BCE, its intensity table, history (test loss over the
 * pixels the loss counts), samples, and its training settings and provenance.
 *
 * @example
 * const record = toRunRecord(await readRunDirectory(dir), 'runs/edge32/seed-1');
 * record.lossMap.pads; // { top: 2, bottom: 2, left: 2, right: 2 }
 */
export function toRunRecord(run: StoredRun, source: string = run.runDir): RunRecord {
  const { config, result, lossMap, environment } = run;
  const { lossRegion } = result.variant;
  const pad = lossMap.pad;
  const packages: Record<string, string> = {};
  for (const [name, version] of Object.entries(environment.packages)) if (version !== null) packages[name] = version;
  return {
    source,
    variant: config.variant,
    seed: config.seed,
    loss: 'bce',
    lossMap: { height: lossMap.height, width: lossMap.width, pads: { top: pad, bottom: pad, left: pad, right: pad }, values: Float64Array.from(lossMap.values) },
    lossRegion,
    intensity: run.table.table,
    finalTrainLoss: result.finalTrainLoss,
    finalTestLoss: scoredTestLoss({ testLoss: result.finalTestLoss, testLossOriginal: result.finalTestLossOriginal }, lossRegion),
    finalTestLossOriginal: result.finalTestLossOriginal,
    history: run.history.map((r) => ({ epoch: r.epoch, trainLoss: r.trainLoss, testLoss: scoredTestLoss(r, lossRegion) })),
    samples: run.samples.samples.map((s) => ({
      index: s.index,
      height: run.samples.size,
      width: run.samples.size,
      channels: 1,
      noisy: s.noisy,
      output: s.output,
      target: s.target,
    })),
    training: {
      backend: result.backend,
      trainSeconds: result.trainSeconds,
      testSeconds: result.testSeconds,
      settings: {
        dataset: config.dataset,
        epochs: config.epochs,
        batchSize: config.batchSize,
        noiseFactor: config.noiseFactor,
        trainSize: config.trainSize,
        testSize: config.testSize,
        trainImages: result.trainImages,
        testImages: result.testImages,
        // Runs without a recorded design were trained with the default one.
        pairing: config.pairing ?? LEGACY_PAIRING,
      },
    },
    environment: {
      node: environment.node,
      packages,
      dataFiles: environment.data.map((f) => ({ file: f.path.split('/').pop() ?? f.path, sha256: f.sha256 })),
    },
  };
}
