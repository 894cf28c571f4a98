import { PAIRING_DESIGNS } from '../run-format/config-file.js';
import type { RunRecord } from '../run-format/run-record.js';
import { SummaryError } from './errors.js';

/** The pairing designs from the least to the most shared: each shares every stream of the one before it. */
const DESIGN_ORDER: readonly string[] = PAIRING_DESIGNS;

/** What {@link pairingOfExperiment} finds: the design every comparison pairs under, and each variant's. */
export interface ExperimentPairing {
  /** The design every comparison's two variants share (null when the runs do not record one). */
  pairing: string | null;
  /** Each variant's design, only when the variants were trained under different designs. */
  byVariant: Record<string, string> | null;
}

/**
 * The design two variants' runs with the same seed are paired under: the less shared of their
 * two designs, since a stream is shared only when both runs draw it from the seed alone (under
 * `weights` the shuffles and noise come from streams labelled with the variant, so a `weights` run
 * shares only its initial weights with a run of any design).
 *
 * @example
 * pairedDesign('weights', 'weights+shuffles'); // 'weights'
 * pairedDesign('weights+shuffles+noise', 'weights+shuffles'); // 'weights+shuffles'
 */
export function pairedDesign(a: string, b: string): string {
  const rank = (d: string): number => DESIGN_ORDER.indexOf(d);
  return rank(a) <= rank(b) ? a : b;
}

/**
 * The pairing design of an experiment whose variants may have been trained under different
 * designs: every run of a variant must share its design, and every comparison must pair under the
 * same design (the less shared of its two variants'), or the summary could not name one; both
 * are errors that say which runs differ. Runs that record no design (open-format runs) give null.
 *
 * @example
 * // baseline28 and edge32 under 'weights', the ablation zero32 under 'weights+shuffles':
 * // every comparison with baseline28 pairs by initial weights only.
 * pairingOfExperiment(runs, [{ a: 'baseline28', b: 'edge32' }, { a: 'baseline28', b: 'zero32' }]);
 * // { pairing: 'weights', byVariant: { baseline28: 'weights', edge32: 'weights', zero32: 'weights+shuffles' } }
 */
export function pairingOfExperiment(runs: readonly RunRecord[], comparisons: ReadonlyArray<{ a: string; b: string }>): ExperimentPairing {
  const designOf = (run: RunRecord): string | null => {
    const value = run.training?.settings.pairing;
    return typeof value === 'string' ? value : null;
  };
  const recorded = runs.map(designOf);
  if (recorded.every((d) => d === null)) return { pairing: null, byVariant: null };
  const byVariant = new Map<string, { design: string | null; source: string }>();
  for (const run of runs) {
    const design = designOf(run);
    const seen = byVariant.get(run.variant);
    if (seen === undefined) byVariant.set(run.variant, { design, source: run.source });
    else if (seen.design !== design) {
      throw new SummaryError(
        `runs of ${run.variant} were trained under different pairing designs: ${run.source} under ${JSON.stringify(design)}, ${seen.source} under ${JSON.stringify(seen.design)}; the seeds of one variant must share one design (retrain them with one --pairing).`,
      );
    }
  }
  const designs = [...byVariant.values()].map((v) => v.design);
  if (designs.some((d) => d === null || !DESIGN_ORDER.includes(d))) {
    throw new SummaryError(`some runs record a pairing design and others do not (or an unknown one): ${[...byVariant].map(([v, d]) => `${v}: ${JSON.stringify(d.design)}`).join(', ')}; summarise runs of one experiment only.`);
  }
  const design = (variant: string): string => byVariant.get(variant)?.design ?? '';
  const distinct = new Set(designs);
  if (distinct.size === 1) return { pairing: designs[0] ?? null, byVariant: null };
  const all = Object.fromEntries([...byVariant].map(([v, d]) => [v, d.design ?? '']));
  if (comparisons.length === 0) return { pairing: null, byVariant: all };
  const perComparison = comparisons.map(({ a, b }) => ({ a, b, design: pairedDesign(design(a), design(b)) }));
  const shared = new Set(perComparison.map((c) => c.design));
  if (shared.size !== 1) {
    throw new SummaryError(
      `the comparisons pair their runs under different designs (${perComparison.map((c) => `${c.a} vs ${c.b}: ${c.design}`).join('; ')}); train the variants under designs that give every comparison the same one.`,
    );
  }
  return { pairing: [...shared][0], byVariant: all };
}
