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
    variants: description.variants.map((v) => ({ name: v.id, height: v.height, width: v.width, pads: { ...v.pads }, padMode: v.padMode, lossRegion: v.lossRegion, channels: v.channels })),
    comparisons: description.comparisons.map(({ a, b }) => ({ a, b })),
    unpaddedReference: description.reference,
    referenceLosses: quoted.length === 0 ? null : Object.fromEntries(quoted.map((r) => [r.variant, r.value])),
    edgeWidth: description.edgeWidth,
  };
}

/**
 * Why the summary cannot be built for an open-format experiment, or null when it can. Any geometry and loss
 * is summarised now (floors are null with a reason for mse/l1 or without targets); nothing blocks it so far,
 * and the function stays so callers keep one place to ask.
 *
 * @example
 * summaryBlocker(experiment); // null
 */
export function summaryBlocker(experiment: OpenExperiment): string | null {
  return experiment.runs.length === 0 ? 'the experiment has no runs' : null;
}

/**
 * The summary.json document of an open-format experiment (the same pipeline, statistics and document as the
 * tool's own runs), with the manifest's question, dataset label, loss and variant labels in `experiment`.
 * Any geometry (height x width, pads per side, channels) and loss: a loss without a floor (mse, l1), runs without
 * clean targets or without a final training loss give null floors / training losses with the reason in the
 * variant's `unavailable`, never 0.
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
