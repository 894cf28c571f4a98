import { DATASET_NAMES, type DatasetName } from '../data/datasets.js';
import type { RunBackend } from './environment-file.js';
import { RunFileError } from './errors.js';
import { failFor, finite, integer, nullable, oneOf, record, text } from '../json/fields.js';

/** config.json: everything that determines a run's numbers (plus where its data lives). */
export interface RunConfig {
  dataset: DatasetName;
  /** A variant name, e.g. `edge32` (see `parseVariant` in src/train). */
  variant: string;
  /** The run seed; every random stream derives from it (uint32). */
  seed: number;
  epochs: number;
  batchSize: number;
  noiseFactor: number;
  /** Use the first n training images; null for all. */
  trainSize: number | null;
  /** Use the first n test images; null for all. */
  testSize: number | null;
  backend: RunBackend | 'auto';
  /**
   * Which random streams runs of different variants with this seed share (see PairingDesign in
   * src/train/pairing-design.ts). Absent in runs trained before designs existed, which used
   * `weights+shuffles` ({@link LEGACY_PAIRING}).
   */
  pairing?: PairingDesign;
  /** Directory of the dataset files (default: the data module's lookup). Not part of a run's identity. */
  dataDir?: string;
}

/**
 * Which random streams two variants run with the same seed share: the initial weights (the
 * default for new runs); also every epoch's shuffle; also the noise on the original pixels. See
 * src/train/pairing-design.ts.
 */
export type PairingDesign = 'weights' | 'weights+shuffles' | 'weights+shuffles+noise';

/**
 * The design of a run whose config.json records none: every run trained before designs existed
 * shared weights and shuffles. New runs always record theirs.
 */
export const LEGACY_PAIRING: PairingDesign = 'weights+shuffles';

/** Every pairing design, from the least to the most shared. */
export const PAIRING_DESIGNS: readonly PairingDesign[] = ['weights', 'weights+shuffles', 'weights+shuffles+noise'];

/** The backends a config may ask for. */
export const CONFIG_BACKENDS = ['auto', 'tensorflow', 'wasm', 'cpu'] as const;

/**
 * Checks every field of a parsed config.json (types and ranges; the variant name only for being a
 * non-empty string) and returns it typed. Throws a RunFileError naming `path` and the field.
 *
 * @example
 * parseRunConfig(JSON.parse(text), 'runs/edge32/seed-1/config.json').epochs; // 10
 */
export function parseRunConfig(json: unknown, path: string, where = ''): RunConfig {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const c = record(json, where === '' ? 'config' : where, fail);
  const at = (key: string): string => (where === '' ? key : `${where}.${key}`);
  const variant = text(c.variant, at('variant'), fail);
  if (variant.length === 0) fail(`${at('variant')} is "", expected a variant name`);
  const config: RunConfig = {
    dataset: oneOf(c.dataset, DATASET_NAMES, at('dataset'), fail),
    variant,
    seed: integer(c.seed, at('seed'), fail, 0),
    epochs: integer(c.epochs, at('epochs'), fail, 1),
    batchSize: integer(c.batchSize, at('batchSize'), fail, 1),
    noiseFactor: finite(c.noiseFactor, at('noiseFactor'), fail),
    trainSize: nullable(c.trainSize, at('trainSize'), (v, w) => integer(v, w, fail, 1)),
    testSize: nullable(c.testSize, at('testSize'), (v, w) => integer(v, w, fail, 1)),
    backend: oneOf(c.backend, CONFIG_BACKENDS, at('backend'), fail),
  };
  if (config.noiseFactor < 0) fail(`${at('noiseFactor')} is ${config.noiseFactor}, expected a number >= 0`);
  if (c.pairing !== undefined) config.pairing = oneOf(c.pairing, PAIRING_DESIGNS, at('pairing'), fail);
  if (c.dataDir !== undefined) config.dataDir = text(c.dataDir, at('dataDir'), fail);
  return config;
}
