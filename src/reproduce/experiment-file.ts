import { readJsonIfExists, writeJsonAtomic } from '../fs/atomic-file.js';
import { join } from 'node:path';

/** experiment.json: what an output directory was asked to hold, kept for resumes and provenance. */
export interface ExperimentFile {
  dataset: string;
  variants: string[];
  seeds: number[];
  edgeWidth: number;
  /** The command line of the latest `reproduce` into this directory. */
  command: string | null;
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
 * Writes `DIR/experiment.json` atomically, merging variants and seeds with an existing file so
 * that adding ablations to a finished experiment keeps the earlier runs in its summary.
 *
 * @example
 * await writeExperimentFile('out', { dataset: 'mnist', variants: ['baseline28'], seeds: [1], edgeWidth: 2, command: null });
 */
export async function writeExperimentFile(dir: string, file: ExperimentFile): Promise<ExperimentFile> {
  const previous = await readExperimentFile(dir);
  const merged: ExperimentFile =
    previous === null
      ? file
      : {
          ...file,
          variants: [...new Set([...previous.variants, ...file.variants])],
          seeds: [...new Set([...previous.seeds, ...file.seeds])].sort((a, b) => a - b),
        };
  await writeJsonAtomic(join(dir, EXPERIMENT_FILE), merged);
  return merged;
}
