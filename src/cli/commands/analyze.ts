import { Command } from 'commander';
import { resolve } from 'node:path';
import { formatSummaryJson, summarizeExperiment } from '../../reproduce/summarize-experiment.js';
import { fmtValue } from '../../report/format.js';
import type { Summary } from '../../summary/types.js';
import { writeLine, type CliIo } from '../io.js';
import { parseEdgeWidth } from '../parse-options.js';
import { analyzeOpenFolder, isOpenExperimentFolder } from './analyze-open.js';
import { describeSummary, requireFinishedRuns } from './shared.js';
import { DEFAULT_EDGE_WIDTH } from '../../analysis/regions.js';

/** Region means per variant as aligned text. */
function regionTable(io: CliIo, summary: Summary): void {
  writeLine(io.stdout);
  writeLine(io.stdout, `${'variant'.padEnd(14)}${'region'.padEnd(10)}${'pixels'.padStart(8)}${'mean loss'.padStart(12)}${'contribution'.padStart(14)}${'floor'.padStart(10)}`);
  for (const v of summary.variants) {
    for (const r of v.regions) {
      writeLine(
        io.stdout,
        `${v.variant.padEnd(14)}${r.region.padEnd(10)}${String(r.pixels).padStart(8)}${fmtValue(r.meanLoss.mean).padStart(12)}${fmtValue(r.contribution.mean).padStart(14)}${(r.floor === null ? '–' : fmtValue(r.floor.mean)).padStart(10)}`,
      );
    }
  }
}

/** `analyze`: the summary of an experiment directory, as tables or as summary.json's document. */
export function analyzeCommand(io: CliIo): Command {
  return new Command('analyze')
    .description('Summarise the finished runs of an experiment directory: losses, regions, gap terms, tests.')
    .argument('<dir>', 'experiment directory: the --out of reproduce, or a folder with a manifest.json of another framework\'s runs (docs/open-format.md)')
    .option('--json', 'print the summary.json document')
    .option('--edge-width <r>', `width of the original edge ring (default: the experiment's, ${DEFAULT_EDGE_WIDTH})`)
    .addHelpText('after', '\nExamples:\n  $ boundary-effects analyze reports/mnist\n  $ boundary-effects analyze reports/mnist --json > summary.json\n  $ boundary-effects analyze my-pytorch-experiment --json   # a folder with manifest.json and .npy files')
    .action(async (dir: string, flags: { json?: boolean; edgeWidth?: string }) => {
      // Options first: a bad --edge-width is reported before any file is read.
      if (flags.edgeWidth !== undefined) parseEdgeWidth(flags.edgeWidth);
      // An open-format folder (manifest.json + NumPy files from any framework): docs/open-format.md.
      if (isOpenExperimentFolder(resolve(dir))) {
        return analyzeOpenFolder(io, resolve(dir), { json: flags.json === true }, (summary) => {
          describeSummary(io, summary);
          regionTable(io, summary);
        });
      }
      const runs = await requireFinishedRuns(resolve(dir), io);
      const summary = await summarizeExperiment(resolve(dir), {
        runs,
        ...(flags.edgeWidth === undefined ? {} : { edgeWidth: parseEdgeWidth(flags.edgeWidth) }),
      });
      if (flags.json === true) {
        io.stdout.write(formatSummaryJson(summary));
        return;
      }
      describeSummary(io, summary);
      regionTable(io, summary);
    });
}
