import type { PadMode } from '../data/pad.js';
import type { RunVariant } from '../run-format/result-file.js';
import { TrainingError } from './errors.js';

/** Side of the unpadded images (MNIST and the synthetic fixtures). */
export const ORIGINAL_SIZE = 28;

/**
 * A named training variant: how the 28x28 images are padded and where the loss is counted. The
 * same record result.json stores, so it is the run format's type (`size` is `28 + 2 * pad`).
 */
export type Variant = RunVariant;

/** The pad-mode words of variant names and the numpy.pad mode each means. */
const MODE_WORDS: Record<string, { mode: PadMode; constantValue: number }> = {
  edge: { mode: 'edge', constantValue: 0 },
  zero: { mode: 'constant', constantValue: 0 },
  reflect: { mode: 'reflect', constantValue: 0 },
  symmetric: { mode: 'symmetric', constantValue: 0 },
  wrap: { mode: 'wrap', constantValue: 0 },
};

/** The widest pad a variant may add on each side: the image's own width (as `predict --pad`). */
export const MAX_PAD_WIDTH = ORIGINAL_SIZE;
/** The largest variant size: 28 + 2 × 28 = 84 (`edge84`). */
export const MAX_VARIANT_SIZE = ORIGINAL_SIZE + 2 * MAX_PAD_WIDTH;

/** The variant names the experiments use, in a stable order. */
export const STANDARD_VARIANTS = [
  'baseline28',
  'edge32',
  'zero32',
  'reflect32',
  'symmetric32',
  'wrap32',
  'edge32-masked',
] as const;

const VALID_FORMS =
  "valid forms: 'baseline28'; '<mode><size>' with mode one of edge, zero, reflect, symmetric, wrap and size = 28 + 2*pad " +
  "a multiple of 4 above 28 up to 84 (32, 36, 40, ..., 84), e.g. 'edge32', 'zero36'; add '-masked' to count the loss on the original 28x28 only, e.g. 'edge32-masked'";

/**
 * Parses a variant name: `baseline28` (the seed's first model), `<edge|zero|reflect|symmetric|wrap><size>`
 * (size = 28 + 2 * pad, a multiple of 4: `edge32` is pad 2, `edge36` pad 4), optionally with
 * `-masked` (loss on the original 28x28 only). Throws a `TrainingError` ('bad-variant') listing the
 * valid forms.
 *
 * @example
 * parseVariant('edge32');        // { name: 'edge32', pad: 2, padMode: 'edge', constantValue: 0, lossRegion: 'all', size: 32 }
 * parseVariant('zero36-masked'); // { pad: 4, padMode: 'constant', lossRegion: 'original', size: 36, ... }
 */
export function parseVariant(name: string): Variant {
  const bad = (why: string): TrainingError => new TrainingError('bad-variant', `unknown variant '${name}': ${why}; ${VALID_FORMS}.`);
  const trimmed = name.trim();
  if (trimmed === 'baseline28') {
    return { name: 'baseline28', pad: 0, padMode: 'constant', constantValue: 0, lossRegion: 'all', size: ORIGINAL_SIZE };
  }
  const match = /^([a-z]+)(\d+)(-masked)?$/.exec(trimmed);
  if (match === null) throw bad('it is not of the form <mode><size>[-masked]');
  const [, word, sizeText, masked] = match;
  // Own keys only: 'constructor12' must not find Object's constructor.
  const mode = Object.hasOwn(MODE_WORDS, word) ? MODE_WORDS[word] : undefined;
  if (mode === undefined) throw bad(`'${word}' is not a pad mode`);
  const size = Number(sizeText);
  if (size <= ORIGINAL_SIZE) throw bad(`size ${size} does not pad the ${ORIGINAL_SIZE}x${ORIGINAL_SIZE} images (use baseline28 for no padding)`);
  if (size > MAX_VARIANT_SIZE) {
    throw bad(
      `size ${sizeText.length > 12 ? `${sizeText.slice(0, 12)}...` : size} is more than ${MAX_VARIANT_SIZE} (a pad of at most ${MAX_PAD_WIDTH} pixels a side, the image's own width: ` +
        `beyond it the original is under a ninth of the padded image, and the padded data would not fit in memory)`,
    );
  }
  if (size % 4 !== 0) throw bad(`size ${size} is not a multiple of 4, which the model's two poolings need`);
  const pad = (size - ORIGINAL_SIZE) / 2;
  return {
    name: `${word}${size}${masked ?? ''}`,
    pad,
    padMode: mode.mode,
    constantValue: mode.constantValue,
    lossRegion: masked === undefined ? 'all' : 'original',
    size,
  };
}
