/**
 * Claims from the ablations `ablate` measured on the models (ablations.json): what the padded models do on the
 * original pixels only, and where the predictor's what-if misses the measurement. Plain comparisons of the
 * measured numbers, with their direction; the report words them (claim-words.ts) without adding any.
 */
/**
 * One measured row of `ablate` as findings read it: the fields of open-format/ablation-file.ts's
 * AblationRow that claims use, declared here because findings and open-format share a floor and a
 * room imports only rooms on lower floors (docs/DESIGN.md, test/house.test.ts).
 */
export interface AblationMeasurement {
  variant: string;
  seed: number;
  trainedPad: number;
  trainedMode: string;
  pad: number;
  mode: string;
  asTrained: boolean;
  testLoss: number;
  originalLoss: number;
  predicted: number | null;
}

/** What ablationFindings reads of an ablations.json document (open-format's AblationsDocument). */
export interface AblationMeasurements {
  rows: readonly AblationMeasurement[];
  images: number;
  originalHeight: number;
  originalWidth: number;
}

/** How one number compares with another: the first is `lower`, `higher` or `equal`. */
export type Comparison = 'lower' | 'higher' | 'equal';

/**
 * The sign of a − b as a word about a.
 *
 * @example
 * compareLoss(0.2, 0.3); // 'lower'
 */
export function compareLoss(a: number, b: number): Comparison {
  return a < b ? 'lower' : a > b ? 'higher' : 'equal';
}

/**
 * A padded variant's models scored on the original pixels only (each at its own pad, the pad pixels left out of the
 * mean), against their loss over all pixels and against an unpadded variant's models on the same pixels, as means
 * over the seeds both have.
 */
export interface OriginalOnlyClaim {
  variant: string;
  pad: number;
  mode: AblationMeasurement['mode'];
  /** The unpadded variant compared with (its models at pad 0, whose pixels are all original). */
  reference: string;
  seeds: number[];
  /** Mean over `seeds` of the padded models' loss over the original pixels, and over all pixels. */
  originalLoss: number;
  allLoss: number;
  /** Mean over `seeds` of the reference models' loss. */
  referenceLoss: number;
  /** originalLoss against referenceLoss, and against allLoss. */
  againstReference: Comparison;
  againstAll: Comparison;
}

/**
 * Where the what-if misses, for one variant's models over every row with a prediction: measured − predicted
 * = (n_O / N) × (the model's loss on the original pixels at that pad − at pad 0), so a row above its prediction
 * is one where the pad made the original pixels' predictions worse, below one where it made them better.
 */
export interface WhatIfClaim {
  variant: string;
  rows: number;
  minMiss: number;
  maxMiss: number;
  /** Rows whose measured loss is above, below, or exactly at the prediction. */
  above: number;
  below: number;
  exact: number;
}

/** The claims of one ablations document. */
export interface AblationFindings {
  images: number;
  originalHeight: number;
  originalWidth: number;
  originalOnly: OriginalOnlyClaim[];
  whatIf: WhatIfClaim[];
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** Variants in the order the rows first name them. */
function variantsOf(rows: readonly AblationMeasurement[]): string[] {
  return [...new Set(rows.map((r) => r.variant))];
}

/**
 * The claims of an ablations document: for every padded variant and every unpadded one with shared seeds, an
 * {@link OriginalOnlyClaim}; for every variant with predictions, a {@link WhatIfClaim}.
 *
 * @example
 * const f = ablationFindings(doc);
 * f.originalOnly[0]?.againstReference; // 'higher': edge32 on the original pixels is worse than baseline28 there
 */
export function ablationFindings(doc: AblationMeasurements): AblationFindings {
  const own = doc.rows.filter((r) => r.asTrained);
  const unpadded = variantsOf(own.filter((r) => r.trainedPad === 0 && r.trainedMode === 'none'));
  const padded = variantsOf(own.filter((r) => r.trainedPad > 0));
  const originalOnly: OriginalOnlyClaim[] = [];
  for (const variant of padded) {
    const mine = own.filter((r) => r.variant === variant);
    for (const reference of unpadded) {
      const theirs = new Map(own.filter((r) => r.variant === reference).map((r) => [r.seed, r]));
      const paired = mine.filter((r) => theirs.has(r.seed));
      if (paired.length === 0) continue;
      const originalLoss = mean(paired.map((r) => r.originalLoss));
      const allLoss = mean(paired.map((r) => r.testLoss));
      const referenceLoss = mean(paired.map((r) => theirs.get(r.seed)?.testLoss ?? Number.NaN));
      const first = paired[0];
      originalOnly.push({
        variant,
        pad: first?.pad ?? 0,
        mode: first?.mode ?? 'none',
        reference,
        seeds: paired.map((r) => r.seed),
        originalLoss,
        allLoss,
        referenceLoss,
        againstReference: compareLoss(originalLoss, referenceLoss),
        againstAll: compareLoss(originalLoss, allLoss),
      });
    }
  }
  const whatIf: WhatIfClaim[] = [];
  for (const variant of variantsOf(doc.rows)) {
    const misses = doc.rows.filter((r) => r.variant === variant && r.predicted !== null).map((r) => r.testLoss - (r.predicted ?? Number.NaN));
    if (misses.length === 0) continue;
    whatIf.push({
      variant,
      rows: misses.length,
      minMiss: Math.min(...misses),
      maxMiss: Math.max(...misses),
      above: misses.filter((m) => m > 0).length,
      below: misses.filter((m) => m < 0).length,
      exact: misses.filter((m) => m === 0).length,
    });
  }
  return { images: doc.images, originalHeight: doc.originalHeight, originalWidth: doc.originalWidth, originalOnly, whatIf };
}
