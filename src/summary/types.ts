/**
 * The `summary.json` contract: what `reproduce --out DIR` writes to `DIR/summary.json` and what
 * `analyze --json` prints. Everything the HTML report draws comes from this document, so a report
 * can be rebuilt from a committed summary alone.
 *
 * Numbers are losses in nats per pixel (Keras's binary cross-entropy, mean over pixels).
 * No timestamps: the same runs always give the same document.
 */

import type { PadMode } from '../data/pad.js';
import type { LossKind, PadWidths } from '../run-format/run-record.js';

/** Which pixels a variant's loss counts: all of its output, or only the original (unpadded) ones. */
export type LossRegion = 'all' | 'original';

/** How a variant is padded: a numpy.pad mode, or `none` for the unpadded reference. */
export type SummaryPadMode = PadMode | 'none';

/** How a Wilcoxon signed-rank p was computed (src/stats). */
export type WilcoxonMethod = 'exact' | 'normal';

/** The terms of the exact gap decomposition. */
export type GapTerm = 'gap' | 'samePixel' | 'samePixelEdge' | 'samePixelInterior' | 'dilution';

/** What a paired test compares: a gap term, a region's mean loss, or the scored test loss. */
export type PairedQuantity = `gap:${GapTerm}` | 'region:edge' | 'region:interior' | 'testLoss';

/** A quantity measured once per seed, with its spread across seeds. */
export interface Estimate {
  /** Number of seeds. */
  n: number;
  mean: number;
  /** Sample standard deviation across seeds; null when n < 2. */
  sd: number | null;
  /** t-based 95% confidence interval of the mean; null when n < 2. */
  ci95: [number, number] | null;
  /** The per-seed values, in the order of `seeds`. */
  values: number[];
  seeds: number[];
}

/** One paired test between two variants on one quantity (seeds paired by seed number). */
export interface PairedTestSummary {
  /** What is compared, e.g. `testLoss`, `region:edge`, `gap:dilution`. */
  quantity: PairedQuantity;
  n: number;
  /** Mean of (a - b) across paired seeds. */
  meanDifference: number;
  ci95: [number, number] | null;
  t: number | null;
  df: number | null;
  pT: number | null;
  wilcoxonV: number | null;
  pWilcoxon: number | null;
  /** How the Wilcoxon p was computed: `exact`, `normal` (approximation) or null. */
  wilcoxonMethod: WilcoxonMethod | null;
  /**
   * Holm-Bonferroni adjusted t-test p within the comparison's family of distinct hypotheses
   * ({@link ComparisonSummary.holmFamily}); a test of the same hypothesis as a family member (see
   * {@link ComparisonSummary.sameHypothesisAs}) carries that member's adjusted p.
   */
  pHolm: number | null;
  /** Cohen's d_z. */
  dz: number | null;
  /** Hedges' g_av. */
  gAv: number | null;
  bootstrapCi95: [number, number] | null;
  /** Why a statistic is missing (too few seeds, zero variance), empty when all are present. */
  notes: string[];
}

export type RegionName = 'interior' | 'edge' | 'pad';

export interface RegionSummary {
  region: RegionName;
  /** Pixels of this region in one image. */
  pixels: number;
  /** n_region / N. */
  weight: number;
  /** Mean test loss over the region's pixels. */
  meanLoss: Estimate;
  /** weight x meanLoss: the region's part of the total. */
  contribution: Estimate;
  /**
   * Mean binary entropy of the clean targets on the region (the loss's floor); null when the loss has
   * no floor (mse, l1) or the runs have no clean targets (the variant's `unavailable` says which).
   */
  floor: Estimate | null;
}

export interface IntensityBinSummary {
  /** Label such as `0`, `(0, 0.1]`, `1`. */
  bin: string;
  region: RegionName | 'all';
  /** Pixel count over the whole test split (same for every seed). */
  pixels: number;
  meanLoss: Estimate;
  /** Null when the loss has no floor (mse, l1): never 0. */
  meanFloor: Estimate | null;
  /** Null when the loss has no floor (mse, l1). */
  meanExcess: Estimate | null;
  /** The bin's share of the region's total loss. */
  share: Estimate;
}

export interface CurvePoint {
  epoch: number;
  trainLoss: Estimate;
  /** Test loss over the pixels the training loss counts, as {@link VariantSummary.testLoss}. */
  testLoss: Estimate;
}

