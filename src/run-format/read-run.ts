import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonText } from '../json/parse-text.js';
import { parseRunConfig, type RunConfig } from './config-file.js';
import { parseRunEnvironment, type RunEnvironment } from './environment-file.js';
import { DamagedRunError, RunFileError, type RunFileFault } from './errors.js';
import { RUN_FILES, RUN_MANIFEST_FILE } from './files.js';
import { parseHistory, type EpochRecord } from './history-file.js';
import { parseIntensityTableFile, type StoredIntensityTable } from './intensity-table-file.js';
import { parseLossMap, type LossMapFile } from './loss-map-file.js';
import { parseRunManifest, sha256Of, type RunManifest } from './manifest.js';
import { parseRunResult, type RunResult } from './result-file.js';
import { parseSamples, type SamplesFile } from './samples-file.js';

/** Every file of a finished run directory, parsed and checked. */
export interface StoredRun {
  runDir: string;
  config: RunConfig;
  environment: RunEnvironment;
  history: EpochRecord[];
  result: RunResult;
  lossMap: LossMapFile;
  table: StoredIntensityTable;
  samples: SamplesFile;
  /** The run's manifest; null for a run written before manifests (checked by parsing only). */
  manifest: RunManifest | null;
}

/** What a run directory holds. */
export type RunState =
  | { state: 'unfinished' }
  | { state: 'finished'; run: StoredRun }
  | { state: 'damaged'; error: DamagedRunError };

/** The same mean loss written twice by train (map and result) agrees to this relative tolerance. */
const MEAN_TOLERANCE = 1e-6;

function damaged(runDir: string, file: string, fault: RunFileFault, detail: string): DamagedRunError {
  return new DamagedRunError(
    runDir,
    file,
    fault,
    detail,
    `${join(runDir, file)}: ${detail}. The run ${runDir} is damaged: repair it with 'boundary-effects reproduce' on its experiment ` +
      `directory and the experiment's settings (or 'boundary-effects train' for this run), which recomputes its final files from its ` +
      `checkpoint or retrains it, or delete ${runDir} to leave it out.`,
  );
}

async function readBytes(runDir: string, file: string): Promise<Buffer | null> {
  try {
    return await readFile(join(runDir, file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw damaged(runDir, file, 'unreadable', `cannot be read (${(error as Error).message})`);
  }
}

function parseJson(runDir: string, file: string, bytes: Buffer): unknown {
  const parsed = parseJsonText(bytes.toString('utf8'));
  if (parsed.ok) return parsed.value;
  throw damaged(runDir, file, 'invalid-json', `is not valid JSON (${parsed.where})`);
}

/** Runs a parser, turning its RunFileError into the run's DamagedRunError. */
function parsed<T>(runDir: string, file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof RunFileError) throw damaged(runDir, file, error.code, error.detail);
    throw error;
  }
}

const IDENTITY = ['dataset', 'variant', 'seed', 'epochs', 'batchSize', 'noiseFactor', 'trainSize', 'testSize', 'backend'] as const;

/** The checks between files: what train wrote twice must agree. */
function checkConsistency(run: StoredRun): void {
  const { runDir, config, history, result, lossMap, table, samples } = run;
  const bad = (file: string, detail: string): never => {
    throw damaged(runDir, file, 'inconsistent', detail);
  };
  for (const key of IDENTITY) {
    if (config[key] !== result.config[key]) bad(RUN_FILES.result, `config.${key} is ${JSON.stringify(result.config[key])} but config.json has ${JSON.stringify(config[key])}`);
  }
  if (result.variant.name !== config.variant) bad(RUN_FILES.result, `variant.name is "${result.variant.name}" but config.json's variant is "${config.variant}"`);
  if (history.length !== config.epochs) bad(RUN_FILES.history, `has ${history.length} epochs, expected the config's ${config.epochs}`);
  if (result.epochs !== history.length) bad(RUN_FILES.result, `epochs is ${result.epochs} but history.json has ${history.length}`);
  const last = history[history.length - 1];
  for (const [field, value, own] of [
    ['finalTrainLoss', result.finalTrainLoss, last.trainLoss],
    ['finalTestLoss', result.finalTestLoss, last.testLoss],
    ['finalTestLossOriginal', result.finalTestLossOriginal, last.testLossOriginal],
  ] as const) {
    if (value !== own) bad(RUN_FILES.result, `${field} is ${value} but the last epoch of history.json has ${own}`);
  }
  const { size, pad } = result.variant;
  const geometry = (file: string, what: { height: number; width: number; pad: number }): void => {
    if (what.height !== size || what.width !== size || what.pad !== pad) {
      bad(file, `is ${what.height}x${what.width} with pad ${what.pad}, but the run's variant ${result.variant.name} is ${size}x${size} with pad ${pad}`);
    }
  };
  geometry(RUN_FILES.lossMap, lossMap);
  geometry(RUN_FILES.intensityTable, { height: table.table.height, width: table.table.width, pad: table.pad });
  geometry(RUN_FILES.samples, { height: samples.size, width: samples.size, pad: samples.pad });
  if (table.table.images !== result.testImages) bad(RUN_FILES.intensityTable, `counts ${table.table.images} images, but result.json has ${result.testImages} test images`);
  // The map's mean is the test loss over all pixels that result.json holds (summed in another order).
  const mean = lossMap.values.reduce((s, v) => s + v, 0) / lossMap.values.length;
  if (Math.abs(mean - result.finalTestLoss) > MEAN_TOLERANCE * Math.max(result.finalTestLoss, 1e-12)) {
    bad(RUN_FILES.lossMap, `has mean ${mean}, but result.json's finalTestLoss is ${result.finalTestLoss}`);
  }
}

