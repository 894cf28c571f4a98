import { decomposeLoss, type LossDecomposition } from '../analysis/decompose.js';
import { intensityByRegion, type IntensityBreakdown } from '../analysis/intensity-region.js';
import type { RunRecord } from '../run-format/run-record.js';
import { regionsOf } from './geometry.js';

/** One run analysed: its loss map split by region and (with an intensity table) by intensity. */
export interface AnalyzedRun {
  run: RunRecord;
  /** The exact split of the map's mean over pad, edge ring and interior. */
  decomposition: LossDecomposition;
  /** The intensity table by region and bin; null when the run has no table (no clean targets). */
  intensity: IntensityBreakdown | null;
}

/**
 * Stage 1 of the summary: one run's loss map split exactly by region (pad, edge ring of width
 * `edgeWidth`, interior) and, when it has an intensity table, by region and intensity bin.
 *
 * @example
 * const analysed = analyzeRun(record, 2);
 * analysed.decomposition.regions.map((r) => r.name); // ['pad', 'edge', 'interior']
 */
export function analyzeRun(run: RunRecord, edgeWidth: number): AnalyzedRun {
  const regions = regionsOf(run.lossMap, edgeWidth, run.source);
  return {
    run,
    decomposition: decomposeLoss(run.lossMap.values, regions),
    intensity: run.intensity === null ? null : intensityByRegion(run.intensity, regions),
  };
}
