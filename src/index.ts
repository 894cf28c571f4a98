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
  SEED_REFERENCE,
  SummaryError,
  estimate,
  readRunArtifacts,
  RunArtifactsError,
  type BuildSummaryOptions,
  type RunArtifacts,
  type Summary as ExperimentSummary,
  type Estimate,
  type VariantSummary,
  type ComparisonSummary,
  type GapTermSummary,
  type PairedTestSummary,
  type RegionSummary,
  type PredictionSummary,
} from './summary/index.js';
export * from './reproduce/index.js';
export { renderReportHtml, writeReport, buildFigures, buildTables, buildNarrative, FIGURE_NAMES } from './report/index.js';
export { runCli } from './cli/program.js';
