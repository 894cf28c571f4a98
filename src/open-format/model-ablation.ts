import { readFile } from 'node:fs/promises';
import { imageOriginalMask } from '../analysis/image-geometry.js';
import { measurePadCostFor, predictPaddedLossFor } from '../analysis/predict.js';
import { OpenFormatError } from './errors.js';
import type { OpenPadMode, OpenVariant } from './manifest.js';
import { lazyRuntime, runFromModel, variantImages } from './model-run.js';
import { loadModelTestSet } from './model-test-set.js';
import { parseNpy } from './npy.js';
import { existingFile, readOpenExperiment } from './read-experiment.js';

/** One model scored at one pad width and mode (measured, not predicted). */
export interface AblationRow {
  /** The variant the model was trained as, and its seed. */
  variant: string;
  seed: number;
  /** The variant's own pad (width on the first side, for square pads) and mode. */
  trainedPad: number;
  trainedMode: OpenPadMode;
  /** The pad and mode it was scored at. */
  pad: number;
  mode: OpenPadMode;
  /** True for the variant's own pad and mode (the run `analyze` scores). */
  asTrained: boolean;
  /** Mean loss over every pixel of the padded image, and over the original pixels only. */
  testLoss: number;
  originalLoss: number;
  /**
   * The predictor's what-if for this row (analysis/predict): the same model's loss map at pad 0 kept on the original
   * pixels, each pad pixel at this row's measured pad cost. measured - predicted = (n_O / N) x (change of the
   * original pixels' loss). Null at pad 0 or when the pads do not include 0.
   */
  predicted: number | null;
}

/**
 * Scores every ONNX model of an open-format experiment at other pad widths and modes (the same square pad on every
 * side; 'none' at width 0), on the manifest's test set and corruption: what a fully convolutional model trained at
 * one pad does at another, measured. Each row gives the loss over all pixels and over the original pixels only (the
 * padded model scored on the original pixels). A model that cannot take a size is `OpenFormatError` 'model'.
 *
 * @example
 * const rows = await ablateModels('exp-onnx', { pads: [0, 2, 4], modes: ['edge', 'constant', 'reflect'] });
 * rows.filter((r) => r.variant === 'edge32' && r.pad === 0); // the padded model on unpadded images
 */
export async function ablateModels(folder: string, options: { pads: number[]; modes: OpenPadMode[] }): Promise<AblationRow[]> {
  const experiment = await readOpenExperiment(folder);
  const { manifest } = experiment;
  const manifestFile = `${folder}/manifest.json`;
  const settings = manifest.models;
  if (settings === null) throw new OpenFormatError('manifest', manifestFile, 'names no ONNX models (runs with "model"); pad ablations need the models, not arrays.');
  const set = await loadModelTestSet(settings.testSet, settings.corruption, async (relative, key) => {
    const file = await existingFile(folder, relative, manifestFile, key);
    return { array: parseNpy(new Uint8Array(await readFile(file)), file), file };
  });
  const runtime = lazyRuntime();
  const rows: AblationRow[] = [];
  const unpaddedMaps = new Map<string, Float64Array>();
  const pending: Array<{ row: AblationRow; map: Float64Array; key: string }> = [];
  const settingsAt = [...new Set(options.pads)].flatMap((pad): Array<{ pad: number; mode: OpenPadMode }> =>
    pad === 0 ? [{ pad, mode: 'none' }] : options.modes.filter((m) => m !== 'none').map((mode) => ({ pad, mode })),
  );
  for (const { pad, mode } of settingsAt) {
    const at: Omit<OpenVariant, 'id' | 'label' | 'runs'> = {
      height: set.height + 2 * pad,
      width: set.width + 2 * pad,
      channels: set.channels,
      pads: { top: pad, bottom: pad, left: pad, right: pad },
      padMode: mode,
      lossRegion: 'all',
    };
    const images = variantImages(set, { ...at, id: `pad ${pad} ${mode}`, label: '', runs: [] }, settings, manifestFile);
    const original = imageOriginalMask({ height: at.height, width: at.width, pads: at.pads, edgeWidth: 0 });
    for (const variant of manifest.variants) {
      for (const run of variant.runs) {
        if (run.model === null) continue;
        const modelFile = await existingFile(folder, run.model, manifestFile, `variant '${variant.id}', seed ${run.seed}, model`);
        const scored = { ...at, id: `${variant.id} at pad ${pad} (${mode})`, label: '', runs: [] };
        const { record } = await runFromModel({
          runtime: await runtime(),
          modelBytes: new Uint8Array(await readFile(modelFile)),
          modelFile,
          settings,
          set,
          images,
          variant: scored,
          geometry: { variant: scored.id, seed: run.seed, height: at.height, width: at.width, channels: at.channels, pads: at.pads, lossRegion: 'all', loss: manifest.loss, finalTrainLoss: null, padMode: mode },
          samples: 0,
        });
        let sum = 0;
        let n = 0;
        record.lossMap.values.forEach((v, i) => {
          if (original[i] === 1) {
            sum += v;
            n++;
          }
        });
        const p = variant.pads;
        const key = `${variant.id}/${run.seed}`;
        if (pad === 0) unpaddedMaps.set(key, record.lossMap.values);
        const row: AblationRow = {
          variant: variant.id,
          seed: run.seed,
          trainedPad: p.top,
          trainedMode: variant.padMode,
          pad,
          mode,
          asTrained: p.top === pad && p.bottom === pad && p.left === pad && p.right === pad && variant.padMode === mode,
          testLoss: record.finalTestLoss,
          originalLoss: sum / n,
          predicted: null,
        };
        rows.push(row);
        if (pad > 0) pending.push({ row, map: record.lossMap.values, key });
      }
    }
  }
  for (const { row, map, key } of pending) {
    const originalMap = unpaddedMaps.get(key);
    if (originalMap === undefined) continue; // no pad-0 row: nothing to predict from
    const pads = { top: row.pad, bottom: row.pad, left: row.pad, right: row.pad };
    const padCost = measurePadCostFor(map, { height: set.height + 2 * row.pad, width: set.width + 2 * row.pad, pads });
    row.predicted = predictPaddedLossFor({ originalMap, originalHeight: set.height, originalWidth: set.width, pads, padCost }).predicted;
  }
  return rows;
}
