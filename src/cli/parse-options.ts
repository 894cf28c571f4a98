import { UsageError } from './exit-codes.js';
import { DEFAULT_EDGE_WIDTH } from '../analysis/regions.js';

/**
 * Parses a positive integer option value, or throws a UsageError naming the option.
 *
 * @example
 * parsePositiveInt('--epochs', '10') // 10
 */
export function parsePositiveInt(option: string, raw: string): number {
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new UsageError(`${option} must be a positive integer, got '${raw}'.`);
  }
  return value;
}

/**
 * Parses a positive number (for example a noise factor), or throws a UsageError.
 *
 * @example
 * parsePositiveNumber('--noise', '0.5') // 0.5
 */
export function parsePositiveNumber(option: string, raw: string): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`${option} must be a positive number, got '${raw}'.`);
  }
  return value;
}

/**
 * Parses an integer option that must lie in `[min, max]`; `why` says where the limit comes from.
 *
 * @example
 * parseIntInRange('--pad', '2', 1, 28, 'a pad wider than the 28-pixel image ...') // 2
 */
export function parseIntInRange(option: string, raw: string, min: number, max: number, why: string): number {
  const value = parsePositiveInt(option, raw);
  if (value < min || value > max) throw new UsageError(`${option} must be between ${min} and ${max}, got ${raw}: ${why}`);
  return value;
}

/** Side of the datasets' images (MNIST, Fashion-MNIST and the synthetic fixture are 28x28). */
export const IMAGE_SIZE = 28;

/**
 * Parses `--edge-width`: the width of the original image's edge ring, below half the image so
 * that an interior is left (13 for 28x28).
 *
 * @example
 * parseEdgeWidth('2') // 2
 */
export function parseEdgeWidth(raw: string): number {
  const max = Math.ceil(IMAGE_SIZE / 2) - 1;
  return parseIntInRange('--edge-width', raw, 1, max, `the ${IMAGE_SIZE}x${IMAGE_SIZE} image keeps an interior of ${IMAGE_SIZE} - 2 x width pixels, which is empty from ${max + 1} on (the analysis uses ${DEFAULT_EDGE_WIDTH}).`);
}

/** Largest `--seeds` count accepted without `--many-seeds`. */
export const MAX_SEEDS_UNCONFIRMED = 100;

/**
 * Refuses a study of more than {@link MAX_SEEDS_UNCONFIRMED} seeds unless confirmed: a typo such
 * as `--seeds 100000` would otherwise queue hundreds of thousands of runs without a word.
 *
 * @example
 * confirmSeedCount([1, 2, 3], 2, false); // fine
 */
export function confirmSeedCount(seeds: readonly number[], variants: number, confirmed: boolean): void {
  if (seeds.length <= MAX_SEEDS_UNCONFIRMED || confirmed) return;
  const runs = seeds.length * variants;
  throw new UsageError(
    `--seeds asks for ${seeds.length.toLocaleString('en-US')} seeds, ${runs.toLocaleString('en-US')} runs (${variants} variant(s) x ${seeds.length.toLocaleString('en-US')}); ` +
      `a full MNIST run takes minutes to hours, so a study of more than ${MAX_SEEDS_UNCONFIRMED} seeds needs --many-seeds to confirm it.`,
  );
}

/**
 * Parses `--seeds`: either a count (`5` means seeds 1..5) or an explicit list (`1,2,7`) of
 * positive integers (as `train --seed`).
 *
 * @example
 * parseSeeds('3')     // [1, 2, 3]
 * parseSeeds('4,9')   // [4, 9]
 */
export function parseSeeds(raw: string): number[] {
  const text = raw.trim();
  if (text.includes(',')) {
    const seeds = text.split(',').map((part) => {
      const value = Number(part.trim());
      if (!/^\d+$/.test(part.trim()) || !Number.isSafeInteger(value) || value < 1 || value > 0xffffffff) {
        throw new UsageError(`--seeds list entries must be positive integers (below 2^32), got '${part}' in '${raw}'.`);
      }
      return value;
    });
    if (new Set(seeds).size !== seeds.length) throw new UsageError(`--seeds has a repeated seed: '${raw}'.`);
    return seeds;
  }
  const count = parsePositiveInt('--seeds', text);
  return Array.from({ length: count }, (_, i) => i + 1);
}

/**
 * Parses a comma-separated list of names, dropping empty entries and repeats.
 *
 * @example
 * parseList('baseline28, edge32') // ['baseline28', 'edge32']
 */
export function parseList(raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return [...new Set(items)];
}

/**
 * Parses `--variants`: a non-empty comma-separated list (an empty one would write an experiment
 * with nothing to train).
 *
 * @example
 * parseVariantList('baseline28,edge32') // ['baseline28', 'edge32']
 */
export function parseVariantList(raw: string): string[] {
  const items = parseList(raw);
  if (items.length === 0) throw new UsageError(`--variants names no variant, got '${raw}'; pass e.g. --variants baseline28,edge32 (or leave it out for those two).`);
  return items;
}

/**
 * Parses `--seed` of `train`: a positive integer below 2^32 (the run's random streams take 32 bits).
 *
 * @example
 * parseSeed('3') // 3
 */
export function parseSeed(raw: string): number {
  return parseIntInRange('--seed', raw, 1, 0xffffffff, 'random streams are seeded with 32 bits.');
}
