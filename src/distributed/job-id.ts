/**
 * A run's identity on the queue: its settings and seed, hashed into a deterministic BullMQ job id,
 * so that enqueuing the same run twice (from one coordinator, a restarted one, or another machine)
 * adds it once. Loads no BullMQ, no Redis client and no tfjs.
 */
import { createHash } from 'node:crypto';
import { isDatasetName } from '../data/datasets.js';
import type { BackendName } from '../engine/backend.js';
import { IDENTITY_SETTINGS, runLabel, validateRunConfig, type CheckedRunConfig, type RunConfig } from '../train/config.js';
import { isPairingDesign, LEGACY_PAIRING } from '../train/pairing-design.js';
import { DistributedError } from './errors.js';
import { isRecord } from '../json/fields.js';

/** The BullMQ queue every coordinator adds runs to and every `boundary-effects worker` takes them from. */
export const RUN_QUEUE = 'boundary-effects-runs';

/** What a queued job carries: the run's identity settings (no data location: each worker has its own). */
export interface RunJobData {
  format: 'boundary-effects/run-job';
  version: 1;
  config: RunConfig;
}

/** The identity settings of a config, in IDENTITY_SETTINGS order, without `dataDir`. */
function identityConfig(config: RunConfig): RunConfig {
  return {
    dataset: config.dataset,
    variant: config.variant,
    seed: config.seed,
    epochs: config.epochs,
    batchSize: config.batchSize,
    noiseFactor: config.noiseFactor,
    trainSize: config.trainSize,
    testSize: config.testSize,
    backend: config.backend,
    ...(config.pairing === undefined ? {} : { pairing: config.pairing }),
  };
}

/**
 * The job id of a run: readable (`<dataset>.<variant>.seed-<n>`) plus the first 16 hex digits of the
 * SHA-256 of every identity setting, so two runs differing in any setting (epochs, sizes, noise,
 * backend) never share a job. BullMQ forbids ':' in custom ids; names here never contain one.
 *
 * @example
 * runJobId(makeRunConfig({ variant: 'edge32', seed: 1 })); // 'mnist.edge32.seed-1.3f0c...' (16 hex digits)
 */
export function runJobId(config: RunConfig): string {
  // The legacy pairing design is left out, so its runs keep the ids they had before designs existed.
  const keys = IDENTITY_SETTINGS.filter((key) => key !== 'pairing' || (config.pairing ?? LEGACY_PAIRING) !== LEGACY_PAIRING);
  const identity = JSON.stringify(keys.map((key) => [key, config[key] ?? null]));
  const hash = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  return `${config.dataset}.${config.variant}.seed-${config.seed}.${hash}`.replace(/[^\w.-]/g, '_');
}

/**
 * The data of a run's job.
 *
 * @example
 * runJobData(config).config.dataDir; // undefined: workers find the data themselves
 */
export function runJobData(config: RunConfig): RunJobData {
  return { format: 'boundary-effects/run-job', version: 1, config: identityConfig(config) };
}


/**
 * Reads a job's data back into a checked run config, or throws a DistributedError ('bad-job').
 *
 * @example
 * const config = parseRunJobData(job.data, job.id);
 */
export function parseRunJobData(value: unknown, jobId: string): CheckedRunConfig {
  const bad = (what: string): never => {
    throw new DistributedError('bad-job', `job ${jobId} on queue ${RUN_QUEUE} ${what}; it was not added by this version of boundary-effects reproduce --redis. Remove it from the queue.`);
  };
  if (!isRecord(value) || value.format !== 'boundary-effects/run-job' || value.version !== 1 || !isRecord(value.config)) {
    return bad('is not a version 1 run job');
  }
  const c = value.config;
  const num = (key: string): number => (typeof c[key] === 'number' ? c[key] : bad(`has no number ${key}`));
  const str = (key: string): string => (typeof c[key] === 'string' ? c[key] : bad(`has no text ${key}`));
  const size = (key: string): number | null => (c[key] === null ? null : num(key));
  const dataset = str('dataset');
  const backend = str('backend');
  if (!isDatasetName(dataset) || !isBackendChoice(backend)) return bad(`names an unknown dataset or backend (${dataset}, ${backend})`);
  // validateRunConfig checks the variant name and the ranges, and throws a TrainingError naming the setting.
  const checked = validateRunConfig({
    dataset,
    variant: str('variant'),
    seed: num('seed'),
    epochs: num('epochs'),
    batchSize: num('batchSize'),
    noiseFactor: num('noiseFactor'),
    trainSize: size('trainSize'),
    testSize: size('testSize'),
    backend,
    ...(c.pairing === undefined ? {} : { pairing: isPairingDesign(c.pairing) ? c.pairing : bad(`names an unknown pairing design (${String(c.pairing)})`) }),
  });
  if (runJobId(checked) !== jobId) bad(`holds the settings of ${runLabel(checked)} under another id`);
  return checked;
}

const BACKEND_CHOICES: ReadonlyArray<BackendName | 'auto'> = ['auto', 'tensorflow', 'wasm', 'cpu'];
const isBackendChoice = (name: string): name is BackendName | 'auto' => BACKEND_CHOICES.some((b) => b === name);
