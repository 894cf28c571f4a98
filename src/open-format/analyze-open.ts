import { decomposeLoss, type LossDecomposition } from '../analysis/decompose.js';
import { decomposeGap, type GapDecomposition } from '../analysis/gap.js';
import { imageRegionMasks } from '../analysis/image-geometry.js';
import type { RunRecord } from '../run-format/run-record.js';
import type { OpenExperiment } from './read-experiment.js';
import { OpenFormatError } from './errors.js';

/** Region decomposition of one run's loss map (pad / edge / interior, exact). */
export interface OpenRunRegions {
  variant: string;
  seed: number;
  finalTestLoss: number;
  decomposition: LossDecomposition;
}

/** Per comparison, the exact gap decomposition of every paired seed. */
export interface OpenComparisonGaps {
  a: string;
  b: string;
  label: string;
  pairs: Array<{ seed: number; gap: GapDecomposition }>;
}

/** Region and gap decompositions of an open-format experiment (the numbers the summary's statistics start from). */
export interface OpenExperimentAnalysis {
  regions: OpenRunRegions[];
  comparisons: OpenComparisonGaps[];
}

function mapOf(r: RunRecord) {
  const { height, width, pads, values } = r.lossMap;
  return { map: values, height, width, pads, lossRegion: r.lossRegion };
}

/**
 * Splits every run's loss into pad, edge and interior and every comparison's gap, seed by seed over the paired seeds,
 * into same-pixel change (edge + interior) and dilution, with the manifest's edge width.
 *
 * @example
 * const analysis = analyzeOpenExperiment(await readOpenExperiment('examples/pytorch/out'));
 * analysis.comparisons[0].pairs.map((p) => p.gap.dilution);
 */
export function analyzeOpenExperiment(experiment: OpenExperiment): OpenExperimentAnalysis {
  const { edgeWidth } = experiment.description;
  const regions = experiment.runs.map((r) => ({
    variant: r.variant,
    seed: r.seed,
    finalTestLoss: r.finalTestLoss,
    decomposition: decomposeLoss(
      r.lossMap.values,
      imageRegionMasks({ height: r.lossMap.height, width: r.lossMap.width, pads: r.lossMap.pads, edgeWidth }),
    ),
  }));
  const find = (variant: string, seed: number): RunRecord => {
    const run = experiment.runs.find((r) => r.variant === variant && r.seed === seed);
    if (run === undefined) throw new OpenFormatError('reference', `${variant}/${seed}`, `no run for a paired seed (a bug of the package: report it with this message).`);
    return run;
  };
  const comparisons = experiment.description.comparisons.map((c) => ({
    a: c.a,
    b: c.b,
    label: c.label,
    pairs: c.pairedSeeds.map((seed) => ({ seed, gap: decomposeGap(mapOf(find(c.a, seed)), mapOf(find(c.b, seed)), { edgeWidth }) })),
  }));
  return { regions, comparisons };
}
