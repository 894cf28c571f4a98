import { loadDataset, type ImageSet } from '../data/datasets.js';
import { addGaussianNoise } from '../data/noise.js';
import { addNoiseOriginalFirst } from '../data/paired-noise.js';
import { padImages } from '../data/pad.js';
import { createRng } from '../data/random.js';
import type { RunConfig } from './config.js';
import { TrainingError } from './errors.js';
import { runStreams, type NoiseStreams } from './pairing-design.js';
import { ORIGINAL_SIZE, type Variant } from './variants.js';

/** One split of a run, ready to train on: padded clean targets and their fixed noisy copies. */
export interface SplitData {
  count: number;
  /** Side of the (padded) images. */
  size: number;
  /** Noisy inputs `clip(padded + factor * N(0, 1), 0, 1)`, drawn once. NHWC, C = 1. */
  inputs: Float32Array;
  /** Padded clean images, the targets. */
  targets: Float32Array;
  labels: Uint8Array;
}

/** The data of a run and the files it came from. */
export interface RunData {
  train: SplitData;
  test: SplitData;
  /** Data files with their sha256 (for environment.json and resume checks). */
  files: Array<{ split: 'train' | 'test'; role: 'images' | 'labels'; path: string; sha256: string }>;
}

function prepareSplit(set: ImageSet, variant: Variant, noiseFactor: number, noise: NoiseStreams): SplitData {
  if (set.height !== ORIGINAL_SIZE || set.width !== ORIGINAL_SIZE) {
    throw new TrainingError(
      'bad-config',
      `${set.dataset} ${set.split} images are ${set.height}x${set.width}; the variants pad ${ORIGINAL_SIZE}x${ORIGINAL_SIZE} images.`,
      { setting: 'dataset' },
    );
  }
  // As in the seed: pad the clean images first, then add noise to the padded images (pad pixels get noise too).
  const targets =
    variant.pad === 0
      ? set.images
      : padImages(set.images, set.count, set.height, set.width, {
          widths: variant.pad,
          mode: variant.padMode,
          constantValue: variant.constantValue,
        });
  const inputs =
    noise.layout === 'original-first' && noise.padSeed !== null
      ? addNoiseOriginalFirst(targets, { count: set.count, size: variant.size, pad: variant.pad }, noiseFactor, createRng(noise.seed), createRng(noise.padSeed))
      : addGaussianNoise(targets, noiseFactor, createRng(noise.seed));
  return { count: set.count, size: variant.size, inputs, targets, labels: set.labels };
}

/**
 * Loads both splits (first `trainSize` / `testSize` images), pads them as the variant says and
 * draws the fixed noise from the run's noise streams (see {@link runStreams}: by default
 * `deriveSeed(seed, 'noise', 'train' | 'test')` in the padded index order).
 *
 * @example
 * const data = await prepareRunData(config, parseVariant('edge32'));
 * data.train.size; // 32
 */
export async function prepareRunData(config: RunConfig, variant: Variant): Promise<RunData> {
  const load = (split: 'train' | 'test', limit: number | null): Promise<ImageSet> =>
    loadDataset(config.dataset, split, {
      ...(config.dataDir === undefined ? {} : { dir: config.dataDir }),
      ...(limit === null ? {} : { limit }),
    });
  const trainSet = await load('train', config.trainSize);
  const streams = runStreams(config);
  const train = prepareSplit(trainSet, variant, config.noiseFactor, streams.noise('train'));
  const testSet = await load('test', config.testSize);
  const test = prepareSplit(testSet, variant, config.noiseFactor, streams.noise('test'));
  const files = [
    ...trainSet.files.map((f) => ({ split: 'train' as const, ...f })),
    ...testSet.files.map((f) => ({ split: 'test' as const, ...f })),
  ];
  return { train, test, files };
}
