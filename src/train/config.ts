import { DATASET_NAMES, isDatasetName } from '../data/datasets.js';
import type { RunConfig } from '../run-format/config-file.js';
import { TrainingError } from './errors.js';
import { DEFAULT_PAIRING, isPairingDesign, LEGACY_PAIRING, PAIRING_DESIGNS } from './pairing-design.js';
import { parseVariant } from './variants.js';

/** Everything that determines a run's numbers: the config.json of the run format (src/run-format). */
export type { RunConfig } from '../run-format/config-file.js';

declare const checked: unique symbol;

/**
 * A run config that {@link validateRunConfig} (or {@link makeRunConfig}) has checked. The training
 * path inside the package (reproduce, the experiment's worker processes, a queue worker's run) takes
 * this type, so a config is checked once, where it enters, and never again on its way to `trainRun`.
 * The mark exists only for the compiler: the object is the plain config.
 */
export type CheckedRunConfig = RunConfig & { readonly [checked]: true };

/** The seed's settings: 10 epochs, batch 128, noise factor 0.5, all of MNIST, best backend. */
export const SEED_DEFAULTS = {
  dataset: 'mnist',
  epochs: 10,
  batchSize: 128,
  noiseFactor: 0.5,
  trainSize: null,
  testSize: null,
  backend: 'auto',
  pairing: DEFAULT_PAIRING,
} as const satisfies Partial<RunConfig>;

/** Settings compared on resume and reuse, in a fixed order (dataDir is only a location). */
export const IDENTITY_SETTINGS = [
  'dataset',
  'variant',
  'seed',
  'epochs',
  'batchSize',
  'noiseFactor',
  'trainSize',
  'testSize',
  'backend',
  'pairing',
] as const satisfies ReadonlyArray<keyof RunConfig>;

/** The command-line flag of each identity setting, named in errors beside the config key. */
export const SETTING_FLAGS: Record<(typeof IDENTITY_SETTINGS)[number], string> = {
  dataset: '--dataset',
  variant: '--variant(s)',
  seed: '--seed(s)',
  epochs: '--epochs',
  batchSize: '--batch-size',
  noiseFactor: '--noise',
  trainSize: '--train-size',
  testSize: '--test-size',
  backend: '--backend',
  pairing: '--pairing',
};

/**
 * A full config from the seed's defaults and the given settings.
 *
 * @example
 * makeRunConfig({ variant: 'edge32', seed: 3 }); // { dataset: 'mnist', epochs: 10, batchSize: 128, ... }
 */
export function makeRunConfig(settings: Partial<RunConfig> & Pick<RunConfig, 'variant' | 'seed'>): CheckedRunConfig {
  return validateRunConfig({ ...SEED_DEFAULTS, ...settings });
}

const isPositiveInteger = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

/**
 * Checks every setting of a config (types, ranges, variant name) and returns it; throws a
 * `TrainingError` ('bad-config' or 'bad-variant') naming the first bad setting.
 *
 * @example
 * validateRunConfig({ ...config, epochs: 0 }); // TrainingError: epochs must be a positive integer, got 0
 */
export function validateRunConfig(config: RunConfig): CheckedRunConfig {
  const fail = (setting: string, what: string): never => {
    throw new TrainingError('bad-config', `${setting} ${what}, got ${JSON.stringify((config as unknown as Record<string, unknown>)[setting])}.`, { setting });
  };
  if (!isDatasetName(config.dataset)) fail('dataset', `must be one of ${DATASET_NAMES.map((n) => `'${n}'`).join(', ')}`);
  parseVariant(config.variant);
  if (!(Number.isInteger(config.seed) && config.seed >= 0 && config.seed <= 0xffffffff)) fail('seed', 'must be an integer in [0, 2^32)');
  if (!isPositiveInteger(config.epochs)) fail('epochs', 'must be a positive integer');
  if (!isPositiveInteger(config.batchSize)) fail('batchSize', 'must be a positive integer');
  if (!(typeof config.noiseFactor === 'number' && Number.isFinite(config.noiseFactor) && config.noiseFactor >= 0)) {
    fail('noiseFactor', 'must be a finite number >= 0');
  }
  if (config.trainSize !== null && !isPositiveInteger(config.trainSize)) fail('trainSize', 'must be null or a positive integer');
  if (config.testSize !== null && !isPositiveInteger(config.testSize)) fail('testSize', 'must be null or a positive integer');
  if (!['auto', 'tensorflow', 'wasm', 'cpu'].includes(config.backend)) fail('backend', "must be 'auto', 'tensorflow', 'wasm' or 'cpu'");
  if (config.pairing !== undefined && !isPairingDesign(config.pairing)) fail('pairing', `must be one of ${PAIRING_DESIGNS.map((d) => `'${d}'`).join(', ')}`);
  // Every setting was checked above: this is the one place a config becomes a CheckedRunConfig.
  return config as CheckedRunConfig;
}

/**
 * The identity settings whose values differ between two configs (empty when the runs are the same).
 *
 * @example
 * configDifferences(a, { ...a, epochs: 20 }); // ['epochs']
 */
export function configDifferences(stored: RunConfig, requested: RunConfig): string[] {
  // A run without a recorded pairing design was trained before designs existed.
  const value = (config: RunConfig, key: (typeof IDENTITY_SETTINGS)[number]): unknown =>
    key === 'pairing' ? (config.pairing ?? LEGACY_PAIRING) : (config[key] ?? null);
  return IDENTITY_SETTINGS.filter((key) => JSON.stringify(value(stored, key)) !== JSON.stringify(value(requested, key)));
}

/**
 * Short label of a run, `<variant>/seed-<seed>` (also its directory under `<outDir>/runs/`).
 *
 * @example
 * runLabel({ variant: 'edge32', seed: 3 }); // 'edge32/seed-3'
 */
export function runLabel(config: Pick<RunConfig, 'variant' | 'seed'>): string {
  return `${config.variant}/seed-${config.seed}`;
}

/**
 * The error for a run directory that holds a run with other settings, or null when the stored
 * config matches: a 'config-mismatch' TrainingError naming the first differing setting (and the
 * others), saying how to go on.
 *
 * @example
 * configMismatch('out/runs/edge32/seed-1', stored, { ...stored, epochs: 2 })?.setting; // 'epochs'
 */
export function configMismatch(runDir: string, stored: RunConfig, requested: RunConfig): TrainingError | null {
  const differences = configDifferences(stored, requested);
  if (differences.length === 0) return null;
  const setting = differences[0];
  const show = (c: RunConfig): string =>
    JSON.stringify(setting === 'pairing' ? (c.pairing ?? LEGACY_PAIRING) : (c[setting as keyof RunConfig] ?? null));
  const flag = SETTING_FLAGS[setting as keyof typeof SETTING_FLAGS];
  return new TrainingError(
    'config-mismatch',
    `${runDir} holds ${runLabel(requested)} with ${setting} = ${show(stored)}, but ${setting} = ${show(requested)} was asked for (flag ${flag})` +
      `${differences.length > 1 ? ` (also different: ${differences.slice(1).join(', ')})` : ''}; ` +
      `rerun with the stored settings to resume, or use another output directory.`,
    { setting, run: runLabel(requested) },
  );
}
