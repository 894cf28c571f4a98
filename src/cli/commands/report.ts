import { Command } from 'commander';
import { join, resolve } from 'node:path';
import { SUMMARY_FILE } from '../../reproduce/experiment-file.js';
import { formatSummaryJson, summarizeExperiment, type ExperimentRuns } from '../../reproduce/summarize-experiment.js';
import { writeFileAtomic } from '../../fs/atomic-file.js';
import { fontFolders, writeReport } from '../../report/index.js';
import { readSummaryDocument, type SummaryDocument } from '../../reproduce/summary-file.js';
import { withOutputFolder } from '../../fs/output-folder.js';
import { requireFolder } from '../../fs/require-folder.js';
import { writeLine, type CliIo } from '../io.js';
import { readOpenExperiment, summarizeOpenExperiment } from '../../open-format/index.js';
import { isOpenExperimentFolder } from './analyze-open.js';
import { requireFinishedRuns } from './shared.js';
import { sha256Of } from '../../run-format/manifest.js';
import { readAblations } from '../../open-format/ablation-file.js';

/** `report`: the HTML report and paper exports of an experiment directory. */
export function reportCommand(io: CliIo, commandLine: string): Command {
  return new Command('report')
    .description('Write report.html, figures/ (Vega-Lite, SVG, PDF, PNG) and tables/ (CSV, Markdown, LaTeX, numbers.tex) from an experiment directory\'s summary.json (rebuilt from its finished runs, and rewritten, when missing or with --rebuild).')
    .argument('<dir>', 'experiment directory: the --out of reproduce, or a folder with a manifest.json of another framework\'s runs (docs/open-format.md)')
    .option('--out <dir>', 'where to write the report (default: <dir>)')
    .option('--rebuild', 'rebuild the summary from the runs even when summary.json exists')
    .option('--no-pdf', 'skip the PDF figures (they embed the font Liberation Sans, which must be installed)')
    .option('--wait', 'when another process is writing into the output folder, wait for it instead of failing')
    .addHelpText('after', '\nExamples:\n  $ boundary-effects report reports/mnist\n  $ boundary-effects report reports/mnist --out /tmp/mnist-report\n  $ boundary-effects report my-pytorch-experiment   # a folder with manifest.json and .npy files')
    .action(async (dir: string, flags: { out?: string; rebuild?: boolean; wait?: boolean; pdf?: boolean }) => {
      const root = resolve(dir);
      await requireFolder(root, 'report <dir>', false);
      const out = resolve(flags.out ?? root);
      let read: SummaryDocument | null = null;
      let runs: ExperimentRuns | null = null;
      let ablations: Awaited<ReturnType<typeof readAblations>> = null;
      const check = async (): Promise<void> => {
        // Read (and checked) before anything is written: a damaged summary.json stops with exit 2.
        read = flags.rebuild === true ? null : await readSummaryDocument(root);
        runs = read === null && !isOpenExperimentFolder(root) ? await requireFinishedRuns(root, io) : null;
        // What `ablate` measured on an open-format folder's models; checked against its manifest and models before anything is written.
        ablations = isOpenExperimentFolder(root) ? await readAblations(root) : null;
      };
      const options = { command: commandLine, wait: flags.wait === true, onNotice: (text: string) => writeLine(io.stderr, text), check };
      await withOutputFolder(out, options, async () => {
        let summary = read?.summary ?? null;
        if (summary === null) {
          // An open-format folder (manifest.json + NumPy files) is summarised through the same pipeline.
          summary = isOpenExperimentFolder(root)
            ? summarizeOpenExperiment(await readOpenExperiment(root))
            : await summarizeExperiment(root, runs === null ? {} : { runs });
          // The report is drawn from this summary, so summary.json beside it must be the same document.
          await writeFileAtomic(join(out, SUMMARY_FILE), formatSummaryJson(summary));
          writeLine(io.stdout, `summary: ${join(out, SUMMARY_FILE)}`);
        }
        // The exports name the command and the summary.json they were drawn from (read or just written).
        const summarySha256 = read?.sha256 ?? sha256Of(Buffer.from(formatSummaryJson(summary)));
        await writeReport(summary, out, {
          provenance: { command: commandLine, summarySha256, ...(ablations === null ? {} : { ablationsSha256: ablations.sha256 }) },
          ...(ablations === null ? {} : { ablations: ablations.ablations }),
          skipPdf: flags.pdf === false,
          fontFolders: fontFolders(io.env),
        });
        writeLine(io.stdout, `report: ${join(out, 'report.html')}`);
      });
    });
}
