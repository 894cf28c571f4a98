import { imageOriginalMask, type SidePads } from '../analysis/image-geometry.js';
import { lossFloorOf, type LossFloorInfo, type PixelLossKind } from '../analysis/pixel-loss.js';
import type { RunRecord } from '../run-format/run-record.js';
import { OpenFormatError } from './errors.js';
import type { OpenPadMode } from './manifest.js';
import type { NumericArray } from './npy.js';
import { PredictionStatistics, type PredictionStatisticsResult, type PredictionStatisticsSetup } from './prediction-statistics.js';

/** The geometry and loss a run's arrays must fit. */
export interface OpenRunGeometry {
  variant: string;
  seed: number;
  height: number;
  width: number;
  channels: number;
  pads: SidePads;
  lossRegion: 'all' | 'original';
  loss: PixelLossKind;
  /** Training loss printed by the framework, if known. */
  finalTrainLoss: number | null;
  /** How the pad was filled; the targets' pad pixels are checked against it. Absent or 'none': not checked. */
  padMode?: OpenPadMode;
}

/** What an open-format run adds to its {@link RunRecord}: per-channel means and the loss floor as data. */
export interface OpenRunDetails {
  /** Test images the arrays held; null for a run given only as a loss map. */
  images: number | null;
  /** Per channel mean test loss over all pixels; null for a run given only as a loss map. */
  channelMeanLoss: number[] | null;
  /** Per channel mean floor; null when the loss has no floor or the run has no targets. */
  channelMeanFloor: number[] | null;
  /** What the floor is, or why there is none (mse, l1). */
  lossFloor: LossFloorInfo;
  /** Files saved in Fortran order that were converted to C order on reading. */
  convertedFromFortran: string[];
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')})`;
}

/** Mean over the pixels the loss counts: all, or the original ones only. */
function scoredLoss(map: Float64Array, g: OpenRunGeometry): number {
  const mask = g.lossRegion === 'all' ? null : imageOriginalMask({ height: g.height, width: g.width, pads: g.pads, edgeWidth: 0 });
  let s = 0;
  let n = 0;
  for (let i = 0; i < map.length; i++) {
    if (mask === null || mask[i] === 1) {
      s += map[i];
      n++;
    }
  }
  return s / n;
}

function emptyRecord(g: OpenRunGeometry, source: string, map: Float64Array): RunRecord {
  return {
    source,
    variant: g.variant,
    seed: g.seed,
    loss: g.loss,
    lossMap: { height: g.height, width: g.width, pads: { ...g.pads }, values: map },
    lossRegion: g.lossRegion,
    intensity: null,
    finalTrainLoss: g.finalTrainLoss,
    finalTestLoss: scoredLoss(map, g),
    history: null,
    samples: null,
    training: null,
  };
}

/**
 * Checks that a loss map's shape is (H, W) or (H, W, 1) of the variant (before its data is read).
 * Throws `OpenFormatError` 'shape' naming the file otherwise.
 *
 * @example
 * checkLossMapShape(geometry, [32, 32], 'edge32/seed1/loss_map.npy');
 */
export function checkLossMapShape(g: OpenRunGeometry, shape: readonly number[], file: string): void {
  const ok = (shape.length === 2 && shape[0] === g.height && shape[1] === g.width) ||
    (shape.length === 3 && shape[0] === g.height && shape[1] === g.width && shape[2] === 1);
  if (!ok) {
    throw new OpenFormatError('shape', file, `has shape ${shapeText(shape)}, but variant '${g.variant}' is ${g.height}x${g.width}; save the (height, width) mean loss map.`);
  }
}

/**
 * A run given as its mean per-pixel test-loss map (`height x width`, float): checks shape and values (finite, >= 0)
 * and returns the {@link RunRecord} (no intensity table, no samples: those need targets).
 *
 * @example
 * const { record } = runFromLossMap(geometry, parseNpy(bytes, 'edge32/seed1/loss_map.npy'), 'edge32/seed1/loss_map.npy');
 */
export function runFromLossMap(g: OpenRunGeometry, map: NumericArray, file: string): { record: RunRecord; details: OpenRunDetails } {
  checkLossMapShape(g, map.shape, file);
  const values = Float64Array.from(map.data);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v) || v < 0) {
      throw new OpenFormatError(
        'value',
        file,
        `has ${String(v)} at row ${Math.floor(i / g.width)}, column ${i % g.width}; a loss map must hold finite, non-negative losses (check the run for divergence).`,
      );
    }
  }
  return {
    record: emptyRecord(g, file, values),
    details: { images: null, channelMeanLoss: null, channelMeanFloor: null, lossFloor: lossFloorOf(g.loss), convertedFromFortran: map.convertedFromFortran ? [file] : [] },
  };
}

/** Checks an (N, H, W) or (N, H, W, C) shape against the geometry and returns N. */
function imageCount(shape: readonly number[], g: OpenRunGeometry, file: string): number {
  const [n, h, w, c] = shape;
  const fits = (shape.length === 3 && g.channels === 1) || (shape.length === 4 && c === g.channels);
  if (!fits || h !== g.height || w !== g.width || n < 1) {
    throw new OpenFormatError(
      'shape',
      file,
      `has shape ${shapeText(shape)}, but variant '${g.variant}' needs (N, ${g.height}, ${g.width})${g.channels === 1 ? ' or (N, ' + g.height + ', ' + g.width + ', 1)' : ''}` +
        `${g.channels > 1 ? ` or (N, ${g.height}, ${g.width}, ${g.channels})` : ''} with N >= 1 (channels last: PyTorch users save x.permute(0, 2, 3, 1)).`,
    );
  }
  return n;
}

