export { TrainingError, type TrainingErrorCode, type TrainingErrorDetails } from './errors.js';
export { parseVariant, STANDARD_VARIANTS, ORIGINAL_SIZE, type Variant } from './variants.js';
export {
  makeRunConfig,
  validateRunConfig,
  type CheckedRunConfig,
  configDifferences,
  runLabel,
  SEED_DEFAULTS,
  IDENTITY_SETTINGS,
  type RunConfig,
} from './config.js';
export { historyLosses, type EpochRecord } from './history.js';
export { writeFileAtomic, writeJsonAtomic, readJsonIfExists } from '../fs/atomic-file.js';
export { prepareRunData, type RunData, type SplitData } from './run-data.js';
export type { SamplesFile } from '../run-format/samples-file.js';
export { saveCheckpoint, loadCheckpoint, CHECKPOINT_DIR, CHECKPOINT_INDEX, type Checkpoint } from './checkpoint.js';
export { describeEnvironment, type RunEnvironment } from './environment.js';
export {
  createProgressReporter,
  silentReporter,
  formatDuration,
  type ProgressEvent,
  type ProgressReporter,
  type ProgressReporterOptions,
} from './progress.js';
export {
  trainRun,
  readRun,
  RUN_FILES,
  type RunResult,
  type RunRecord,
  type TrainRunOptions,
  type LossMapFile,
} from './run.js';
export {
  runExperiment,
  runDirectory,
  defaultWorkerEntry,
  forkWorker,
  type ExperimentOptions,
  type RunOutcome,
} from './experiment.js';
export type { ParentMessage, WorkerMessage, WorkerErrorInfo } from './worker-protocol.js';
