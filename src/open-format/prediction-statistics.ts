import { BCE_EPSILON } from '../analysis/bce.js';
import { intensityBins } from '../analysis/intensity-bins.js';
import type { IntensityTable } from '../analysis/intensity-table.js';
import { binIndexer } from '../analysis/intensity-bins.js';
import type { PixelLossKind } from '../analysis/pixel-loss.js';
import type { SampleRecord } from '../run-format/run-record.js';
import type { SidePads } from '../analysis/image-geometry.js';
import { ArgumentError } from '../errors.js';
import { OpenFormatError } from './errors.js';
import type { OpenPadMode } from './manifest.js';
import type { FloatValues } from './npy-images.js';
import { padSourceMap, type PadSourceMap } from './pad-sources.js';

/** What the statistics of a run's targets and predictions need to know about its images. */
export interface PredictionStatisticsSetup {
  loss: PixelLossKind;
  height: number;
  width: number;
  channels: number;
  /** The run's pads and how they were filled; the targets' pad pixels are checked against it ('none': no check). */
  pads: SidePads;
  padMode: OpenPadMode;
  /** Sample images kept (the first ones). */
  sampleCount: number;
  targetsFile: string;
  predictionsFile: string;
  inputsFile: string | null;
}

/** The statistics of all images, as the run record and details need them. */
export interface PredictionStatisticsResult {
  images: number;
  /** Mean per-pixel loss map (H x W). */
  lossMap: Float64Array;
  intensity: IntensityTable;
  channelMeanLoss: Float64Array;
  channelMeanFloor: Float64Array | null;
  samples: SampleRecord[];
}

/** Slots of the entropy cache (targets in [0, 1] map to slot floor(t x this)). */
const ENTROPY_CACHE = 1 << 16;

function entropyOf(t: number): number {
  return t > 0 && t < 1 ? -(t * Math.log(t) + (1 - t) * Math.log1p(-t)) : 0;
}

/**
 * One pass over a run's targets and predictions, in chunks of whole images: per-pixel loss (float64, mean over
 * channels), mean loss map, location x intensity table with entropy floors (BCE), per-channel means and the first
 * sample images, plus the data checks (targets in [0, 1], BCE predictions in [0, 1] -- logits are named as such --,
 * finite values, the targets' pad as the declared np.pad mode makes it). Every sum is added in image order into
 * one accumulator, so the results are bit-identical whatever the chunk size, and equal to the in-memory
 * `channelPixelLosses` + `meanLossMap` + `intensityTableWithFloors` of the same arrays.
 *
 * @example
 * const stats = new PredictionStatistics(setup);
 * stats.add(targetsChunk, predictionsChunk, null, 200);
 * const result = stats.finish();
 */
export class PredictionStatistics {
  private readonly plane: number;
  private readonly mapSum: Float64Array;
  private readonly count: Float64Array;
  private readonly lossSum: Float64Array;
  private readonly floorSum: Float64Array;
  private readonly channelLossSum: Float64Array;
  private readonly channelFloorSum: Float64Array;
  private readonly binOf: (value: number) => number;
  private readonly bins = intensityBins();
  private readonly hasFloor: boolean;
  private readonly padMap: PadSourceMap | null;
  /** 'constant' pads: the first image's pad values, which every image must repeat. */
  private constantPad: Float64Array | null = null;
  private readonly samples: SampleRecord[] = [];
  private images = 0;

  constructor(private readonly setup: PredictionStatisticsSetup) {
    const { height, width, channels } = setup;
    this.plane = height * width;
    this.mapSum = new Float64Array(this.plane);
    const cells = this.bins.length * this.plane;
    this.count = new Float64Array(cells);
    this.lossSum = new Float64Array(cells);
    this.floorSum = new Float64Array(cells);
    this.channelLossSum = new Float64Array(channels);
    this.channelFloorSum = new Float64Array(channels);
    this.binOf = binIndexer(this.bins);
    this.hasFloor = setup.loss === 'bce';
    this.padMap = padSourceMap(setup.padMode, height, width, setup.pads);
  }

