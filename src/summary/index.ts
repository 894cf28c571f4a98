export type * from './types.js';
export { buildSummary, SEED_REFERENCE, SummaryError, type BuildSummaryOptions } from './build.js';
export { estimate, meanOfArrays } from './estimate.js';
export { readRunArtifacts, RunArtifactsError, type RunArtifacts } from './run-artifacts.js';
