import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { ArgumentError } from '../errors.js';

/** A seeded source of random draws. Every random number in the project comes from one of these. */
export interface Rng {
  /** Uniform in [0, 1), 53 random bits. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box-Muller on two uniforms; the second value of a pair is cached). */
  normal(): number;
  /** Uniform integer in [0, n), n a positive integer <= 2^32. */
  int(n: number): number;
}

const UINT32 = 0x1_0000_0000;

/** splitmix32 step: a well-mixed 32-bit output from a 32-bit counter state. */
function splitmix32(state: number): [next: number, out: number] {
  const next = (state + 0x9e3779b9) >>> 0;
  let z = next;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return [next, (z ^ (z >>> 16)) >>> 0];
}

/** Expands a uint32 seed into a non-zero xoroshiro128+ state (so nearby seeds give unrelated streams). */
function seedState(seed: number): number[] {
  const state: number[] = [];
  let s = seed >>> 0;
  for (let i = 0; i < 4; i++) {
    const [next, out] = splitmix32(s);
    s = next;
    state.push(out | 0);
  }
  if ((state[0] | state[1] | state[2] | state[3]) === 0) state[0] = 1;
  return state;
}

/** Checks a seed is a safe integer and folds it to uint32 (seeds outside [0, 2^32) are hashed). */
function toUint32Seed(seed: number): number {
  if (!Number.isSafeInteger(seed)) {
    throw new ArgumentError(`Seed must be a safe integer, got ${String(seed)}. Pass an integer such as 42.`);
  }
  return seed >= 0 && seed < UINT32 ? seed : deriveSeed(seed);
}

/**
 * A seeded `Rng` on pure-rand's xoroshiro128+ (state expanded from the seed with splitmix32).
 * Same seed, same sequence, on every platform.
 *
 * @example
 * const rng = createRng(42);
 * const u = rng.uniform(); // in [0, 1)
 * const z = rng.normal();  // N(0, 1)
 * const k = rng.int(10);   // 0..9
 */
export function createRng(seed: number): Rng {
  const gen = xoroshiro128plusFromState(seedState(toUint32Seed(seed)));
  let spare = 0;
  let hasSpare = false;
  const uniform = (): number => uniformFloat64(gen);
  return {
    uniform,
    normal(): number {
      if (hasSpare) {
        hasSpare = false;
        return spare;
      }
      const u1 = 1 - uniform(); // (0, 1]: log is finite
      const u2 = uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      const theta = 2 * Math.PI * u2;
      spare = r * Math.sin(theta);
      hasSpare = true;
      return r * Math.cos(theta);
    },
    int(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > UINT32) {
        throw new ArgumentError(`rng.int(n) needs an integer n in [1, 2^32], got ${String(n)}.`);
      }
      return uniformInt(gen, 0, n - 1);
    },
  };
}

/**
 * A stable uint32 seed for a named stream of a run: FNV-1a over a typed encoding of the seed and
 * labels, finished with murmur3's fmix32. Strings and numbers never collide ("1" differs from 1).
 *
 * @example
 * deriveSeed(42, 'noise', 'train'); // same value in every run and on every machine
 * deriveSeed(42, 'shuffle', 3) !== deriveSeed(42, 'shuffle', 4); // true
 */
export function deriveSeed(seed: number, ...labels: Array<string | number>): number {
  if (!Number.isFinite(seed)) throw new ArgumentError(`deriveSeed: seed must be finite, got ${String(seed)}.`);
  const parts = [`n${String(seed)}`, ...labels.map((l) => (typeof l === 'number' ? `n${String(l)}` : `s${l.length}:${l}`))];
  const text = parts.join('\u0000');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A uniformly random permutation of 0..n-1 (Fisher-Yates, drawing from `rng`).
 *
 * @example
 * const order = shuffledIndices(5, createRng(1)); // e.g. Uint32Array [3, 0, 4, 1, 2]
 */
export function shuffledIndices(n: number, rng: Rng): Uint32Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) {
    throw new ArgumentError(`shuffledIndices: n must be an integer in [0, 2^32), got ${String(n)}.`);
  }
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = out[i];
    out[i] = out[j];
    out[j] = t;
  }
  return out;
}
