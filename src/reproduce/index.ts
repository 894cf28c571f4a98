export {
  reproduce,
  experimentConfigs,
  REPRODUCE_DEFAULTS,
  QUICK_SETTINGS,
  SEED_VARIANTS,
  ABLATION_VARIANTS,
  type ReproduceOptions,
  type ReproduceResult,
} from './reproduce.js';
export { summarizeExperiment, collectExperimentRuns, formatSummaryJson, type ExperimentRuns } from './summarize-experiment.js';
export { experimentRuns, readExperimentFile, writeExperimentFile, EXPERIMENT_FILE, SUMMARY_FILE, type ExperimentFile } from './experiment-file.js';
