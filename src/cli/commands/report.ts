import { Command } from 'commander';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SUMMARY_FILE } from '../../reproduce/experiment-file.js';
import { formatSummaryJson, summarizeExperiment } from '../../reproduce/summarize-experiment.js';
import { writeFileAtomic } from '../../fs/atomic-file.js';
import { writeReport } from '../../report/index.js';
import type { Summary } from '../../summary/types.js';
import { writeLine, type CliIo } from '../io.js';
import { readOpenExperiment, summarizeOpenExperiment } from '../../open-format/index.js';
import { isOpenExperimentFolder } from './analyze-open.js';
import { requireFinishedRuns } from './shared.js';

async function readSummary(dir: string): Promise<Summary | null> {
  try {
    return JSON.parse(await readFile(join(dir, SUMMARY_FILE), 'utf8')) as Summary;
  } catch {
    return null;
  }
}

/** `report`: the HTML report and paper exports of an experiment directory. */
export function reportCommand(io: CliIo): Command {
  return new Command('report')
    .description('Write report.html, figures/ and tables/ from an experiment directory\'s summary.json (rebuilt from its finished runs, and rewritten, when missing or with --rebuild).')
    .argument('<dir>', 'experiment directory (the --out of reproduce)')
    .option('--out <dir>', 'where to write the report (default: <dir>)')
    .option('--rebuild', 'rebuild the summary from the runs even when summary.json exists')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects report reports/mnist\n  $ boundary-effects report reports/mnist --out /tmp/mnist-report')
    .action(async (dir: string, flags: { out?: string; rebuild?: boolean }) => {
      const root = resolve(dir);
      let summary = flags.rebuild === true ? null : await readSummary(root);
      const out = resolve(flags.out ?? root);
      if (summary === null) {
        // An open-format folder (manifest.json + NumPy files) is summarised through the same pipeline.
        summary = isOpenExperimentFolder(root)
          ? summarizeOpenExperiment(await readOpenExperiment(root))
          : await summarizeExperiment(root, { runs: await requireFinishedRuns(root, io) });
        // The report is drawn from this summary, so summary.json beside it must be the same document.
        await mkdir(out, { recursive: true });
        await writeFileAtomic(join(out, SUMMARY_FILE), formatSummaryJson(summary));
        writeLine(io.stdout, `summary: ${join(out, SUMMARY_FILE)}`);
      }
      await writeReport(summary, out);
      writeLine(io.stdout, `report: ${join(out, 'report.html')}`);
    });
}
