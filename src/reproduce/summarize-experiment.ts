import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { inspectRunDirectory, type StoredRun } from '../run-format/read-run.js';
import { toRunRecord } from '../run-format/to-record.js';
import { seedQuestionSpec } from '../specs/seed-question.js';
import { buildSummary } from '../summary/build.js';
import type { Summary } from '../summary/types.js';
import { experimentRuns, readExperimentFile, type ExperimentFile } from './experiment-file.js';
import { DEFAULT_EDGE_WIDTH } from '../analysis/regions.js';

async function listDirs(path: string): Promise<string[]> {
  try {
    return (await readdir(path, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** Every run directory under `DIR/runs/<variant>/seed-<n>/`, sorted by variant then seed. */
async function scanRunDirs(dir: string): Promise<string[]> {
  const runs: string[] = [];
  for (const variant of (await listDirs(join(dir, 'runs'))).sort()) {
    const seeds = (await listDirs(join(dir, 'runs', variant))).filter((s) => /^seed-\d+$/.test(s));
    seeds.sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
    for (const s of seeds) runs.push(join(dir, 'runs', variant, s));
  }
  return runs;
}

/** The finished runs of an experiment directory and the ones that are not (yet) finished. */
export interface ExperimentRuns {
  finished: StoredRun[];
  unfinished: string[];
  /** The experiment.json the runs were listed from (null: the folder has none); absent when not read. */
  experiment?: ExperimentFile | null;
}

/**
 * Collects an experiment directory's runs: those its experiment.json asks for (or, without one,
 * every `runs/<variant>/seed-<n>` directory), each checked whole (see `inspectRunDirectory`). Pass
 * `experiment` when the caller holds the file already (it is then not read again).
 * Unfinished runs (no result yet) are listed, not summarised; a damaged run stops with its
 * DamagedRunError (exit code 2), naming the file and how to repair it: it is never left out.
 *
 * @example
 * const { finished, unfinished } = await collectExperimentRuns('reports/mnist');
 */
export async function collectExperimentRuns(dir: string, options: { experiment?: ExperimentFile | null } = {}): Promise<ExperimentRuns> {
  const experiment = options.experiment !== undefined ? options.experiment : await readExperimentFile(dir);
  const dirs =
    experiment === null
      ? await scanRunDirs(dir)
      : experimentRuns(experiment).map((run) => join(dir, 'runs', run.variant, `seed-${run.seed}`));
  const finished: StoredRun[] = [];
  const unfinished: string[] = [];
  for (const runDir of dirs) {
    const state = await inspectRunDirectory(runDir);
    if (state.state === 'damaged') throw state.error;
    if (state.state === 'unfinished') unfinished.push(runDir);
    else finished.push(state.run);
  }
  return { finished, unfinished, experiment };
}

/**
 * The summary of an experiment directory: what `reproduce --out DIR` writes to DIR/summary.json
 * and `analyze DIR --json` prints (the same code path, so the same document), for the seed
 * question's spec over the variants of its finished runs. Pass `runs` when the caller has already
 * collected them, so the run files (and experiment.json) are not read twice.
 *
 * @example
 * const summary = await summarizeExperiment('reports/mnist');
 * summary.variants.map((v) => v.testLoss.mean);
 */
export async function summarizeExperiment(dir: string, options: { edgeWidth?: number; runs?: ExperimentRuns } = {}): Promise<Summary> {
  const runs = options.runs ?? (await collectExperimentRuns(dir));
  const experiment = runs.experiment !== undefined ? runs.experiment : await readExperimentFile(dir);
  const { finished } = runs;
  // Run directories are recorded relative to the experiment, so the document does not depend on where it was built.
  const records = finished.map((run) => toRunRecord(run, relative(dir, run.runDir)));
  const spec = seedQuestionSpec({
    dataset: finished[0]?.config.dataset ?? experiment?.dataset ?? 'unknown',
    variants: finished.map((run) => run.config.variant),
    edgeWidth: options.edgeWidth ?? experiment?.edgeWidth ?? DEFAULT_EDGE_WIDTH,
  });
  return buildSummary(records, spec, {
    // Every command that added runs to the directory, one per line, so adding ablations keeps the original command.
    command: experiment === null ? null : experiment.commands?.join('\n') ?? experiment.command,
  });
}

/** Serialises a summary exactly as summary.json holds it (defined beside the summary's types). */
export { formatSummaryJson } from '../summary/summary-json.js';
