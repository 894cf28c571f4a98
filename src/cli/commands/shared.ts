import { Option } from 'commander';
import { relative } from 'node:path';
import { DATASET_NAMES } from '../../data/datasets.js';
import { collectExperimentRuns, type ExperimentRuns } from '../../reproduce/summarize-experiment.js';
import type { Summary } from '../../summary/types.js';
import { UsageError } from '../exit-codes.js';
import { requireFolder } from '../../fs/require-folder.js';
import { writeLine, type CliIo } from '../io.js';

/** `--dataset`, shared by the commands that load data. */
export function datasetOption(): Option {
  return new Option('--dataset <name>', 'dataset').choices(DATASET_NAMES).default('mnist');
}

/** `--backend`, shared by the commands that train. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend (auto: native TensorFlow if installed, else wasm, else cpu)')
    .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
    .default('auto');
}

const fmt = (x: number): string => x.toFixed(4);
const ci = (c: [number, number] | null): string => (c === null ? '' : ` [${fmt(c[0])}, ${fmt(c[1])}]`);

/** A few plain lines with the headline numbers of a summary. */
export function describeSummary(io: CliIo, summary: Summary): void {
  for (const v of summary.variants) {
    writeLine(io.stdout, `${v.variant.padEnd(14)} test loss ${fmt(v.testLoss.mean)}${ci(v.testLoss.ci95)} (n = ${v.testLoss.n}), entropy floor ${fmt(v.entropyFloor.mean)}`);
  }
  for (const c of summary.comparisons) {
    const parts = c.terms.map((t) => `${t.term} ${fmt(t.estimate.mean)}${ci(t.estimate.ci95)}`);
    writeLine(io.stdout, `${c.a} - ${c.b}: ${parts.join('; ')}`);
  }
}

/**
 * The runs of an experiment directory, or a UsageError when it has no finished run to summarise
 * (a wrong or empty directory) instead of an unexpected-failure stack trace. With `io`, lists the
 * unfinished runs on stderr; a damaged run throws its DamagedRunError (exit code 2).
 *
 * @example
 * const runs = await requireFinishedRuns('reports/mnist');
 * await summarizeExperiment('reports/mnist', { runs });
 */
export async function requireFinishedRuns(dir: string, io?: CliIo): Promise<ExperimentRuns> {
  // A file passed as <dir> is a files error naming it, not an ENOTDIR stack trace.
  await requireFolder(dir, '<dir>');
  const runs = await collectExperimentRuns(dir);
  const { finished, unfinished } = runs;
  if (finished.length > 0) {
    // Unfinished runs are not in the summary: say so (on stderr, so that --json output stays the document).
    if (io !== undefined && unfinished.length > 0) {
      writeLine(io.stderr, `not in the summary (unfinished): ${unfinished.length} run(s): ${unfinished.map((d) => relative(dir, d)).join(', ')}`);
    }
    return runs;
  }
  throw new UsageError(
    `${dir} has no finished runs (runs/<variant>/seed-<n>/result.json)${unfinished.length > 0 ? `; ${unfinished.length} unfinished` : ''}: ` +
      `pass the --out directory of 'boundary-effects reproduce', or finish the runs with 'boundary-effects reproduce --out ${dir}' and its original settings.`,
  );
}