  /** Adds `count` images (NHWC values of this chunk; `inputs` only matter for the samples). */
  add(targets: FloatValues, predictions: FloatValues, inputs: FloatValues | null, count: number): void {
    const { channels } = this.setup;
    const perImage = this.plane * channels;
    for (let k = 0; k < count; k++) {
      const base = k * perImage;
      // Checks first, image by image, so the first error reported does not depend on the chunk size.
      this.checkImage(targets, predictions, inputs, base, this.images);
      this.checkPad(targets, base, this.images);
      this.accumulate(targets, predictions, base);
      if (this.images < this.setup.sampleCount) this.keepSample(targets, predictions, inputs, base);
      this.images++;
    }
  }

  private where(n: number, local: number): string {
    const { width, channels } = this.setup;
    const pixel = Math.floor(local / channels);
    const c = local - pixel * channels;
    const y = Math.floor(pixel / width);
    const x = pixel - y * width;
    return `flat index ${n * this.plane * channels + local} (image ${n}, row ${y}, column ${x}${channels > 1 ? `, channel ${c}` : ''})`;
  }

  private checkImage(targets: FloatValues, predictions: FloatValues, inputs: FloatValues | null, base: number, n: number): void {
    const perImage = this.plane * this.setup.channels;
    const bce = this.setup.loss === 'bce';
    for (let j = 0; j < perImage; j++) {
      const t = targets[base + j];
      if (!(t >= 0 && t <= 1)) {
        const why =
          Number.isNaN(t) || !Number.isFinite(t)
            ? 'clean targets must be finite numbers in [0, 1] (check how they were computed)'
            : 'clean targets must lie in [0, 1]; values outside look like unscaled (0-255) or standardised images, or logits: scale the targets to [0, 1]';
        throw new OpenFormatError('value', this.setup.targetsFile, `has ${String(t)} at ${this.where(n, j)}; ${why}.`);
      }
      const p = predictions[base + j];
      if (bce ? !(p >= 0 && p <= 1) : !Number.isFinite(p)) {
        let why: string;
        if (Number.isNaN(p) || (!bce && !Number.isFinite(p))) why = 'predictions must be finite numbers (check the model for divergence)';
        else
          why =
            'BCE predictions must be probabilities in [0, 1]; values outside look like logits (the model without its final sigmoid): ' +
            'save sigmoid(logits), e.g. torch.sigmoid(out), or choose a loss that takes raw values';
        throw new OpenFormatError('value', this.setup.predictionsFile, `has ${String(p)} at ${this.where(n, j)}; ${why}.`);
      }
      if (inputs !== null) {
        const v = inputs[base + j];
        if (!Number.isFinite(v)) {
          throw new OpenFormatError('value', this.setup.inputsFile ?? 'inputs', `has ${String(v)} at ${this.where(n, j)}; noisy inputs must be finite numbers (check how they were computed).`);
        }
      }
    }
  }

  private checkPad(targets: FloatValues, base: number, n: number): void {
    const map = this.padMap;
    if (map === null) return;
    const { channels, padMode, pads } = this.setup;
    const { pixels, sources } = map;
    if (padMode === 'constant' && this.constantPad === null) {
      const first = new Float64Array(pixels.length * channels);
      for (let k = 0; k < pixels.length; k++) for (let c = 0; c < channels; c++) first[k * channels + c] = targets[base + pixels[k] * channels + c];
      this.constantPad = first;
      return;
    }
    for (let k = 0; k < pixels.length; k++) {
      for (let c = 0; c < channels; c++) {
        const value = targets[base + pixels[k] * channels + c];
        const source = sources[k];
        const expected = source < 0 ? (this.constantPad ?? new Float64Array(0))[k * channels + c] : targets[base + source * channels + c];
        if (value !== expected) {
          const from =
            source < 0
              ? `the same constant as image 0 there (${String(expected)})`
              : `${String(expected)}, copied from ${this.where(n, source * channels + c).replace(/^flat index \d+ /, '')}`;
          throw new OpenFormatError(
            'value',
            this.setup.targetsFile,
            `has ${String(value)} at pad pixel ${this.where(n, pixels[k] * channels + c)}, but np.pad(mode='${padMode}') with the declared pads ` +
              `${JSON.stringify(pads)} gives ${from}; the targets' pad does not match the manifest: fix the variant's padMode or pads, or pad the targets with that np.pad call.`,
          );
        }
      }
    }
  }

