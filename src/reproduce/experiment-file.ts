import { readJsonIfExists, writeJsonAtomic } from '../fs/atomic-file.js';
import { join } from 'node:path';

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
  return readJsonIfExists<ExperimentFile>(join(dir, EXPERIMENT_FILE));
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
  return file.variants.flatMap((variant) => (file.seedsByVariant?.[variant] ?? file.seeds).map((seed) => ({ variant, seed })));
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
  const commands = [...new Set([...(previous?.commands ?? (previous?.command == null ? [] : [previous.command])), ...(file.command === null ? [] : [file.command])])];
  const merged: ExperimentFile = {
    ...file,
    commands,
    variants: [...bySeed.keys()],
    seeds: sorted(new Set([...bySeed.values()].flatMap((seeds) => [...seeds]))),
    seedsByVariant: Object.fromEntries([...bySeed].map(([variant, seeds]) => [variant, sorted(seeds)])),
  };
  await writeJsonAtomic(join(dir, EXPERIMENT_FILE), merged);
  return merged;
}