/** A few fixed test digits: noisy input, reconstruction and clean target (one seed). */
export interface ReconstructionSample {
  index: number;
  seed: number;
  size: number;
  noisy: number[];
  output: number[];
  target: number[];
}

/** A variant's image geometry in general: output height x width, the pad on each side, channels. */
export interface VariantGeometry {
  height: number;
  width: number;
  pads: PadWidths;
  channels: number;
}

export interface VariantSummary {
  variant: string;
  /**
   * Output side S = original + 2 pad, present only for a square, single-channel variant with the same
   * pad on every side (the tool's own runs); otherwise `geometry` is present instead.
   */
  size?: number;
  /** The pad on every side; present with `size`. */
  pad?: number;
  /** The general geometry; present only when `size`/`pad` cannot describe the variant (non-square, per-side pads, channels > 1). */
  geometry?: VariantGeometry;
  padMode: SummaryPadMode;
  /** `all` pixels in the training loss, or only the `original` 28x28. */
  lossRegion: LossRegion;
  seeds: number[];
  /** Backend of each seed's run, in seed order (null when the run's source does not say). */
  backends: Array<string | null>;
  /** Null when a run's source gives no final training loss (the reason is in `unavailable`). */
  finalTrainLoss: Estimate | null;
  /** Mean test loss over the pixels the training loss counts: all S x S, or the original 28x28 for `-masked` variants. */
  testLoss: Estimate;
  /** Mean test loss over the original 28x28 pixels only. */
  originalLoss: Estimate;
  /**
   * Mean binary entropy of the clean test targets over the pixels `testLoss` counts; null when the loss
   * has no floor (mse, l1) or the runs have no clean targets (the reason is in `unavailable`). Never 0 for "none".
   */
  entropyFloor: Estimate | null;
  /** Test loss minus its floor (the KL divergence part that training can reduce); null with the floor. */
  excess: Estimate | null;
  regions: RegionSummary[];
  intensity: IntensityBinSummary[];
  /** Per epoch across seeds; empty when the runs carry no complete histories (see `unavailable`). */
  curves: CurvePoint[];
  /** Share of pad target pixels that are not zero (null when pad = 0). */
  padNonZeroShare: number | null;
  /** Per-pixel mean test loss, averaged over seeds: row-major height x width (S x S). */
  meanLossMap: number[];
  samples: ReconstructionSample[];
  /** Wall-clock training seconds per seed (null when the run's source does not say). */
  trainSeconds: Array<number | null>;
  /**
   * What could not be computed for this variant and why, one sentence each (e.g. no training
   * histories: no curves). Present only when something is missing.
   */
  unavailable?: string[];
}

/**
 * One term of the exact gap decomposition. Sign convention: `gap = L_a - L_b =
 * samePixelEdge + samePixelInterior + dilution` (and `samePixel = samePixelEdge +
 * samePixelInterior`), positive when b's loss is lower.
 */
export interface GapTermSummary {
  term: GapTerm;
  estimate: Estimate;
  test: PairedTestSummary;
  /** How well the seeds paired for this term (absent in documents written before it existed). */
  pairing?: PairingSummary;
  /** How many seeds this term needs (absent in documents written before it existed). */
  power?: PowerSummary;
}

/**
 * How much pairing the two variants' runs by seed bought for one term: the per-seed values of a
 * and of b (whose differences are the term), their correlation and the standard errors of the mean
 * difference with and without pairing. Null fields say why in `notes`.
 */
export interface PairingSummary {
  /** Pearson correlation of a's and b's seed effects; null for fewer than 3 seeds or a constant side. */
  correlation: number | null;
  sdA: number | null;
  sdB: number | null;
  /** sd of the per-seed differences (the term's own sd). */
  sdDifference: number | null;
  /** sd(a - b) / sqrt(n): the standard error the paired test uses. */
  sePaired: number | null;
  /** sqrt(var a / n + var b / n): the standard error had the seeds been independent. */
  seUnpaired: number | null;
  /** seUnpaired^2 / sePaired^2: above 1 pairing helped, below 1 it cost precision. */
  varianceReduction: number | null;
  notes: string[];
}

/**
 * How many seeds (pairs) the term needs, planned from this experiment's paired spread (its sd
 * taken as the truth): for 80% power to detect the observed effect with a two-sided paired t-test at
 * alpha / family size (noncentral t, as R's power.t.test), and for a 95% CI of ± halfWidth.
 */
