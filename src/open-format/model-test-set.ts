import { loadDataset } from '../data/datasets.js';
import { planPad } from '../data/pad.js';
import { createRng, deriveSeed } from '../data/random.js';
import type { SidePads } from '../analysis/image-geometry.js';
import { OpenFormatError } from './errors.js';
import type { OpenCorruption, OpenTestSet } from './model-manifest.js';
import type { OpenPadMode } from './manifest.js';
import type { NumericArray } from './npy.js';

/** Clean test images (and the user's noisy ones, if given) at the original size, channels last. */
export interface ModelTestSet {
  count: number;
  height: number;
  width: number;
  channels: number;
  clean: Float32Array;
  /** The user's noisy images (corruption `inputs`), or null for the tool's seeded noise. */
  noisy: Float32Array | null;
  /** Where the images came from, for messages and sources (e.g. 'mnist test images' or 'data/clean.npy'). */
  source: string;
}

/** Reads one `.npy` the manifest names (confined and checked by the caller) and returns it with its path. */
export type ReadArray = (relative: string, what: string) => Promise<{ array: NumericArray; file: string }>;

function imagesOf(a: NumericArray, file: string): { count: number; height: number; width: number; channels: number } {
  const [count, height, width, channels] = a.shape;
  if ((a.shape.length !== 3 && a.shape.length !== 4) || count === undefined || height === undefined || width === undefined || count < 1) {
    throw new OpenFormatError('shape', file, `has shape (${a.shape.join(', ')}); test images must be (N, H, W) or (N, H, W, C), unpadded, channels last.`);
  }
  return { count, height, width, channels: channels ?? 1 };
}

/**
 * Loads the test set models are scored on: a dataset's test split (first `limit` images; never downloaded here: run
 * `boundary-effects data download` first) or the user's clean `.npy`, plus the user's noisy `.npy` when the
 * corruption is `inputs` (same shape, checked). Clean values must lie in [0, 1].
 *
 * @example
 * const set = await loadModelTestSet({ kind: 'dataset', dataset: 'mnist', limit: 500 }, { kind: 'gaussian', factor: 0.5, seed: 1, clip: true }, read);
 * set.height; // 28
 */
export async function loadModelTestSet(testSet: OpenTestSet, corruption: OpenCorruption, read: ReadArray): Promise<ModelTestSet> {
  let set: ModelTestSet;
  if (testSet.kind === 'dataset') {
    const d = await loadDataset(testSet.dataset, 'test', { download: false, ...(testSet.limit === null ? {} : { limit: testSet.limit }) });
    set = { count: d.count, height: d.height, width: d.width, channels: 1, clean: d.images, noisy: null, source: `${testSet.dataset} test images` };
  } else {
    const { array, file } = await read(testSet.images, 'testSet.images');
    set = { ...imagesOf(array, file), clean: Float32Array.from(array.data), noisy: null, source: file };
    const bad = set.clean.findIndex((v) => !(v >= 0 && v <= 1));
    if (bad >= 0) throw new OpenFormatError('value', file, `has ${String(set.clean[bad])} at flat index ${bad}; clean test images must be finite and in [0, 1] (scale images to [0, 1]).`);
  }
  if (corruption.kind === 'inputs') {
    const { array, file } = await read(corruption.inputs, 'corruption.inputs');
    const g = imagesOf(array, file);
    if (g.count !== set.count || g.height !== set.height || g.width !== set.width || g.channels !== set.channels) {
      throw new OpenFormatError(
        'shape',
        file,
        `holds ${g.count} images of ${g.height}x${g.width}x${g.channels}, but the test set (${set.source}) holds ${set.count} of ${set.height}x${set.width}x${set.channels}; give one noisy image per clean one, unpadded.`,
      );
    }
    const noisy = Float32Array.from(array.data);
    const bad = noisy.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new OpenFormatError('value', file, `has ${String(noisy[bad])} at flat index ${bad}; noisy inputs must be finite.`);
    set.noisy = noisy;
  }
  return set;
}

/** Pads channels-last images by numpy.pad's rule (mode 'none' for an unpadded variant; 'constant' pads with 0). */
export function padChannelsLast(images: Float32Array, count: number, height: number, width: number, channels: number, pads: SidePads, mode: OpenPadMode): Float32Array {
  if (mode === 'none') return images.slice();
  const plan = planPad(height, width, { widths: pads, mode });
  const { outHeight: oh, outWidth: ow, rowMap, colMap } = plan;
  const out = new Float32Array(count * oh * ow * channels);
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < oh; y++) {
      const sy = rowMap[y];
      for (let x = 0; x < ow; x++) {
        const sx = colMap[x];
        const o = ((n * oh + y) * ow + x) * channels;
        if (sy < 0 || sx < 0) continue; // constant 0
        const s = ((n * height + sy) * width + sx) * channels;
        for (let c = 0; c < channels; c++) out[o + c] = images[s + c];
      }
    }
  }
  return out;
}

/**
 * The tool's corruption of padded clean images, the same for every variant: the original pixels' normals come from
 * one stream seeded by `seed`, in the original image's order (so every variant sees the same noise on the original
 * pixels, whatever its pad), the pad pixels' from a second stream derived from it, in the padded order.
 * `clip(x + factor * z, 0, 1)` (or unclipped), computed in float64, stored as float32.
 *
 * @example
 * const noisy = noiseOriginalFirst(padded, { count, height: 32, width: 32, channels: 1, pads: { top: 2, bottom: 2, left: 2, right: 2 } }, 0.5, 1, true);
 */
export function noiseOriginalFirst(
  padded: Float32Array,
  g: { count: number; height: number; width: number; channels: number; pads: SidePads },
  factor: number,
  seed: number,
  clip: boolean,
): Float32Array {
  const { count, height: h, width: w, channels: c, pads } = g;
  const out = new Float32Array(padded.length);
  const original = createRng(seed);
  const pad = createRng(deriveSeed(seed, 'pad-noise'));
  const inOriginal = (y: number, x: number) => y >= pads.top && y < h - pads.bottom && x >= pads.left && x < w - pads.right;
  const noisy = (i: number, z: number) => {
    const v = padded[i] + factor * z;
    out[i] = clip ? (v < 0 ? 0 : v > 1 ? 1 : v) : v;
  };
  for (let n = 0; n < count; n++) {
    for (let y = pads.top; y < h - pads.bottom; y++) {
      for (let x = pads.left; x < w - pads.right; x++) for (let ch = 0; ch < c; ch++) noisy(((n * h + y) * w + x) * c + ch, original.normal());
    }
  }
  for (let n = 0; n < count; n++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        if (inOriginal(y, x)) continue;
        for (let ch = 0; ch < c; ch++) noisy(((n * h + y) * w + x) * c + ch, pad.normal());
      }
    }
  }
  return out;
}
