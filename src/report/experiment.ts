/**
 * The one place where the report reads what is specific to the experiment: which comparison the
 * answer is about, the question's reference numbers and settings, and how variants and tested
 * quantities are named for a reader. Everything else in src/report works on any comparison.
 */
import type { ComparisonSummary, GapTermSummary, RegionSummary, Summary, VariantSummary } from '../summary/types.js';

/**
 * The settings of the seed question's runs (its Keras code): every MNIST training and test image,
 * 10 epochs. A report of fewer says so at the top.
 */
export const QUESTION_SETTINGS = { epochs: 10, trainSize: 60_000, testSize: 10_000 } as const;

/**
 * The comparison the answer is about: the first in the summary, whose comparisons follow the
 * experiment spec's display order (for the seed question: baseline28 → edge32 first when both ran).
 *
 * @example
 * primaryComparison(summary)?.b; // 'edge32'
 */
export function primaryComparison(summary: Summary): ComparisonSummary | undefined {
  return summary.comparisons[0];
}

/** One of the question's reported losses, matched to a variant of the summary. */
export interface QuestionReference {
  variant: string;
  /** The number as the question gives it (rounded). */
  value: number;
}

/**
 * The losses reported elsewhere (for the seed question, the training losses Keras printed, rounded),
 * by variant, in the summary's order; empty when the summary has none (datasets other than MNIST).
 *
 * @example
 * questionReferences(summary); // [{ variant: 'baseline28', value: 0.099 }, { variant: 'edge32', value: 0.075 }]
 */
export function questionReferences(summary: Summary): QuestionReference[] {
  return Object.entries(summary.reference ?? {}).map(([variant, value]) => ({ variant, value }));
}

/**
 * What a variant is, in words: its size and pad, and which pixels its loss counts.
 *
 * @example
 * describeVariant(edge32); // 'edge pad of 2 → 32×32'
 * describeVariant(baseline28); // '28×28, no pad'
 */
export function describeVariant(v: Pick<VariantSummary, 'size' | 'pad' | 'padMode' | 'lossRegion'>): string {
  const geometry = v.pad === 0 ? `${v.size}×${v.size}, no pad` : `${v.padMode} pad of ${v.pad} → ${v.size}×${v.size}`;
  const original = v.size - 2 * v.pad;
  return v.lossRegion === 'original' ? `${geometry}, loss on the original ${original}×${original} only` : geometry;
}

/**
 * What the second variant of a comparison changes against the first, in words.
 *
 * @example
 * describeChange(baseline28, edge32);        // 'edge pad of 2 → 32×32'
 * describeChange(edge32Masked, edge32);      // 'pad pixels counted in the loss'
 */
export function describeChange(a: VariantSummary, b: VariantSummary): string {
  const parts: string[] = [];
  if (a.pad !== b.pad || a.padMode !== b.padMode) {
    parts.push(b.pad === 0 ? 'no pad' : `${b.padMode} pad of ${b.pad} → ${b.size}×${b.size}`);
  }
  if (a.lossRegion !== b.lossRegion) {
    parts.push(b.lossRegion === 'original' ? 'loss on the original pixels only' : 'pad pixels counted in the loss');
  }
  return parts.length > 0 ? parts.join('; ') : 'nothing but the seed streams';
}

/** Words for the terms of the gap, signed as in the summary (positive: lowers b's loss). */
export const TERM_WORDS: Readonly<Record<GapTermSummary['term'], string>> = {
  gap: 'gap',
  samePixel: 'same pixels, all',
  samePixelEdge: 'same pixels: edge ring',
  samePixelInterior: 'same pixels: interior',
  dilution: 'dilution by pad pixels',
};

const REGION_WORDS: Readonly<Record<RegionSummary['region'], string>> = { interior: 'interior', edge: 'edge ring', pad: 'pad ring' };

/**
 * A tested quantity's id (`testLoss`, `region:edge`, `gap:dilution`) in words.
 *
 * @example
 * quantityWords('region:edge'); // 'per-pixel loss, edge ring'
 * quantityWords('testLoss');    // 'test loss'
 */
export function quantityWords(quantity: string): string {
  if (quantity === 'testLoss') return 'test loss';
  const [kind, name] = quantity.split(':');
  const region = Object.entries(REGION_WORDS).find(([k]) => kind === 'region' && k === name);
  if (region) return `per-pixel loss, ${region[1]}`;
  const term = Object.entries(TERM_WORDS).find(([k]) => kind === 'gap' && k === name);
  return term ? term[1] : quantity;
}
