import { readFile } from 'node:fs/promises';
import { readJsonIfExists, writeFileAtomic } from '../fs/atomic-file.js';
import { FilesError } from '../fs/files-error.js';
import { join } from 'node:path';
import { isRecord } from '../json/fields.js';
import { redactCommand, redactCredentials } from '../credentials.js';

/** experiment.json: what an output directory was asked to hold, kept for resumes and provenance. */
export interface ExperimentFile {
  dataset: string;
  /** Every variant asked for, in the order first asked. */
  variants: string[];
  /** Every seed asked for, of any variant (sorted). */
  seeds: number[];
  /**
   * The seeds asked for per variant (e.g. 5 of the seed's two models, 3 of each ablation). Files
   * written before it existed lack it: then every variant has every seed.
   */
  seedsByVariant?: Record<string, number[]>;
  edgeWidth: number;
  /** The command line of the latest `reproduce` into this directory. */
  command: string | null;
  /** Every distinct `reproduce` command line into this directory, oldest first. */
  commands?: string[];
}

export const EXPERIMENT_FILE = 'experiment.json';
export const SUMMARY_FILE = 'summary.json';

/**
 * Reads `DIR/experiment.json`, or null when the directory has none.
 *
 * @example
 * (await readExperimentFile('reports/mnist'))?.variants // ['baseline28', 'edge32']
 */
export async function readExperimentFile(dir: string): Promise<ExperimentFile | null> {
  const path = join(dir, EXPERIMENT_FILE);
  return readJsonIfExists(path, checkExperimentFile);
}

const isSeedList = (value: unknown): value is number[] => Array.isArray(value) && value.every((s) => Number.isSafeInteger(s) && s >= 0);
const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((s) => typeof s === 'string');

/**
 * Checks the shape of a parsed experiment.json, or throws a FilesError ('bad-shape') naming the
 * file, the field and what to do.
 *
 * @example
 * checkExperimentFile({ dataset: 'mnist', variants: ['edge32'], seeds: [1], edgeWidth: 2, command: null }, 'x/experiment.json');
 */
export function checkExperimentFile(value: unknown, path: string): ExperimentFile {
  const bad = (field: string, want: string): FilesError =>
    new FilesError('bad-shape', path, `${path}: '${field}' must be ${want}; fix the file or delete it (the next 'boundary-effects reproduce --out' writes a new one from its options).`);
  if (!isRecord(value)) throw bad('(the document)', 'an object');
  const { dataset, variants, seeds, seedsByVariant, edgeWidth, command, commands } = value;
  if (typeof dataset !== 'string') throw bad('dataset', 'a dataset name');
  if (!isStringList(variants) || variants.length === 0) throw bad('variants', 'a non-empty list of variant names');
  if (!isSeedList(seeds)) throw bad('seeds', 'a list of non-negative integers');
  if (typeof edgeWidth !== 'number' || !Number.isSafeInteger(edgeWidth) || edgeWidth < 1) throw bad('edgeWidth', 'a positive integer');
  if (command !== null && typeof command !== 'string') throw bad('command', 'a string or null');
  if (commands !== undefined && !isStringList(commands)) throw bad('commands', 'a list of strings');
  let byVariant: Record<string, number[]> | undefined;
  if (seedsByVariant !== undefined) {
    if (!isRecord(seedsByVariant)) throw bad('seedsByVariant', 'an object of seed lists');
    const entries = Object.entries(seedsByVariant);
    for (const [variant, list] of entries) {
      if (!isSeedList(list)) throw bad(`seedsByVariant.${variant}`, 'a list of non-negative integers');
    }
    // Object.fromEntries defines own keys: a variant named `__proto__` stays a key, never the prototype.
    byVariant = Object.fromEntries(entries.filter((entry): entry is [string, number[]] => isSeedList(entry[1])));
  }
  return {
    dataset,
    variants,
    seeds,
    edgeWidth,
    command,
    ...(byVariant === undefined ? {} : { seedsByVariant: byVariant }),
    ...(commands === undefined ? {} : { commands }),
  };
}

/**
 * The runs an experiment file asks for, variant by variant: its `seedsByVariant`, or for older
 * files every variant with every seed.
 *
 * @example
 * experimentRuns({ dataset: 'mnist', variants: ['edge32'], seeds: [1, 2], edgeWidth: 2, command: null });
 * // [{ variant: 'edge32', seed: 1 }, { variant: 'edge32', seed: 2 }]
 */
export function experimentRuns(file: ExperimentFile): Array<{ variant: string; seed: number }> {
  const own = (variant: string): number[] | undefined => (file.seedsByVariant !== undefined && Object.hasOwn(file.seedsByVariant, variant) ? file.seedsByVariant[variant] : undefined);
  return file.variants.flatMap((variant) => (own(variant) ?? file.seeds).map((seed) => ({ variant, seed })));
}

/**
 * Writes `DIR/experiment.json` atomically, merging variants and seeds (per variant) with an
 * existing file, so that adding ablations with 3 seeds to a finished experiment with 5 seeds of
 * the seed's models keeps those 5 in its summary and asks for 3 of each ablation.
 *
 * @example
 * await writeExperimentFile('out', { dataset: 'mnist', variants: ['baseline28'], seeds: [1], edgeWidth: 2, command: null });
 */
export async function writeExperimentFile(dir: string, file: ExperimentFile): Promise<ExperimentFile> {
  const previous = await readExperimentFile(dir);
  const bySeed = new Map<string, Set<number>>();
  for (const { variant, seed } of [...(previous === null ? [] : experimentRuns(previous)), ...experimentRuns(file)]) {
    bySeed.set(variant, (bySeed.get(variant) ?? new Set<number>()).add(seed));
  }
  const sorted = (seeds: Iterable<number>): number[] => [...seeds].sort((a, b) => a - b);
  // Credentials never go into the file, also those an older version recorded.
  const command = redactCommand(file.command);
  const commands = [...new Set([...(previous?.commands ?? (previous?.command == null ? [] : [previous.command])), ...(command === null ? [] : [command])].map(redactCredentials))];
  const merged: ExperimentFile = {
    ...file,
    command,
    commands,
    variants: [...bySeed.keys()],
    seeds: sorted(new Set([...bySeed.values()].flatMap((seeds) => [...seeds]))),
    seedsByVariant: Object.fromEntries([...bySeed].map(([variant, seeds]) => [variant, sorted(seeds)])),
  };
  // Unchanged: leave the file (and its mtime) alone, so a run that stops later on a damaged file changed nothing.
  const path = join(dir, EXPERIMENT_FILE);
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (previous !== null && (await readFile(path, 'utf8').catch(() => null)) === text) return merged;
  await writeFileAtomic(path, text);
  return merged;
}
