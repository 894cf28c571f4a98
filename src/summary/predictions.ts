import type { AnalyzedRun } from './analyze-run.js';
import { estimate, meanOfArrays } from './estimate.js';
import { padCostOf, predictPadded } from './geometry.js';
import type { VariantSpec } from './spec.js';
import type { PredictionSummary } from './types.js';

/**
 * The padded variants' losses predicted from the unpadded reference's mean loss map (its pixels
 * keep their loss, each pad pixel costs the padded runs' measured pad mean, or the entropy floor of
 * the pad targets), beside the measured loss. Variants whose loss ignores the pad are not
 * predicted; the floor-based prediction needs intensity tables (else it is left out and the
 * variant's `unavailable` says so).
 *
 * @example
 * predictions({ name: 'baseline28', runs: base }, [{ spec: edge32Spec, runs: edge }], unavailable);
 * // [{ from: 'baseline28', variant: 'edge32', padCostSource: 'measured pad mean of edge32', ... }, ...]
 */
export function predictions(
  reference: { name: string; runs: readonly AnalyzedRun[] },
  variants: ReadonlyArray<{ spec: VariantSpec; runs: readonly AnalyzedRun[]; unavailable: string[] }>,
): PredictionSummary[] {
  const map = Float64Array.from(meanOfArrays(reference.runs.map((r) => r.run.lossMap.values)));
  const { height, width } = reference.runs[0].run.lossMap;
  const out: PredictionSummary[] = [];
  for (const { spec, runs, unavailable } of variants) {
    const padded = Object.values(spec.pads).some((p) => p > 0);
    if (!padded || spec.lossRegion !== 'all') continue;
    const seeds = runs.map((r) => r.run.seed);
    const measured = estimate(runs.map((r) => r.run.finalTestLoss), seeds);
    const measuredPad = runs.reduce((s, r) => s + padCostOf(r.run.lossMap, r.run.source), 0) / runs.length;
    const sources: Array<[string, number]> = [[`measured pad mean of ${spec.name}`, measuredPad]];
    // mse and l1 have no floor: their tables hold 0 as "no floor", which must not cost the pad.
    const noFloor = runs.find((r) => r.run.loss !== 'bce');
    const floors = runs.map((r) => (r.run.loss === 'bce' ? (r.intensity?.byRegion.find((g) => g.region === 'pad')?.meanFloor ?? null) : null));
    const knownFloors = floors.flatMap((f) => (f === null ? [] : [f]));
    if (noFloor !== undefined) unavailable.push(`prediction from ${reference.name} with the pad's entropy floor: ${noFloor.run.loss} has no entropy floor`);
    else if (knownFloors.length === runs.length) sources.push(['entropy floor of the pad targets', knownFloors.reduce((s, f) => s + f, 0) / runs.length]);
    else unavailable.push(`prediction from ${reference.name} with the pad's entropy floor: some run has no intensity table`);
    for (const [source, padCost] of sources) {
      const predicted = predictPadded({ values: map, height, width }, spec, padCost, spec.name);
      out.push({ from: reference.name, variant: spec.name, padCostSource: source, padCost, predicted, measured });
    }
  }
  return out;
}