/** The arrays of a run given as clean targets and predictions (and optionally the noisy inputs). */
export interface PredictionArrays {
  targets: NumericArray;
  targetsFile: string;
  predictions: NumericArray;
  predictionsFile: string;
  inputs: NumericArray | null;
  inputsFile: string | null;
}

/** The shapes of a run's targets, predictions and inputs (read from headers, before any data). */
export interface PredictionShapes {
  targets: readonly number[];
  targetsFile: string;
  predictions: readonly number[];
  predictionsFile: string;
  inputs: readonly number[] | null;
  inputsFile: string | null;
}

/**
 * Checks that targets, predictions (and inputs) are (N, H, W[, C]) of the variant and of the same N; returns N.
 * Throws `OpenFormatError` 'shape' naming the file otherwise.
 *
 * @example
 * checkPredictionShapes(geometry, { targets: [3, 4, 5], targetsFile: 't.npy', predictions: [3, 4, 5], predictionsFile: 'p.npy', inputs: null, inputsFile: null }); // 3
 */
export function checkPredictionShapes(g: OpenRunGeometry, shapes: PredictionShapes): number {
  const n = imageCount(shapes.targets, g, shapes.targetsFile);
  const np = imageCount(shapes.predictions, g, shapes.predictionsFile);
  if (np !== n || shapes.predictions.length !== shapes.targets.length) {
    throw new OpenFormatError(
      'shape',
      shapes.predictionsFile,
      `has shape ${shapeText(shapes.predictions)}, but the targets ${shapes.targetsFile} have ${shapeText(shapes.targets)}; save predictions and targets for the same images.`,
    );
  }
  if (shapes.inputs !== null && shapes.inputsFile !== null) {
    const ni = imageCount(shapes.inputs, g, shapes.inputsFile);
    if (ni !== n) {
      throw new OpenFormatError('shape', shapes.inputsFile, `has ${ni} images, but the targets ${shapes.targetsFile} have ${n}; save inputs for the same images.`);
    }
  }
  return n;
}

/** The statistics' setup of a run (the files named in its errors). */
export function statisticsSetup(
  g: OpenRunGeometry,
  files: { targetsFile: string; predictionsFile: string; inputsFile: string | null },
  sampleCount: number,
): PredictionStatisticsSetup {
  return { loss: g.loss, height: g.height, width: g.width, channels: g.channels, pads: g.pads, padMode: g.padMode ?? 'none', sampleCount, ...files };
}

/**
 * The run record and details from the one-pass statistics of a run's targets and predictions.
 *
 * @example
 * const { record, details } = recordFromStatistics(geometry, stats.finish(), 'seed 1', []);
 */
export function recordFromStatistics(
  g: OpenRunGeometry,
  stats: PredictionStatisticsResult,
  source: string,
  convertedFromFortran: string[],
): { record: RunRecord; details: OpenRunDetails } {
  const record = emptyRecord(g, source, stats.lossMap);
  record.intensity = stats.intensity;
  record.samples = stats.samples;
  return {
    record,
    details: {
      images: stats.images,
      channelMeanLoss: Array.from(stats.channelMeanLoss),
      channelMeanFloor: stats.channelMeanFloor === null ? null : Array.from(stats.channelMeanFloor),
      lossFloor: lossFloorOf(g.loss),
      convertedFromFortran,
    },
  };
}

/**
 * A run given as per-image clean targets and predictions (N, H, W) or (N, H, W, C), in memory: computes the
 * per-pixel loss (mean over channels), the mean loss map, the location x intensity table (with the entropy floor
 * for BCE; none for mse/l1), per-channel means and the first `sampleCount` sample images, in the same one pass
 * (and so to the same bits) as the streaming reader. Throws `OpenFormatError` naming the file on a shape
 * mismatch, a NaN, a target outside [0, 1], a BCE prediction outside [0, 1] (logits), or a pad that does not
 * match `g.padMode`.
 *
 * @example
 * const { record } = runFromPredictions(geometry, { targets, targetsFile, predictions, predictionsFile, inputs: null, inputsFile: null }, 4, 'seed 1');
 */
export function runFromPredictions(
  g: OpenRunGeometry,
  arrays: PredictionArrays,
  sampleCount: number,
  source: string,
): { record: RunRecord; details: OpenRunDetails } {
  const n = checkPredictionShapes(g, {
    targets: arrays.targets.shape,
    targetsFile: arrays.targetsFile,
    predictions: arrays.predictions.shape,
    predictionsFile: arrays.predictionsFile,
    inputs: arrays.inputs?.shape ?? null,
    inputsFile: arrays.inputsFile,
  });
  const stats = new PredictionStatistics(statisticsSetup(g, arrays, sampleCount));
  stats.add(arrays.targets.data, arrays.predictions.data, arrays.inputs?.data ?? null, n);
  const converted = [
    arrays.targets.convertedFromFortran ? arrays.targetsFile : null,
    arrays.predictions.convertedFromFortran ? arrays.predictionsFile : null,
    arrays.inputs?.convertedFromFortran === true ? arrays.inputsFile : null,
  ].filter((f): f is string => f !== null);
  return recordFromStatistics(g, stats.finish(), source, converted);
}
