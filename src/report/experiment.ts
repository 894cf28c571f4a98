/**
 * The one place where the report reads what is specific to the experiment: which comparison the
 * answer is about, the question's reference numbers and settings, and how variants and tested
 * quantities are named for a reader. Everything else in src/report works on any comparison.
 */
import type { ComparisonSummary, GapTermSummary, RegionSummary, Summary, VariantGeometry, VariantSummary } from '../summary/types.js';
import { describePads, isPadded, originalShape, variantGeometry } from '../summary/variant-geometry.js';
import { DATASETS, isDatasetName } from '../data/datasets.js';
import type { Findings } from '../findings/index.js';

/** How the report names the summary's loss and its unit: BCE in nats/pixel, MSE and L1 per pixel. */
export interface LossLabel {
  /** 'BCE', 'MSE' or 'L1'. */
  name: string;
  /** 'nats/pixel' for BCE, 'per pixel' otherwise (squared or absolute error of [0, 1] intensities). */
  unit: string;
  /** True when the loss has an entropy floor (BCE only). */
  hasFloor: boolean;
}

/**
 * The summary's loss as the report labels it (summary.json's `loss`, absent for BCE).
 *
 * @example
 * lossLabel(summary); // { name: 'BCE', unit: 'nats/pixel', hasFloor: true }
 */
export function lossLabel(summary: Pick<Summary, 'loss'>): LossLabel {
  if (summary.loss === 'mse') return { name: 'MSE', unit: 'squared error/pixel', hasFloor: false };
  if (summary.loss === 'l1') return { name: 'L1', unit: 'absolute error/pixel', hasFloor: false };
  return { name: 'BCE', unit: 'nats/pixel', hasFloor: true };
}

/**
 * Rewrites the BCE labels of a figure spec or table title for the summary's loss ('mean BCE' → 'mean MSE',
 * 'nats/pixel' → its unit), so every label of an mse or l1 report names its loss. Identity for BCE.
 *
 * @example
 * relabelLoss({ title: 'mean BCE (nats/pixel)' }, { name: 'MSE', unit: 'squared error/pixel', hasFloor: false });
 * // { title: 'mean MSE (squared error/pixel)' }
 */
export function relabelLoss<T>(value: T, label: LossLabel): T {
  if (label.name === 'BCE') return value;
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') return x.replaceAll('BCE', label.name).replaceAll(' nats each', ' each').replaceAll('nats per pixel', label.unit.replace('/', ' per ')).replaceAll('nats/pixel', label.unit);
    if (Array.isArray(x)) return x.map(walk);
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, k === 'values' || k === 'data' ? v : walk(v)]));
    return x;
  };
  // walk returns the same shape with only string leaves rewritten.
  return walk(value) as T;
}

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
export function describeVariant(v: Pick<VariantSummary, 'size' | 'pad' | 'geometry' | 'padMode' | 'lossRegion'>): string {
  const g = variantGeometry(v);
  const geometry = isPadded(g) ? `${v.padMode} ${describePads(g.pads)} → ${shapeText(g)}` : `${shapeText(g)}, no pad`;
  const o = originalShape(g);
  return v.lossRegion === 'original' ? `${geometry}, loss on the original ${o.height}×${o.width} only` : geometry;
}

/** Height × width, with the channels when there are several (e.g. '20×24×3'). */
function shapeText(g: VariantGeometry): string {
  return `${g.height}×${g.width}${g.channels > 1 ? `×${g.channels}` : ''}`;
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
  const ga = variantGeometry(a);
  const gb = variantGeometry(b);
  if (describePads(ga.pads) !== describePads(gb.pads) || a.padMode !== b.padMode) {
    parts.push(isPadded(gb) ? `${b.padMode} ${describePads(gb.pads)} → ${shapeText(gb)}` : 'no pad');
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

/**
 * The page's title and H1, from the experiment: an open-format experiment's own question; for the
 * tool's own runs, the dataset and the direction the first comparison's gap has been established in
 * (src/findings), asked as a question when it has not been established either way.
 *
 * @example
 * reportTitle(mnistSummary, findings);   // 'Why padding lowers the loss: boundary effects of a denoising autoencoder on MNIST'
 * reportTitle(openSummary, findings);    // 'Why does reflect padding change the MSE of my 20×20 model?'
 */
export function reportTitle(summary: Pick<Summary, 'experiment' | 'dataset'>, findings: Findings): string {
  if (summary.experiment !== undefined) return summary.experiment.question;
  const on = `boundary effects of a denoising autoencoder on ${datasetTitle(summary.dataset)}`;
  const gap = findings.comparisons[0]?.terms.gap;
  if (gap === undefined) return `${on.charAt(0).toUpperCase()}${on.slice(1)}`;
  if (gap.evidence.kind === 'established' && gap.direction !== 'no change') return `Why padding ${gap.direction} the loss: ${on}`;
  return `Does padding change the loss? ${on.charAt(0).toUpperCase()}${on.slice(1)}`;
}

/** A dataset's display title ('MNIST', 'Fashion-MNIST'), or its name as given. */
export function datasetTitle(dataset: string): string {
  return isDatasetName(dataset) ? DATASETS[dataset].title : dataset;
}

/**
 * What the test images are, for captions: 'test digits' for MNIST, 'test images of clothing' for
 * Fashion-MNIST, 'test images' for anything else (an open-format experiment's own data).
 *
 * @example
 * imageNoun({ dataset: 'mnist' });        // 'test digits'
 * imageNoun({ dataset: 'smooth-20x20', experiment: {...} }); // 'test images'
 */
export function imageNoun(summary: Pick<Summary, 'dataset' | 'experiment'>): string {
  if (summary.experiment !== undefined) return 'test images';
  if (summary.dataset === 'mnist') return 'test digits';
  if (summary.dataset === 'fashion-mnist') return 'test images of clothing';
  return 'test images';
}
