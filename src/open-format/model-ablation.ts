import { readFile } from 'node:fs/promises';
import { imageOriginalMask } from '../analysis/image-geometry.js';
import { measurePadCostFor, predictPaddedLossFor } from '../analysis/predict.js';
import { sha256Of } from '../run-format/manifest.js';
import { describeFileError } from '../fs/files-error.js';
import { ABLATIONS_FORMAT, type AblationModel, type AblationRow, type AblationsDocument } from './ablation-file.js';
import { OpenFormatError } from './errors.js';
import { MANIFEST_FILE, type OpenPadMode, type OpenVariant } from './manifest.js';
import { lazyRuntime, runFromModel, variantImages } from './model-run.js';
import { loadModelTestSet } from './model-test-set.js';
import { parseNpy } from './npy.js';
import { existingFile, readOpenExperiment, type OpenExperiment } from './read-experiment.js';

export type { AblationRow } from './ablation-file.js';

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
  return (await scoreAtPads(folder, await readOpenExperiment(folder), options)).rows;
}

/** {@link ablateModels}'s rows, with the test set's image count and original size. */
async function scoreAtPads(
  folder: string,
  experiment: OpenExperiment,
  options: { pads: number[]; modes: OpenPadMode[] },
): Promise<{ rows: AblationRow[]; images: number; height: number; width: number }> {
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
    pad === 0 ? [{ pad, mode: 'none' }] : [...new Set(options.modes)].filter((m) => m !== 'none').map((mode) => ({ pad, mode })),
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
  return { rows, images: set.count, height: set.height, width: set.width };
}

async function sha256OfFile(file: string): Promise<string> {
  try {
    return sha256Of(await readFile(file));
  } catch (error) {
    throw describeFileError(error, file);
  }
}

/**
 * {@link ablateModels} as the document `ablate` writes (ablations.json): the rows, what was asked for, the test set's
 * size, and the sha256 of the manifest and of every model file, so that `report` shows the table only beside the
 * models it was measured on.
 *
 * @example
 * const doc = await measureAblations('exp-onnx', { pads: [0, 2, 4], modes: ['edge', 'constant', 'reflect'] });
 * await writeAblations('exp-onnx', doc);
 */
export async function measureAblations(folder: string, options: { pads: number[]; modes: OpenPadMode[] }): Promise<AblationsDocument> {
  // Hashed before the models run: a file changed meanwhile makes the document stale, never wrongly current.
  const manifestSha256 = await sha256OfFile(`${folder}/${MANIFEST_FILE}`);
  const experiment = await readOpenExperiment(folder);
  const manifestFile = `${folder}/${MANIFEST_FILE}`;
  const models: AblationModel[] = [];
  for (const variant of experiment.manifest.variants) {
    for (const run of variant.runs) {
      if (run.model === null) continue;
      const file = await existingFile(folder, run.model, manifestFile, `variant '${variant.id}', seed ${run.seed}, model`);
      models.push({ variant: variant.id, seed: run.seed, file: run.model, sha256: await sha256OfFile(file) });
    }
  }
  const { rows, images, height, width } = await scoreAtPads(folder, experiment, options);
  return {
    format: ABLATIONS_FORMAT,
    version: 1,
    manifestSha256,
    originalHeight: height,
    originalWidth: width,
    images,
    pads: [...new Set(options.pads)],
    modes: [...new Set(options.modes)],
    models,
    rows,
  };
}
