// Public API of src/stats (pure: never imports tfjs or danfojs-node; DataFrames: boundary-effects/dataframe).
export { BoundaryEffectsError } from '../errors.js';
export { StatsError, type StatsErrorCode } from './errors.js';
export type { Alternative, Interval } from './types.js';
export { oneSampleTTest, type TTestOptions, type TTestResult } from './t-test.js';
export { welchTTest } from './welch.js';
export { midranks } from './ranks.js';
export { wilcoxonSignedRank, type WilcoxonOptions, type SignedRankResult } from './signed-rank.js';
export { wilcoxonRankSum, type RankSumResult } from './rank-sum.js';
export { rankSumCdf } from './rank-sum-distribution.js';
export { createStatsRng, DEFAULT_BOOTSTRAP_SEED, type StatsRng } from './rng.js';
export {
  bootstrapMeanCi,
  bootstrapMeanDifferenceCi,
  bcaInterval,
  quantileSorted7,
  type BootstrapOptions,
  type BootstrapResult,
} from './bootstrap.js';
export { cohensDz, cohensDav, hedgesGav, cohensDs, hedgesGs, hedgesCorrection } from './effect-size.js';
export { comparePaired, type CompareOptions, type PairedComparison, type PairedEffectSizes } from './compare-paired.js';
export { compareUnpaired, type UnpairedComparison, type UnpairedEffectSizes } from './compare-unpaired.js';
export { holmAdjust, holmAdjustNamed, adjustComparisons, type AdjustedPValues, type AdjustedComparison } from './holm.js';
export { summarize, type Summary, type SummarizeOptions } from './summarize.js';
export { summarizeMetrics, toLongRows, type MetricRecord, type MetricSummaryRow, type LongRow } from './summarize-metrics.js';
export { summarizeCurves, type CurveRecord, type CurveSummaryRow } from './curves.js';
export { toCsv, type TableCell, type TableRow, type TableOptions } from './tables.js';
export { noncentralTCdf } from './noncentral-t.js';
export {
  tTestPower,
  tTestSampleSize,
  seedsForHalfWidth,
  type PowerTestType,
  type TTestPowerOptions,
  type SampleSizeOptions,
  type SampleSize,
  type HalfWidthOptions,
} from './power.js';
export { measurePairing, type PairingMeasure } from './pairing.js';
export { planSeeds, SEED_PLAN_METHOD, type SeedPlan, type SeedPlanOptions } from './seed-plan.js';
