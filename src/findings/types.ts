/**
 * Findings: what a summary.json shows, as typed claims, before any sentence is written. The report
 * phrases every direction, verdict and share from these claims (src/report), never from the numbers
 * directly and never from a template that assumes which way the seed question's answer went.
 */
import type { PadMode } from '../data/pad.js';
import type { GapTerm } from '../summary/types.js';

/**
 * Which way a term of the gap L(a) − L(b) moves the second model's loss: a positive term lowers it,
 * a negative one raises it, an exact 0 changes nothing.
 */
export type Direction = 'lowers' | 'raises' | 'no change';

/**
 * What the seeds show about a term: `established` (95% CI excludes 0 and the Holm-adjusted p is
 * below alpha), `not-distinguishable` (CI contains 0, or the Holm adjustment does not keep it), or
 * `not-testable` (fewer paired seeds than a test needs, or no CI).
 */
export type EvidenceKind = 'established' | 'not-distinguishable' | 'not-testable';

/** The evidence for one term. */
export interface Evidence {
  kind: EvidenceKind;
  /** Paired seeds behind the term. */
  seeds: number;
  /** The decisive p: Holm-adjusted when the summary has it, else the raw paired-t p; null without a test. */
  p: number | null;
  /** True when `p` is Holm-adjusted. */
  holm: boolean;
  /** For `not-distinguishable`: the 95% CI contains 0 (`ci-contains-zero`) or only the Holm adjustment keeps it from alpha (`holm`). */
  reason: 'ci-contains-zero' | 'holm' | null;
  /** For `not-distinguishable`: seeds the summary's plan says would resolve an effect of this size (null: no plan or none would). */
  seedsToResolve: number | null;
}

/** One term of a comparison as a claim. */
export interface TermClaim {
  term: GapTerm;
  direction: Direction;
  /** |mean|, in the loss's unit per pixel. */
  size: number;
  /** The signed mean (positive lowers the second model's loss). */
  mean: number;
  ci95: [number, number] | null;
  evidence: Evidence;
}

/** What the pad pixels' clean targets hold, from the pad mode the variant was built with. */
export type PadContentKind = 'constant value' | 'copies the border' | 'mirrors' | 'wraps';

/** The pad of a comparison's second model as measured. */
export interface PadClaim {
  variant: string;
  mode: PadMode;
  content: PadContentKind;
  /** Pad pixels per image. */
  pixels: number;
  /** Share of the variant's pixels that are pad. */
  weight: number;
  /** Share of the pad's clean target pixels that are exactly 0 (null when the summary does not say). */
  exactZeroShare: number | null;
  /** Mean loss on the pad pixels and on the original pixels of the same variant. */
  padLoss: number;
  originalLoss: number;
  /** How the pad pixels' loss compares with the original pixels': the sign of dilution. */
  padAgainstOriginal: 'cheaper' | 'dearer' | 'equal';
}

/**
 * The dilution and same-pixel shares of the gap, or why they are not given: a share is stated
 * only when the gap is established and the share lies in [0, {@link SHARE_LIMIT}].
 */
export type ShareClaim =
  | { kind: 'shares'; dilution: number | null; samePixel: number | null }
  | { kind: 'withheld'; reason: 'gap-not-established' | 'gap-zero' | 'outside-limit' };

/** Everything a comparison a − b shows. */
export interface ComparisonFindings {
  a: string;
  b: string;
  /** Paired seeds. */
  seeds: number;
  /** Mean test losses over the paired seeds (their difference is the gap); null when a variant is missing. */
  lossA: number | null;
  lossB: number | null;
  /** The claims of the gap terms the summary has. */
  terms: Partial<Record<GapTerm, TermClaim>>;
  share: ShareClaim;
  /** The second model's pad as measured; null when it has no pad pixels in its loss. */
  pad: PadClaim | null;
}

/** The findings of a summary, one entry per comparison in the summary's order. */
export interface Findings {
  alpha: number;
  comparisons: ComparisonFindings[];
}