export interface PowerSummary {
  /** The effect planned for (absolute value, nats per pixel): the observed mean difference. */
  effect: number;
  alpha: number;
  /** Tests in the comparison's Holm family. */
  familySize: number;
  /** alpha / familySize: a raw p below it keeps the Holm-adjusted p below alpha. */
  testLevel: number;
  targetPower: number;
  /** Whole seeds for targetPower at testLevel (at least 3); null when unreachable (see notes). */
  seedsForPower: number | null;
  /** The fractional root (what R's power.t.test prints as n). */
  exactSeedsForPower: number | null;
  /** The CI half-width planned for: 1% of variant a's mean test loss. */
  halfWidth: number | null;
  /** Seeds for a 95% CI of ± halfWidth (at least 3). */
  seedsForHalfWidth: number | null;
  /** Half-width of this experiment's 95% CI of the term. */
  halfWidthNow: number | null;
  notes: string[];
}

/** The gap L_a - L_b between two variants that share the original 28x28, split exactly. */
export interface ComparisonSummary {
  a: string;
  b: string;
  /** Seeds present in both variants, the pairs of the tests. */
  pairedSeeds: number[];
  terms: GapTermSummary[];
  /** Paired tests of region means and test loss, each the same hypothesis as a gap term (see `sameHypothesisAs`). */
  tests: PairedTestSummary[];
  /**
   * The distinct hypotheses Holm-adjusted together, by quantity (`gap:gap`, `gap:samePixel`,
   * `gap:samePixelEdge`, `gap:samePixelInterior`, `gap:dilution`). Tests of the same hypothesis are
   * counted once: `region:edge` is `gap:samePixelEdge` and `region:interior` is
   * `gap:samePixelInterior` (each a fixed multiple of the other, so the same t and p), `testLoss` is
   * `gap:gap`; when neither variant counts pad pixels the dilution is 0 by construction (not a
   * hypothesis) and `gap:samePixel` is `gap:gap`. Members without a p (too few seeds) do not count.
   */
  holmFamily: PairedQuantity[];
  /** Each test outside the family, mapped to the family member that tests the same hypothesis. */
  sameHypothesisAs: Partial<Record<PairedQuantity, PairedQuantity>>;
}

/** Measured loss of a padded variant against the prediction from the unpadded one. */
export interface PredictionSummary {
  from: string;
  variant: string;
  /** How pad pixels were costed, e.g. `measured pad mean of edge32`, `entropy floor`. */
  padCostSource: string;
  padCost: number;
  predicted: number;
  measured: Estimate;
}

export interface Summary {
  schemaVersion: 1;
  tool: { name: string; version: string };
  dataset: string;
  /**
   * The per-pixel loss of the runs, present only when it is not `bce` (absent: binary cross-entropy,
   * the tool's own runs, so their documents are unchanged). `mse` and `l1` have no floor.
   */
  loss?: Exclude<LossKind, 'bce'>;
  /** The runs' shared training settings (null when the runs' source does not say) and the analysis's edge width. */
  settings: {
    epochs: number | null;
    batchSize: number | null;
    noiseFactor: number | null;
    trainSize: number | null;
    testSize: number | null;
    edgeWidth: number;
    /**
     * Which random streams the two variants of every comparison share with a seed (`--pairing`; the
     * less shared of the two variants' designs when they differ; null when the runs' source does not say).
     */
    pairing?: string | null;
    /** Each variant's design, present only when the variants were trained under different designs. */
    pairingByVariant?: Record<string, string>;
  };
  /**
   * Losses reported elsewhere for some variants, by variant name, drawn as reference rules (from the
   * experiment spec; for the seed question its 0.099 and 0.075 on MNIST); null when there are none.
   */
  reference: Record<string, number> | null;
  /**
   * For an experiment from another framework (an open-format folder, docs/open-format.md): its question, dataset
   * label, loss and variant labels, from the manifest; absent for the tool's own runs (the seed question).
   */
  experiment?: { question: string; datasetLabel: string; loss: string; labels: Record<string, string> };
  variants: VariantSummary[];
  comparisons: ComparisonSummary[];
  predictions: PredictionSummary[];
  provenance: {
    /** The command lines that produced the experiment's runs, one per line (null when not recorded). */
    command: string | null;
    packages: Record<string, string>;
    /** Node version of the first run (null when its source does not say). */
    node: string | null;
    backends: string[];
    dataFiles: Array<{ file: string; sha256: string }>;
    runs: Array<{ variant: string; seed: number; dir: string; backend: string | null; seconds: number | null }>;
  };
}
