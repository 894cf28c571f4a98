import { Option } from 'commander';
import { relative } from 'node:path';
import { DATASET_NAMES } from '../../data/datasets.js';
import { collectExperimentRuns, type ExperimentRuns } from '../../reproduce/summarize-experiment.js';
import { TERM_WORDS } from '../../report/experiment.js';
import { CUT_NOTE, fmtEstimate, fmtLossEstimate, fmtValue, nonNegativeInterval } from '../../report/format.js';
import type { Summary } from '../../summary/types.js';
import { DEFAULT_PAIRING, PAIRING_DESIGNS } from '../../train/pairing-design.js';
import { UsageError } from '../exit-codes.js';
import { requireFolder } from '../../fs/require-folder.js';
import { writeLine, type CliIo } from '../io.js';

/** `--dataset`, shared by the commands that load data. */
export function datasetOption(): Option {
  return new Option('--dataset <name>', 'dataset').choices(DATASET_NAMES).default('mnist');
}

/** `--pairing`, shared by the commands that train. */
export function pairingOption(): Option {
  return new Option('--pairing <design>', 'random streams variants share with a seed: initial weights (default); + shuffles (runs without a recorded design); + the noise on the original pixels')
    .choices([...PAIRING_DESIGNS])
    .default(DEFAULT_PAIRING);
}

/** `--backend`, shared by the commands that train. */
export function backendOption(): Option {
  return new Option('--backend <name>', 'tfjs backend (auto: native TensorFlow if installed, else wasm, else cpu)')
    .choices(['auto', 'tensorflow', 'wasm', 'cpu'])
    .default('auto');
}

/**
 * A few plain lines with the headline numbers of a summary, formatted as the report formats them:
 * decimals from each CI's width (a term of 0.000035 does not print as 0.0000), a loss's CI never
 * below 0, terms signed as parts of the gap a − b (positive when b's loss is lower).
 */
export function describeSummary(io: CliIo, summary: Summary): void {
  for (const v of summary.variants) {
    writeLine(io.stdout, `${v.variant.padEnd(14)} test loss ${fmtLossEstimate(v.testLoss)} (n = ${v.testLoss.n}), ${v.entropyFloor === null ? 'no entropy floor' : `entropy floor ${fmtValue(v.entropyFloor.mean)}`}`);
  }
  if (summary.comparisons.length > 0) writeLine(io.stdout, 'gap = L(a) − L(b), split into terms that are positive when they lower b\'s loss; mean [95% CI] over paired seeds:');
  for (const c of summary.comparisons) {
    const parts = c.terms.map((t) => `${TERM_WORDS[t.term]} ${fmtEstimate(t.estimate.mean, t.estimate.ci95, true)}`);
    writeLine(io.stdout, `${c.a} − ${c.b}: ${parts.join('; ')}`);
  }
  if ([...summary.variants.map((v) => v.testLoss)].some((e) => nonNegativeInterval(e)?.kind === 't-cut-at-0')) writeLine(io.stdout, CUT_NOTE);
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
