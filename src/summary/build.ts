import type { RunRecord } from '../run-format/run-record.js';
import { packageInfo } from '../version.js';
import { analyzeRun, type AnalyzedRun } from './analyze-run.js';
import { pairingOfExperiment } from './comparison-design.js';
import { compareVariants } from './compare-variants.js';
import { SummaryError } from './errors.js';
import { applyHolm } from './holm-family.js';
import { predictions } from './predictions.js';
import { provenance } from './provenance.js';
import { checkSpec, type ExperimentSpec } from './spec.js';
import { summarizeVariant } from './summarize-variant.js';
import type { Summary } from './types.js';

export { SummaryError } from './errors.js';

export interface BuildSummaryOptions {
  /** The command line that produced the runs, kept in the provenance. */
  command?: string | null;
  /** Bootstrap resamples per paired test (default 10,000). */
  resamples?: number;
}

const settingsOf = (run: RunRecord): Record<string, string | number | null> => run.training?.settings ?? {};

/**
 * Every run must have the same training settings (all but the seed, variant, backend and pairing
 * design; the design is checked per variant and comparison by {@link pairingOfExperiment}).
 */
function checkSharedSettings(runs: readonly RunRecord[], dataset: string): void {
  const first = runs[0];
  for (const run of runs) {
    const keys = new Set([...Object.keys(settingsOf(first)), ...Object.keys(settingsOf(run))]);
    for (const key of keys) {
      if (key === 'pairing') continue;
      const mine = settingsOf(run)[key];
      const theirs = settingsOf(first)[key];
      if (mine !== theirs) {
        throw new SummaryError(
          `runs differ in ${key}: ${run.source} has ${JSON.stringify(mine ?? null)}, ${first.source} has ${JSON.stringify(theirs ?? null)}; summarise runs of one experiment only.`,
        );
      }
    }
    const runDataset = settingsOf(run).dataset;
    if (runDataset !== undefined && runDataset !== dataset) {
      throw new SummaryError(`${run.source} was tested on ${JSON.stringify(runDataset)}, but the spec's dataset is ${JSON.stringify(dataset)}.`);
    }
  }
}

/** A shared numeric setting of the runs, or null when their source does not record it. */
function numericSetting(runs: readonly RunRecord[], key: string): number | null {
  const value = settingsOf(runs[0])[key];
  return typeof value === 'number' ? value : null;
}

/**
 * Builds the `summary.json` document from finished runs and an experiment spec, in four pure
 * stages: {@link analyzeRun} per run, {@link summarizeVariant} per spec variant (in the spec's
 * order), {@link compareVariants} then {@link applyHolm} per spec comparison, and the predictions
 * of the padded variants from the spec's unpadded reference. Every run must belong to a spec
 * variant and every spec variant have runs; the runs must share their training settings.
 *
 * @example
 * import { readRunDirectory, toRunRecord } from 'boundary-effects';
 * const records = await Promise.all(dirs.map(async (dir) => toRunRecord(await readRunDirectory(dir))));
 * const summary = buildSummary(records, seedQuestionSpec({ dataset: 'mnist', variants: ['baseline28', 'edge32'], edgeWidth: 2 }));
 * summary.comparisons[0].terms.find((t) => t.term === 'dilution')?.estimate.mean;
 */
export function buildSummary(runs: readonly RunRecord[], spec: ExperimentSpec, options: BuildSummaryOptions = {}): Summary {
  if (runs.length === 0) throw new SummaryError('no finished runs to summarise; train some first (boundary-effects reproduce).');
  checkSpec(spec);
  checkSharedSettings(runs, spec.dataset);
  const design = pairingOfExperiment(runs, spec.comparisons);
  const resamples = options.resamples ?? 10_000;
  for (const run of runs) {
    if (!spec.variants.some((v) => v.name === run.variant)) {
      throw new SummaryError(`${run.source} is a run of ${run.variant}, which the spec does not define (it defines ${spec.variants.map((v) => v.name).join(', ')}).`);
    }
  }
  const losses = [...new Set(runs.map((run) => run.loss))];
  if (losses.length > 1) throw new SummaryError(`the runs use different losses (${losses.join(', ')}); summarise runs of one loss only.`);
  const loss = losses[0];
  const analysed = runs.map((run) => analyzeRun(run, spec.edgeWidth));
  const byVariant = new Map<string, AnalyzedRun[]>();
  for (const v of spec.variants) {
    const own = analysed.filter((r) => r.run.variant === v.name).sort((a, b) => a.run.seed - b.run.seed);
    if (own.length === 0) throw new SummaryError(`the spec's variant ${v.name} has no finished runs; train it or leave it out of the spec.`);
    byVariant.set(v.name, own);
  }
  const runsOf = (name: string): AnalyzedRun[] => byVariant.get(name) ?? [];
  const variants = spec.variants.map((v) => summarizeVariant(v, runsOf(v.name)));
  const comparisons = spec.comparisons.map(({ a, b }) =>
    applyHolm(compareVariants({ name: a, runs: runsOf(a) }, { name: b, runs: runsOf(b) }, { edgeWidth: spec.edgeWidth, resamples })),
  );
  const notes = spec.variants.map((): string[] => []);
  const predicted =
    spec.unpaddedReference === null
      ? []
      : predictions(
          { name: spec.unpaddedReference, runs: runsOf(spec.unpaddedReference) },
          spec.variants.map((v, i) => ({ spec: v, runs: runsOf(v.name), unavailable: notes[i] })),
        );
  notes.forEach((more, i) => {
    if (more.length > 0) variants[i].unavailable = [...(variants[i].unavailable ?? []), ...more];
  });
  return {
    schemaVersion: 1,
    tool: packageInfo(),
    dataset: spec.dataset,
    // Absent for bce, so the documents of the tool's own (BCE) runs keep their bytes.
    ...(loss === 'bce' ? {} : { loss }),
    settings: {
      epochs: numericSetting(runs, 'epochs'),
      batchSize: numericSetting(runs, 'batchSize'),
      noiseFactor: numericSetting(runs, 'noiseFactor'),
      trainSize: numericSetting(runs, 'trainImages'),
      testSize: numericSetting(runs, 'testImages'),
      edgeWidth: spec.edgeWidth,
      pairing: design.pairing,
      // Only when variants differ in design, so single-design documents keep their bytes.
      ...(design.byVariant === null ? {} : { pairingByVariant: design.byVariant }),
    },
    reference: spec.referenceLosses === null ? null : { ...spec.referenceLosses },
    variants,
    comparisons,
    predictions: predicted,
    provenance: provenance(runs, options.command ?? null),
  };
}
