import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { intensityTableFromJSON, type IntensityTable } from '../analysis/intensity-table.js';
import { BoundaryEffectsError } from '../errors.js';
import type { RunConfig } from '../train/config.js';
import type { RunEnvironment } from '../train/environment.js';
import type { EpochRecord } from '../train/history.js';
import { RUN_FILES, type LossMapFile, type RunResult } from '../train/run-files.js';
import type { SamplesFile } from '../train/samples.js';

/** Everything the summary needs from one finished run directory (all small files). */
export interface RunArtifacts {
  runDir: string;
  config: RunConfig;
  result: RunResult;
  environment: RunEnvironment;
  history: EpochRecord[];
  lossMap: LossMapFile;
  table: IntensityTable;
  samples: SamplesFile;
}

/** A run directory that cannot be summarised, with the reason. */
export class RunArtifactsError extends BoundaryEffectsError<'run-artifacts'> {
  constructor(
    readonly runDir: string,
    message: string,
  ) {
    super('RunArtifactsError', 'run-artifacts', message);
  }
}

async function readJson(runDir: string, file: string): Promise<unknown> {
  const path = join(runDir, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new RunArtifactsError(runDir, `${path} is missing: the run has not finished; run 'boundary-effects reproduce' (or 'train') again to finish it.`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new RunArtifactsError(runDir, `${path} is not valid JSON (${(error as Error).message}); delete the run directory ${runDir} and train it again.`);
  }
}

/**
 * Reads a finished run directory's small result files (config, result, environment, history,
 * loss map, intensity table, samples). Throws a RunArtifactsError naming the missing or bad file.
 *
 * @example
 * const run = await readRunArtifacts('reports/mnist/runs/edge32/seed-1');
 * run.result.finalTestLoss // 0.0734...
 */
export async function readRunArtifacts(runDir: string): Promise<RunArtifacts> {
  const [config, result, environment, history, lossMap, table, samples] = await Promise.all([
    readJson(runDir, RUN_FILES.config),
    readJson(runDir, RUN_FILES.result),
    readJson(runDir, RUN_FILES.environment),
    readJson(runDir, RUN_FILES.history),
    readJson(runDir, RUN_FILES.lossMap),
    readJson(runDir, RUN_FILES.intensityTable),
    readJson(runDir, RUN_FILES.samples),
  ]);
  return {
    runDir,
    config: config as RunConfig,
    result: result as RunResult,
    environment: environment as RunEnvironment,
    history: history as EpochRecord[],
    lossMap: lossMap as LossMapFile,
    table: intensityTableFromJSON(table),
    samples: samples as SamplesFile,
  };
}
