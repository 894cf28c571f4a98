/**
 * boundary-effects: why padding images changes a network's loss.
 *
 * The package root re-exports every area. `boundary-effects/analysis` and
 * `boundary-effects/stats` are tfjs-free entry points for users who bring their own per-pixel losses.
 * Every error the library throws extends `BoundaryEffectsError` (a `code` to switch on, plus the
 * subclass's own `name`).
 */
export { BoundaryEffectsError } from './errors.js';
export * from './analysis/index.js';
export * from './stats/index.js';
export * from './data/index.js';
export * from './engine/index.js';
export {
  ModelError,
  glorotLimit,
  glorotUniformKernel,
  buildAutoencoder,
  countParameters,
  summarizeLayers,
  pixelBinaryCrossEntropy,
  maskedMeanLoss,
  regionMask,
  regionMaskValues,
  createAdam,
  createTrainer,
  type AutoencoderTrainer,
  type LayerSummary,
} from './model/index.js';
export * from './train/index.js';
export {
  buildSummary,
  SummaryError,
  estimate,
  checkSpec,
  analyseRun,
  summariseVariant,
  compareVariants,
  applyHolm,
  type BuildSummaryOptions,
  type ExperimentSpec,
  type VariantSpec,
  type Summary as ExperimentSummary,
  type Estimate,
  type VariantSummary,
  type ComparisonSummary,
  type GapTermSummary,
  type PairedTestSummary,
  type RegionSummary,
  type PredictionSummary,
} from './summary/index.js';
export {
  RunFileError,
  DamagedRunError,
  RUN_MANIFEST_FILE,
  parseRunConfig,
  parseRunEnvironment,
  parseHistory,
  parseRunResult,
  parseLossMap,
  parseIntensityTableFile,
  parseSamples,
  parseRunManifest,
  writeRunManifest,
  inspectRunDirectory,
  readRunDirectory,
  toRunRecord,
  type RunState,
  type StoredRun,
  type RunRecord as RunFormatRecord,
  type LossMapRecord,
  type LossKind,
} from './run-format/index.js';
export { seedQuestionSpec, variantSpec, SEED_REFERENCE } from './specs/seed-question.js';
export * from './reproduce/index.js';
export { renderReportHtml, writeReport, buildFigures, buildTables, buildNarrative, FIGURE_NAMES } from './report/index.js';
export { runCli } from './cli/program.js';
