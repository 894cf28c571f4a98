import type { ExperimentSpec, VariantSpec } from '../summary/spec.js';
import { parseVariant } from '../train/variants.js';

/** The seed question's reported final training losses (MNIST, Keras). */
export const SEED_REFERENCE = { baseline28: 0.099, edge32: 0.075 } as const;

/** The seed question's two models: the unpadded reference and the edge-padded one. */
const UNPADDED = 'baseline28';
const PADDED = 'edge32';

/**
 * A variant of this tool's name scheme (`baseline28`, `edge32`, `zero36-masked`, ...) as a spec variant.
 *
 * @example
 * variantSpec('edge32'); // { name: 'edge32', height: 32, width: 32, pads: { top: 2, ... }, padMode: 'edge', lossRegion: 'all' }
 */
export function variantSpec(name: string): VariantSpec {
  const v = parseVariant(name);
  return {
    name: v.name,
    height: v.size,
    width: v.size,
    pads: { top: v.pad, bottom: v.pad, left: v.pad, right: v.pad },
    padMode: v.pad === 0 ? 'none' : v.padMode,
    lossRegion: v.lossRegion,
  };
}

/**
 * The seed question as an experiment spec over the given variants (as the runs hold them, in that
 * order): baseline28 and edge32 shown first, then the others; baseline28 compared with every other
 * variant, and edge32-masked with edge32; predictions from baseline28; the question's 0.099 and
 * 0.075 as reference losses on MNIST only (where they were measured), when both models are present.
 *
 * @example
 * seedQuestionSpec({ dataset: 'mnist', variants: ['edge32', 'baseline28'], edgeWidth: 2 }).comparisons;
 * // [{ a: 'baseline28', b: 'edge32' }]
 */
export function seedQuestionSpec(options: { dataset: string; variants: readonly string[]; edgeWidth: number }): ExperimentSpec {
  const unique = [...new Set(options.variants)];
  const rank = (name: string): number => (name === UNPADDED ? 0 : name === PADDED ? 1 : 2);
  const names = unique.map((name, i) => ({ name, i })).sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i).map((x) => x.name);
  const comparisons: ExperimentSpec['comparisons'] = [];
  if (names.includes(UNPADDED)) for (const v of names) if (v !== UNPADDED) comparisons.push({ a: UNPADDED, b: v });
  if (names.includes(PADDED) && names.includes(`${PADDED}-masked`)) comparisons.push({ a: `${PADDED}-masked`, b: PADDED });
  return {
    dataset: options.dataset,
    variants: names.map(variantSpec),
    comparisons,
    unpaddedReference: names.includes(UNPADDED) ? UNPADDED : null,
    // Only for the variants present: a spec's reference losses name its own variants.
    referenceLosses: options.dataset === 'mnist' && names.includes(UNPADDED) && names.includes(PADDED) ? { ...SEED_REFERENCE } : null,
    edgeWidth: options.edgeWidth,
  };
}
