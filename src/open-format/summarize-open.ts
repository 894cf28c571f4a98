import { buildSummary } from '../summary/build.js';
import { SummaryError } from '../summary/errors.js';
import type { ExperimentSpec } from '../summary/spec.js';
import type { Summary } from '../summary/types.js';
import { OpenFormatError } from './errors.js';
import type { OpenExperiment, OpenExperimentDescription } from './read-experiment.js';

/**
 * The summary's experiment spec of an open-format experiment: its variants (geometry, pad mode, loss region) in
 * the manifest's order, its comparisons, its unpadded reference, and the training losses it quotes as reference
 * lines (`referenceNumbers` with metric `finalTrainLoss`).
 *
 * @example
 * const spec = openExperimentSpec((await readOpenExperiment('exp')).description);
 * spec.unpaddedReference; // 'baseline28'
 */
export function openExperimentSpec(description: OpenExperimentDescription): ExperimentSpec {
  const quoted = description.referenceNumbers.filter((r) => r.metric === 'finalTrainLoss');
  return {
    dataset: description.dataset.name,
    variants: description.variants.map((v) => ({ name: v.id, height: v.height, width: v.width, pads: { ...v.pads }, padMode: v.padMode, lossRegion: v.lossRegion })),
    comparisons: description.comparisons.map(({ a, b }) => ({ a, b })),
    unpaddedReference: description.reference,
    referenceLosses: quoted.length === 0 ? null : Object.fromEntries(quoted.map((r) => [r.variant, r.value])),
    edgeWidth: description.edgeWidth,
  };
}

/**
 * Why the summary (statistics across seeds, floors, report) cannot be built for an open-format experiment, or null
 * when it can: the summary's floors are binary entropies (so `bce` only; mse and l1 have no floor), its variants are
 * square with one pad width (non-square shapes get the exact split without the summary), and it needs clean targets (intensity tables) and a final training loss per run.
 *
 * @example
 * summaryBlocker(experiment); // null, or "the loss is 'l1': l1 reaches 0 at p = t: ..."
 */
export function summaryBlocker(experiment: OpenExperiment): string | null {
  const { description } = experiment;
  if (description.lossFloor.kind === null) return `the loss is '${description.loss}': ${description.lossFloor.reason}; the summary reports floors, so it is built for 'bce' only`;
  for (const v of description.variants) {
    const { top, bottom, left, right } = v.pads;
    // summary.json's variant fields (size, pad) and the report describe square images with one pad width.
    if (v.height !== v.width || top !== bottom || top !== left || top !== right) {
      return `variant '${v.id}' is ${v.height}x${v.width} with pads ${JSON.stringify(v.pads)}, and summary.json's variants (size, pad) describe square images with the same pad on every side so far`;
    }
  }
  for (const run of experiment.runs) {
    const what = `variant '${run.variant}', seed ${run.seed}`;
    if (run.intensity === null) return `${what} gives only a loss map, and the summary needs targets and predictions (for the entropy floor and intensity bins)`;
    if (run.finalTrainLoss === null) return `${what} has no finalTrainLoss, which the summary reports beside the test loss`;
  }
  return null;
}

/**
 * The summary.json document of an open-format experiment (the same pipeline, statistics and document as the
 * tool's own runs), with the manifest's question, dataset label, loss and variant labels in `experiment`.
 * The summary's floors are binary entropies, so it needs `bce` and clean targets (an intensity table) and a final
 * training loss per run; otherwise an `OpenFormatError` says what is missing (`analyze` still prints the exact
 * region and gap split without the summary).
 *
 * @example
 * const summary = summarizeOpenExperiment(await readOpenExperiment('examples/pytorch/out'));
 * summary.comparisons[0].terms.find((t) => t.term === 'dilution')?.estimate.mean;
 */
export function summarizeOpenExperiment(experiment: OpenExperiment): Summary {
  const manifestFile = `${experiment.folder}/manifest.json`;
  const { description } = experiment;
  const blocker = summaryBlocker(experiment);
  if (blocker !== null) throw new OpenFormatError('manifest', manifestFile, `cannot be summarised: ${blocker}.`);
  let summary: Summary;
  try {
    summary = buildSummary(experiment.runs, openExperimentSpec(description));
  } catch (e) {
    if (e instanceof SummaryError) throw new OpenFormatError('manifest', manifestFile, e.message, { cause: e });
    throw e;
  }
  summary.experiment = {
    question: description.question,
    datasetLabel: description.dataset.label,
    loss: description.loss,
    labels: Object.fromEntries(description.variants.map((v) => [v.id, v.label])),
  };
  return summary;
}
