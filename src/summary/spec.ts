import type { PadWidths } from '../run-format/run-record.js';
import { SummaryError } from './errors.js';
import type { LossRegion, SummaryPadMode } from './types.js';

/** One variant of an experiment: its name and geometry. */
export interface VariantSpec {
  name: string;
  /** Output height and width. */
  height: number;
  width: number;
  /** Pad on each side of the original image (all 0 for the unpadded reference). */
  pads: PadWidths;
  padMode: SummaryPadMode;
  /** Which pixels the variant's training loss counts. */
  lossRegion: LossRegion;
  /** Channels of its images (default 1). */
  channels?: number;
}

/**
 * What a summary is about, given from outside (src/summary names no variant): the variants in
 * display order, the pairs to compare, the unpadded reference that predictions start from, and
 * losses reported elsewhere. The seed question is one such spec (src/specs/seed-question.ts).
 */
export interface ExperimentSpec {
  /** Name of the data the runs were tested on (summary.json's `dataset`). */
  dataset: string;
  /** Every variant of the runs, in display order. */
  variants: VariantSpec[];
  /** Pairs compared as `a - b`, in display order. */
  comparisons: Array<{ a: string; b: string }>;
  /** The unpadded variant whose mean loss map predicts the padded ones; null: no predictions. */
  unpaddedReference: string | null;
  /** Losses reported elsewhere, by variant name (drawn as reference rules); null: none. */
  referenceLosses: Record<string, number> | null;
  /** Width of the original image's edge ring in the analysis. */
  edgeWidth: number;
}

/**
 * Checks a spec on its own (unique names, known comparison and reference variants, an unpadded
 * reference that is unpadded, an edge width >= 1) and returns it. Throws a SummaryError saying what
 * to fix.
 *
 * @example
 * checkSpec({ dataset: 'd', variants: [], comparisons: [{ a: 'x', b: 'y' }], unpaddedReference: null, referenceLosses: null, edgeWidth: 2 });
 * // SummaryError: spec: comparison x vs y names variant x, which the spec does not define ...
 */
export function checkSpec(spec: ExperimentSpec): ExperimentSpec {
  const names = new Set<string>();
  for (const v of spec.variants) {
    if (names.has(v.name)) throw new SummaryError(`spec: variant ${v.name} is defined twice; give each variant once.`);
    names.add(v.name);
  }
  const known = (name: string, what: string): void => {
    if (!names.has(name)) throw new SummaryError(`spec: ${what} names variant ${name}, which the spec does not define (it defines ${[...names].join(', ') || 'none'}).`);
  };
  for (const { a, b } of spec.comparisons) {
    known(a, `comparison ${a} vs ${b}`);
    known(b, `comparison ${a} vs ${b}`);
    if (a === b) throw new SummaryError(`spec: comparison ${a} vs ${b} compares a variant with itself.`);
  }
  if (spec.unpaddedReference !== null) {
    known(spec.unpaddedReference, 'the unpadded reference');
    const ref = spec.variants.find((v) => v.name === spec.unpaddedReference);
    if (ref !== undefined && Object.values(ref.pads).some((p) => p !== 0)) {
      throw new SummaryError(`spec: the unpadded reference ${ref.name} has pads ${JSON.stringify(ref.pads)}; name an unpadded variant (all pads 0).`);
    }
  }
  for (const name of Object.keys(spec.referenceLosses ?? {})) known(name, 'a reference loss');
  if (!(Number.isInteger(spec.edgeWidth) && spec.edgeWidth >= 1)) throw new SummaryError(`spec: edgeWidth is ${spec.edgeWidth}; give a whole number >= 1.`);
  return spec;
}