/**
 * Reads a run directory and says whether it is unfinished (no manifest and no result.json: still
 * training, or never started), finished (every file present, whole and consistent) or damaged.
 * A run with a manifest must match it byte for byte (sha256); a run written before manifests
 * ("legacy", such as the committed reports/) is checked by parsing every field of every file and
 * comparing what train wrote twice (config, final losses, epochs, geometry, the map's mean).
 *
 * @example
 * const state = await inspectRunDirectory('reports/mnist/runs/edge32/seed-1');
 * if (state.state === 'finished') state.run.result.finalTestLoss;
 */
export async function inspectRunDirectory(runDir: string): Promise<RunState> {
  try {
    const run = await readFinished(runDir);
    return run === null ? { state: 'unfinished' } : { state: 'finished', run };
  } catch (error) {
    if (error instanceof DamagedRunError) return { state: 'damaged', error };
    throw error;
  }
}

async function readFinished(runDir: string): Promise<StoredRun | null> {
  const manifestBytes = await readBytes(runDir, RUN_MANIFEST_FILE);
  const manifest =
    manifestBytes === null ? null : parsed(runDir, RUN_MANIFEST_FILE, () => parseRunManifest(parseJson(runDir, RUN_MANIFEST_FILE, manifestBytes), join(runDir, RUN_MANIFEST_FILE)));
  if (manifest === null && (await readBytes(runDir, RUN_FILES.result)) === null) return null;
  const json = async (file: string): Promise<unknown> => {
    const bytes = await readBytes(runDir, file);
    if (bytes === null) {
      throw damaged(runDir, file, 'missing', `is missing, though the run ${manifest === null ? 'has a result.json' : 'has a manifest'} and so finished`);
    }
    if (manifest !== null && sha256Of(bytes) !== manifest.files[file]) {
      throw damaged(runDir, file, 'checksum', `does not match the sha256 in ${RUN_MANIFEST_FILE} (the file changed after the run finished)`);
    }
    return parseJson(runDir, file, bytes);
  };
  const path = (file: string): string => join(runDir, file);
  const [config, environment, history, result, lossMap, table, samples] = await Promise.all(
    [RUN_FILES.config, RUN_FILES.environment, RUN_FILES.history, RUN_FILES.result, RUN_FILES.lossMap, RUN_FILES.intensityTable, RUN_FILES.samples].map(json),
  );
  const run: StoredRun = {
    runDir,
    config: parsed(runDir, RUN_FILES.config, () => parseRunConfig(config, path(RUN_FILES.config))),
    environment: parsed(runDir, RUN_FILES.environment, () => parseRunEnvironment(environment, path(RUN_FILES.environment))),
    history: parsed(runDir, RUN_FILES.history, () => parseHistory(history, path(RUN_FILES.history))),
    result: parsed(runDir, RUN_FILES.result, () => parseRunResult(result, path(RUN_FILES.result))),
    lossMap: parsed(runDir, RUN_FILES.lossMap, () => parseLossMap(lossMap, path(RUN_FILES.lossMap))),
    table: parsed(runDir, RUN_FILES.intensityTable, () => parseIntensityTableFile(table, path(RUN_FILES.intensityTable))),
    samples: parsed(runDir, RUN_FILES.samples, () => parseSamples(samples, path(RUN_FILES.samples))),
    manifest,
  };
  checkConsistency(run);
  return run;
}

/**
 * Reads a finished run directory, every file parsed and checked (see {@link inspectRunDirectory}).
 * Throws a DamagedRunError naming the file and saying what to do when the run is damaged or unfinished.
 *
 * @example
 * const run = await readRunDirectory('reports/mnist/runs/edge32/seed-1');
 * run.result.finalTestLoss; // 0.0751...
 */
export async function readRunDirectory(runDir: string): Promise<StoredRun> {
  const run = await readFinished(runDir);
  if (run === null) throw damaged(runDir, RUN_FILES.result, 'missing', 'is missing: the run has not finished');
  return run;
}
