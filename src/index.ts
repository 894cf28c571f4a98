/**
 * boundary-effects: why padding images changes a network's loss.
 *
 * The package root: data, training runs, experiments, summaries and reports, plus the analysis and
 * statistics. `boundary-effects/analysis` and `boundary-effects/stats` are tfjs-free entry points for
 * users who bring their own per-pixel losses; `boundary-effects/model` has the tfjs-level pieces and
 * `boundary-effects/dataframe` the danfojs-node DataFrames (optional peer).
 * Every error the library throws extends `BoundaryEffectsError` (a `code` to switch on, plus the
 * subclass's own `name`).
 */
export { ArgumentError, BoundaryEffectsError } from './errors.js';
export * from './analysis/index.js';
export * from './stats/index.js';
export * from './data/index.js';
// The tfjs-typed pieces (tf, kernels, the Keras model, its trainer) are in 'boundary-effects/model'
// (src/model-entry.ts): tfjs's own declarations fail `skipLibCheck: false` + `strict`, so none of this
// entry's declarations may name @tensorflow/* (checked by test/package/consumer.test.ts).
// Hence from the files themselves, not the areas' index files (which re-export tf).
export { initEngine, getEngineInfo, type BackendName, type EngineInfo, type EngineOptions } from './engine/backend.js';
export { EngineError, type EngineErrorCode } from './engine/errors.js';
export { ModelError, type ModelErrorCode } from './model/errors.js';
export { glorotLimit, glorotUniformKernel } from './model/glorot.js';
export * from './train/index.js';
export {
  buildSummary,
  SummaryError,
  estimate,
  checkSpec,
  analyzeRun,
  summarizeVariant,
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
/** @deprecated The British spellings of {@link analyzeRun} and {@link summarizeVariant}, kept for existing callers; the package spells analyze/summarize. */
export { analyzeRun as analyseRun, summarizeVariant as summariseVariant } from './summary/index.js';
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
export { renderReportHtml, writeReport, buildFigures, buildTables, buildNarrative, FIGURE_NAMES, ReportLimitError, REPORT_LIMITS } from './report/index.js';
export { runCli } from './cli/program.js';
