/** File names inside a run directory (`<out>/runs/<variant>/seed-<n>/`). */
export const RUN_FILES = {
  config: 'config.json',
  environment: 'environment.json',
  history: 'history.json',
  result: 'result.json',
  lossMap: 'test-loss-map.json',
  intensityTable: 'test-intensity-table.json',
  samples: 'samples.json',
} as const;

/** The run's manifest: the sha256 of every file in {@link RUN_FILES}, written last by `train`. */
export const RUN_MANIFEST_FILE = 'run-manifest.json';

/** The files written once a run's training has ended (its manifest last); removed to repair a run. */
export const FINAL_RUN_FILES = [RUN_FILES.lossMap, RUN_FILES.intensityTable, RUN_FILES.samples, RUN_FILES.result, RUN_MANIFEST_FILE] as const;
