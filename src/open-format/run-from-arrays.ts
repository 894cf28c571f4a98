import { imageOriginalMask, type SidePads } from '../analysis/image-geometry.js';
import { intensityTableWithFloors } from '../analysis/intensity-table.js';
import { meanLossMap } from '../analysis/loss-map.js';
import { channelPixelLosses, lossFloorOf, type LossFloorInfo, type PixelLossKind } from '../analysis/pixel-loss.js';
import type { RunRecord, SampleRecord } from '../run-format/run-record.js';
import { OpenFormatError } from './errors.js';
import type { NumericArray } from './npy.js';

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
 * A run given as its mean per-pixel test-loss map (`height x width`, float): checks shape and values (finite, >= 0)
 * and returns the {@link RunRecord} (no intensity table, no samples: those need targets).
 *
 * @example
 * const { record } = runFromLossMap(geometry, parseNpy(bytes, 'edge32/seed1/loss_map.npy'), 'edge32/seed1/loss_map.npy');
 */
export function runFromLossMap(g: OpenRunGeometry, map: NumericArray, file: string): { record: RunRecord; details: OpenRunDetails } {
  const ok = (map.shape.length === 2 && map.shape[0] === g.height && map.shape[1] === g.width) ||
    (map.shape.length === 3 && map.shape[0] === g.height && map.shape[1] === g.width && map.shape[2] === 1);
  if (!ok) {
    throw new OpenFormatError('shape', file, `has shape ${shapeText(map.shape)}, but variant '${g.variant}' is ${g.height}x${g.width}; save the (height, width) mean loss map.`);
  }
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

/** Checks an (N, H, W) or (N, H, W, C) array against the geometry and returns N. */
function imageCount(a: NumericArray, g: OpenRunGeometry, file: string): number {
  const [n, h, w, c] = a.shape;
  const fits = (a.shape.length === 3 && g.channels === 1) || (a.shape.length === 4 && c === g.channels);
  if (!fits || h !== g.height || w !== g.width || n < 1) {
    throw new OpenFormatError(
      'shape',
      file,
      `has shape ${shapeText(a.shape)}, but variant '${g.variant}' needs (N, ${g.height}, ${g.width})${g.channels === 1 ? ' or (N, ' + g.height + ', ' + g.width + ', 1)' : ''}` +
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

/**
 * A run given as per-image clean targets and predictions (N, H, W) or (N, H, W, C): computes the per-pixel loss
 * (mean over channels), the mean loss map, the location x intensity table (with the entropy floor for BCE; none for
 * mse/l1), per-channel means and the first `sampleCount` sample images. Throws `OpenFormatError` naming the file on
 * a shape mismatch, a NaN, or a target outside [0, 1].
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
  const n = imageCount(arrays.targets, g, arrays.targetsFile);
  const np = imageCount(arrays.predictions, g, arrays.predictionsFile);
  if (np !== n || arrays.predictions.shape.length !== arrays.targets.shape.length) {
    throw new OpenFormatError(
      'shape',
      arrays.predictionsFile,
      `has shape ${shapeText(arrays.predictions.shape)}, but the targets ${arrays.targetsFile} have ${shapeText(arrays.targets.shape)}; save predictions and targets for the same images.`,
    );
  }
  if (arrays.inputs !== null && arrays.inputsFile !== null) {
    const ni = imageCount(arrays.inputs, g, arrays.inputsFile);
    if (ni !== n) {
      throw new OpenFormatError('shape', arrays.inputsFile, `has ${ni} images, but the targets ${arrays.targetsFile} have ${n}; save inputs for the same images.`);
    }
  }
  const t = arrays.targets.data;
  for (let i = 0; i < t.length; i++) {
    if (!(t[i] >= 0 && t[i] <= 1)) {
      throw new OpenFormatError('value', arrays.targetsFile, `has ${String(t[i])} at flat index ${i}; clean targets must be finite and in [0, 1] (scale images to [0, 1]).`);
    }
  }
  const p = arrays.predictions.data;
  for (let i = 0; i < p.length; i++) {
    if (Number.isNaN(p[i]) || (g.loss !== 'bce' && !Number.isFinite(p[i]))) {
      throw new OpenFormatError('value', arrays.predictionsFile, `has ${String(p[i])} at flat index ${i}; predictions must be numbers (check the model for divergence).`);
    }
  }
  const losses = channelPixelLosses(g.loss, t, p, n, g.height, g.width, g.channels);
  const map = meanLossMap(losses.loss, n, g.height, g.width);
  const record = emptyRecord(g, source, map);
  record.intensity = intensityTableWithFloors(losses.loss, losses.target, losses.floor, n, g.height, g.width);
  const plane = g.height * g.width * g.channels;
  const samples: SampleRecord[] = [];
  for (let k = 0; k < Math.min(sampleCount, n); k++) {
    const slice = (a: Float32Array | Float64Array): number[] => Array.from(a.subarray(k * plane, (k + 1) * plane));
    samples.push({
      index: k,
      height: g.height,
      width: g.width,
      channels: g.channels,
      noisy: arrays.inputs === null ? null : slice(arrays.inputs.data),
      output: slice(p),
      target: slice(t),
    });
  }
  record.samples = samples;
  const converted = [
    arrays.targets.convertedFromFortran ? arrays.targetsFile : null,
    arrays.predictions.convertedFromFortran ? arrays.predictionsFile : null,
    arrays.inputs?.convertedFromFortran === true ? arrays.inputsFile : null,
  ].filter((f): f is string => f !== null);
  return {
    record,
    details: {
      images: n,
      channelMeanLoss: Array.from(losses.channelMeanLoss),
      channelMeanFloor: losses.channelMeanFloor === null ? null : Array.from(losses.channelMeanFloor),
      lossFloor: lossFloorOf(g.loss),
      convertedFromFortran: converted,
    },
  };
}
