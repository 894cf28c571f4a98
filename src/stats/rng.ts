import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { StatsError } from './errors.js';

/**
 * The random draws `src/stats` needs. Structurally a subset of `Rng` from `src/data/random.ts`,
 * so that generator can be passed in directly.
 */
export interface StatsRng {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/** Seed used by the bootstrap when none is given, so results are reproducible by default. */
export const DEFAULT_BOOTSTRAP_SEED = 20240607;

/**
 * A seeded generator (pure-rand xoroshiro128+) for the bootstrap; the same seed gives the same draws.
 *
 * @example
 * const rng = createStatsRng(42);
 * rng.int(10); // an integer in 0..9, the same every run
 */
export function createStatsRng(seed: number): StatsRng {
  if (!Number.isInteger(seed)) throw new StatsError('invalid-option', `seed must be an integer, got ${String(seed)}`);
  const gen = xoroshiro128plus(seed | 0);
  return {
    uniform: () => uniformFloat64(gen),
    int: (n: number) => uniformInt(gen, 0, n - 1),
  };
}
