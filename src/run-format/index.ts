/**
 * The run format: the files of a run directory that `train` writes and every reader checks
 * (parse functions per file, a sha256 manifest written last), and the framework-independent
 * RunRecord the summary consumes.
 */
export * from './errors.js';
export { RUN_FILES, RUN_MANIFEST_FILE, FINAL_RUN_FILES } from './files.js';
export { parseRunConfig, CONFIG_BACKENDS, type RunConfig } from './config-file.js';
export { parseRunEnvironment, RUN_BACKENDS, type RunEnvironment, type RunEngine, type RunDataFile } from './environment-file.js';
export { parseHistory, scoredTestLoss, type EpochRecord } from './history-file.js';
export { parseRunResult, resultTestLoss, PAD_MODES, type RunResult, type RunVariant } from './result-file.js';
export { parseLossMap, type LossMapFile } from './loss-map-file.js';
export { parseIntensityTableFile, type IntensityTableFile, type StoredIntensityTable } from './intensity-table-file.js';
export { parseSamples, type SamplesFile } from './samples-file.js';
export { parseRunManifest, writeRunManifest, sha256Of, type RunManifest } from './manifest.js';
export { inspectRunDirectory, readRunDirectory, type RunState, type StoredRun } from './read-run.js';
export { toRunRecord } from './to-record.js';
export type * from './run-record.js';
