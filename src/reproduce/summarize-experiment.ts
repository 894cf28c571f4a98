import { readdir, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { buildSummary } from '../summary/build.js';
import { readRunArtifacts, RunArtifactsError, type RunArtifacts } from '../summary/run-artifacts.js';
import type { Summary } from '../summary/types.js';
import { runDirectory } from '../train/experiment.js';
import { RUN_FILES } from '../train/run-files.js';
import { experimentRuns, readExperimentFile } from './experiment-file.js';

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

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
    runs.push(...seeds.map((s) => join(dir, 'runs', variant, s)));
  }
  return runs;
}

/** The finished runs of an experiment directory and the ones that are not (yet) finished. */
export interface ExperimentRuns {
  finished: RunArtifacts[];
  unfinished: string[];
}

/**
 * Collects an experiment directory's runs: those its experiment.json asks for (or, without one,
 * every `runs/<variant>/seed-<n>` directory). Unfinished runs are listed, not summarised.
 *
 * @example
 * const { finished, unfinished } = await collectExperimentRuns('reports/mnist');
 */
export async function collectExperimentRuns(dir: string): Promise<ExperimentRuns> {
  const experiment = await readExperimentFile(dir);
  const dirs =
    experiment === null
      ? await scanRunDirs(dir)
      : experimentRuns(experiment).map((run) => runDirectory(dir, run));
  const finished: RunArtifacts[] = [];
  const unfinished: string[] = [];
  for (const runDir of dirs) {
    if (!(await exists(join(runDir, RUN_FILES.result)))) {
      unfinished.push(runDir);
      continue;
    }
    try {
      finished.push(await readRunArtifacts(runDir));
    } catch (error) {
      if (!(error instanceof RunArtifactsError)) throw error;
      unfinished.push(runDir);
    }
  }
  return { finished, unfinished };
}

/**
 * The summary of an experiment directory: what `reproduce --out DIR` writes to DIR/summary.json
 * and `analyze DIR --json` prints (the same code path, so the same document). Pass `runs` when the
 * caller has already collected them, so the run files are not read twice.
 *
 * @example
 * const summary = await summarizeExperiment('reports/mnist');
 * summary.variants.map((v) => v.testLoss.mean);
 */
export async function summarizeExperiment(dir: string, options: { edgeWidth?: number; runs?: ExperimentRuns } = {}): Promise<Summary> {
  const experiment = await readExperimentFile(dir);
  const { finished } = options.runs ?? (await collectExperimentRuns(dir));
  // Run directories are recorded relative to the experiment, so the document does not depend on where it was built.
  const relativeRuns = finished.map((run) => ({ ...run, runDir: relative(dir, run.runDir) }));
  return buildSummary(relativeRuns, {
    edgeWidth: options.edgeWidth ?? experiment?.edgeWidth ?? 2,
    // Every command that added runs to the directory, one per line, so adding ablations keeps the original command.
    command: experiment === null ? null : experiment.commands?.join('\n') ?? experiment.command,
  });
}

/** Serialises a summary exactly as summary.json holds it. */
export function formatSummaryJson(summary: Summary): string {
  return `${JSON.stringify(summary, null, 2)}\n`;
}