  /**
   * Entropy H(t) of recently seen targets, direct-mapped by value: images hold few distinct levels (k/255), and
   * H is a pure function of t, so a hit returns the very bits a computation would.
   */
  private readonly entropyKeys = new Float64Array(ENTROPY_CACHE + 1).fill(Number.NaN);
  private readonly entropyValues = new Float64Array(ENTROPY_CACHE + 1);

  private accumulate(targets: FloatValues, predictions: FloatValues, base: number): void {
    const { channels, loss } = this.setup;
    const plane = this.plane;
    const { mapSum, count, lossSum, floorSum, channelLossSum, channelFloorSum, binOf, entropyKeys, entropyValues } = this;
    const hasFloor = this.hasFloor;
    const hi = 1 - BCE_EPSILON;
    for (let i = 0, k = base; i < plane; i++) {
      let sl = 0;
      let st = 0;
      let sf = 0;
      for (let c = 0; c < channels; c++, k++) {
        const t = targets[k];
        const p = predictions[k];
        let l: number;
        if (loss === 'bce') {
          // pixelLoss('bce', t, p), written out: p clipped to [1e-7, 1 - 1e-7] (Keras); t = 0 or 1 drop a term exactly.
          const q = p < BCE_EPSILON ? BCE_EPSILON : p > hi ? hi : p;
          l = 0;
          if (t !== 0) l -= t * Math.log(q);
          if (t !== 1) l -= (1 - t) * Math.log1p(-q);
        } else if (loss === 'mse') l = (t - p) * (t - p);
        else l = Math.abs(t - p);
        sl += l;
        st += t;
        channelLossSum[c] += l;
        if (hasFloor) {
          const slot = (t * ENTROPY_CACHE) | 0;
          let h: number;
          if (entropyKeys[slot] === t) h = entropyValues[slot];
          else {
            h = entropyOf(t);
            entropyKeys[slot] = t;
            entropyValues[slot] = h;
          }
          sf += h;
          channelFloorSum[c] += h;
        }
      }
      const pixelLoss = sl / channels;
      mapSum[i] += pixelLoss;
      const cell = binOf(st / channels) * plane + i;
      count[cell] += 1;
      lossSum[cell] += pixelLoss;
      if (hasFloor) floorSum[cell] += sf / channels;
    }
  }

  private keepSample(targets: FloatValues, predictions: FloatValues, inputs: FloatValues | null, base: number): void {
    const { height, width, channels } = this.setup;
    const end = base + this.plane * channels;
    this.samples.push({
      index: this.images,
      height,
      width,
      channels,
      noisy: inputs === null ? null : Array.from(inputs.subarray(base, end)),
      output: Array.from(predictions.subarray(base, end)),
      target: Array.from(targets.subarray(base, end)),
    });
  }

  /** The statistics of all images added (at least one). */
  finish(): PredictionStatisticsResult {
    const { height, width } = this.setup;
    const n = this.images;
    if (n < 1) throw new ArgumentError('finish(): statistics of zero images; add at least one image first.');
    const lossMap = this.mapSum.map((s) => s / n);
    const pixels = n * this.plane;
    return {
      images: n,
      lossMap,
      intensity: {
        height,
        width,
        images: n,
        bins: this.bins.map((b) => ({ ...b })),
        count: this.count,
        lossSum: this.lossSum,
        floorSum: this.floorSum,
        floorKind: this.hasFloor ? 'binary-entropy' : 'none',
      },
      channelMeanLoss: this.channelLossSum.map((s) => s / pixels),
      channelMeanFloor: this.hasFloor ? this.channelFloorSum.map((s) => s / pixels) : null,
      samples: this.samples,
    };
  }
}
