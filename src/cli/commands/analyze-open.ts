import { existsSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE, analyzeOpenExperiment, readOpenExperiment, summarizeOpenExperiment, summaryBlocker, type OpenExperiment } from '../../open-format/index.js';
import { formatSummaryJson } from '../../reproduce/summarize-experiment.js';
import type { Summary } from '../../summary/types.js';
import { writeLine, type CliIo } from '../io.js';

/**
 * True when `dir` is an open-format experiment folder (it holds a `manifest.json`), not a `reproduce` directory.
 *
 * @example
 * isOpenExperimentFolder('examples/pytorch/out'); // true when manifest.json is there
 */
export function isOpenExperimentFolder(dir: string): boolean {
  return existsSync(path.join(dir, MANIFEST_FILE));
}

/**
 * `analyze <dir>` on an open-format folder. When the summary can be built (any geometry and loss) it prints summary.json's document (`--json`) or the same tables as for the tool's own runs, through the
 * same pipeline (`describe` prints them). Otherwise it prints the exact region split of every run and the gap terms of
 * every paired seed, and says why there is no summary.
 *
 * @example
 * await analyzeOpenFolder(io, 'examples/pytorch/out', { json: false }, (summary) => describeSummary(io, summary));
 */
export async function analyzeOpenFolder(io: CliIo, dir: string, options: { json: boolean }, describe: (summary: Summary) => void): Promise<void> {
  const experiment = await readOpenExperiment(dir);
  const blocker = summaryBlocker(experiment);
  if (blocker === null) {
    const summary = summarizeOpenExperiment(experiment);
    if (options.json) io.stdout.write(formatSummaryJson(summary));
    else {
      writeLine(io.stdout, experiment.description.question);
      writeLine(io.stdout, dataLine(experiment));
      describe(summary);
    }
    return;
  }
  printOpenSplit(io, experiment, options, blocker);
}

/** The data, the loss (and why it has no floor, for mse/l1) and the edge ring, in one line. */
function dataLine(experiment: OpenExperiment): string {
  const d = experiment.description;
  return `${d.dataset.label}; loss ${d.loss}${d.lossFloor.kind === null ? ` (no floor: ${d.lossFloor.reason})` : ''}; edge ring ${d.edgeWidth} px`;
}

/**
 * The tables (or JSON) of an experiment the summary cannot cover: regions per run and gap terms per paired seed.
 *
 * @example
 * printOpenSplit(io, experiment, { json: false }, "the loss is 'l1': ...");
 */
export function printOpenSplit(io: CliIo, experiment: OpenExperiment, options: { json: boolean }, blocker: string): void {
  const analysis = analyzeOpenExperiment(experiment);
  if (options.json) {
    const regions = analysis.regions.map((r) => ({
      variant: r.variant,
      seed: r.seed,
      testLoss: r.finalTestLoss,
      regions: r.decomposition.regions.map(({ name, count, mean, contribution }) => ({ region: name, pixels: count, meanLoss: mean, contribution })),
    }));
    const comparisons = analysis.comparisons.map((c) => ({
      a: c.a,
      b: c.b,
      label: c.label,
      pairs: c.pairs.map(({ seed, gap }) => ({
        seed,
        gap: gap.gap,
        samePixelEdge: gap.samePixelEdge,
        samePixelInterior: gap.samePixelInterior,
        samePixel: gap.samePixel,
        dilution: gap.dilution,
      })),
    }));
    io.stdout.write(`${JSON.stringify({ experiment: experiment.description, summary: null, summaryUnavailable: blocker, regions, comparisons }, null, 2)}\n`);
    return;
  }
  const d = experiment.description;
  writeLine(io.stdout, d.question);
  writeLine(io.stdout, dataLine(experiment));
  writeLine(io.stdout, `No summary statistics: ${blocker}.`);
  writeLine(io.stdout);
  writeLine(io.stdout, `${'variant'.padEnd(14)}${'seed'.padStart(6)}${'region'.padStart(10)}${'pixels'.padStart(8)}${'mean loss'.padStart(12)}${'contribution'.padStart(14)}`);
  for (const r of analysis.regions) {
    for (const g of r.decomposition.regions) {
      if (g.count === 0) continue;
      writeLine(
        io.stdout,
        `${r.variant.padEnd(14)}${String(r.seed).padStart(6)}${g.name.padStart(10)}${String(g.count).padStart(8)}${(g.mean ?? 0).toFixed(4).padStart(12)}${g.contribution.toFixed(4).padStart(14)}`,
      );
    }
  }
  for (const c of analysis.comparisons) {
    writeLine(io.stdout);
    writeLine(io.stdout, `${c.label}: gap = edge + interior same-pixel change + dilution, per paired seed`);
    for (const { seed, gap } of c.pairs) {
      writeLine(
        io.stdout,
        `  seed ${seed}: ${gap.gap.toFixed(5)} = ${gap.samePixelEdge.toFixed(5)} + ${gap.samePixelInterior.toFixed(5)} + ${gap.dilution.toFixed(5)}`,
      );
    }
  }
}
