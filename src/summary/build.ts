import { decomposeLoss, type LossDecomposition } from '../analysis/decompose.js';
import { decomposeGap, type GapDecomposition } from '../analysis/gap.js';
import { intensityByRegion, type IntensityBreakdown } from '../analysis/intensity-region.js';
import { measurePadCost, predictPaddedLoss } from '../analysis/predict.js';
import { regionMasks } from '../analysis/regions.js';
import { comparePaired } from '../stats/compare-paired.js';
import { holmAdjust } from '../stats/holm.js';
import { BoundaryEffectsError } from '../errors.js';
import type { RunConfig } from '../train/config.js';
import { scoredTestLoss } from '../train/history.js';
import { resultTestLoss } from '../train/run-files.js';
import { packageInfo } from '../version.js';
import { estimate, meanOfArrays } from './estimate.js';
import type { RunArtifacts } from './run-artifacts.js';
import type {
  ComparisonSummary,
  CurvePoint,
  GapTermSummary,
  IntensityBinSummary,
  PairedTestSummary,
  PredictionSummary,
  RegionName,
  RegionSummary,
  Summary,
  VariantSummary,
} from './types.js';

/** The seed question's reported final losses. */
export const SEED_REFERENCE = { baseline28: 0.099, edge32: 0.075 } as const;

/** Runs that cannot be summarised together (different settings, missing baseline...). */
export class SummaryError extends BoundaryEffectsError<'summary'> {
  constructor(message?: string, options?: ErrorOptions) {
    super('SummaryError', 'summary', message ?? '', options);
  }
}

export interface BuildSummaryOptions {
  /** Width r of the original image's edge ring (default 2). */
  edgeWidth?: number;
  /** Pairs [a, b] to compare (default: baseline28 against every other variant, and edge32-masked against edge32). */
  comparisons?: Array<[string, string]>;
  /** The command line that produced the runs, kept in the provenance. */
  command?: string | null;
  /** Bootstrap resamples per paired test (default 10,000). */
  resamples?: number;
}

/** One run analysed: its loss map split by region and by intensity. */
interface AnalysedRun {
  run: RunArtifacts;
  seed: number;
  map: Float64Array;
  decomposition: LossDecomposition;
  intensity: IntensityBreakdown;
}

const SHARED_SETTINGS = ['dataset', 'epochs', 'batchSize', 'noiseFactor', 'trainSize', 'testSize'] as const satisfies ReadonlyArray<keyof RunConfig>;
const REGIONS: RegionName[] = ['interior', 'edge', 'pad'];

function checkSharedSettings(runs: readonly RunArtifacts[]): void {
  const first = runs[0].config;
  for (const run of runs) {
    for (const setting of SHARED_SETTINGS) {
      if (run.config[setting] !== first[setting]) {
        throw new SummaryError(
          `runs differ in ${setting}: ${run.runDir} has ${JSON.stringify(run.config[setting])}, ` +
            `${runs[0].runDir} has ${JSON.stringify(first[setting])}; summarise runs of one experiment only.`,
        );
      }
    }
  }
}

function analyseRun(run: RunArtifacts, edgeWidth: number): AnalysedRun {
  const { lossMap } = run;
  const regions = regionMasks({ size: lossMap.height, pad: lossMap.pad, edgeWidth });
  const map = Float64Array.from(lossMap.values);
  return {
    run,
    seed: run.config.seed,
    map,
    decomposition: decomposeLoss(map, regions),
    intensity: intensityByRegion(run.table, regions),
  };
}

/** Variants in a stable order: the seed's two first, then as they appear. */
function orderVariants(names: Iterable<string>): string[] {
  const unique = [...new Set(names)];
  const rank = (name: string): number => (name === 'baseline28' ? 0 : name === 'edge32' ? 1 : 2);
  return unique.map((name, i) => ({ name, i })).sort((a, b) => rank(a.name) - rank(b.name) || a.i - b.i).map((x) => x.name);
}

function regionOf(run: AnalysedRun, region: RegionName) {
  return run.decomposition.regions.find((r) => r.name === region);
}

function summariseRegions(runs: readonly AnalysedRun[], seeds: number[]): RegionSummary[] {
  return REGIONS.flatMap((region): RegionSummary[] => {
    const parts = runs.map((r) => regionOf(r, region));
    const first = parts[0];
    if (first === undefined || first.count === 0) return [];
    const floors = runs.map((r) => r.intensity.byRegion.find((g) => g.region === region)?.meanFloor ?? 0);
    return [
      {
        region,
        pixels: first.count,
        weight: first.weight,
        meanLoss: estimate(parts.map((p) => p?.mean ?? 0), seeds),
        contribution: estimate(parts.map((p) => p?.contribution ?? 0), seeds),
        floor: estimate(floors, seeds),
      },
    ];
  });
}

function summariseIntensity(runs: readonly AnalysedRun[], seeds: number[]): IntensityBinSummary[] {
  const first = runs[0].intensity;
  const rows: IntensityBinSummary[] = [];
  first.bins.forEach((bin, b) => {
    const all = runs.map((r) => r.intensity.byBin[b]);
    if (all[0].count > 0) {
      rows.push({
        bin: bin.label,
        region: 'all',
        pixels: all[0].count,
        meanLoss: estimate(all.map((g) => g.meanLoss ?? 0), seeds),
        meanFloor: estimate(all.map((g) => g.meanFloor ?? 0), seeds),
        meanExcess: estimate(all.map((g) => g.meanExcess ?? 0), seeds),
        share: estimate(all.map((g) => g.share), seeds),
      });
    }
    first.regions.forEach((regionName, r) => {
      const cells = runs.map((run) => run.intensity.cells[r * first.bins.length + b]);
      if (cells[0].count === 0 || !REGIONS.includes(regionName as RegionName)) return;
      const regionTotals = runs.map((run) => run.intensity.byRegion[r].lossContribution);
      rows.push({
        bin: bin.label,
        region: regionName as RegionName,
        pixels: cells[0].count,
        meanLoss: estimate(cells.map((c) => c.meanLoss ?? 0), seeds),
        meanFloor: estimate(cells.map((c) => c.meanFloor ?? 0), seeds),
        meanExcess: estimate(cells.map((c) => c.meanExcess ?? 0), seeds),
        // Share of the region's own loss, so each region's bins add up to 1.
        share: estimate(cells.map((c, i) => (regionTotals[i] > 0 ? c.lossContribution / regionTotals[i] : 0)), seeds),
      });
    });
  });
  return rows;
}

function summariseCurves(runs: readonly AnalysedRun[], seeds: number[]): CurvePoint[] {
  const epochs = Math.min(...runs.map((r) => r.run.history.length));
  return Array.from({ length: epochs }, (_, e) => ({
    epoch: e + 1,
    trainLoss: estimate(runs.map((r) => r.run.history[e].trainLoss), seeds),
    testLoss: estimate(runs.map((r) => scoredTestLoss(r.run.history[e], r.run.result.variant.lossRegion)), seeds),
  }));
}

/** A run's final test loss over the pixels its training loss counts. */
const finalScoredTestLoss = (run: AnalysedRun): number => resultTestLoss(run.run.result);

/**
 * A run's entropy floor and excess over the pixels its loss counts: all pixels, or for a `-masked`
 * variant the original ones (the regions other than the pad), so that floor + excess = its test loss.
 */
function scoredFloorAndExcess(run: AnalysedRun): { floor: number; excess: number } {
  const { intensity } = run;
  if (run.run.result.variant.lossRegion === 'all') return { floor: intensity.meanFloor, excess: intensity.meanExcess };
  const scored = intensity.byRegion.filter((r) => r.region !== 'pad' && r.count > 0);
  const count = scored.reduce((sum, r) => sum + r.count, 0);
  const floor = scored.reduce((sum, r) => sum + r.count * (r.meanFloor ?? 0), 0) / count;
  const excess = scored.reduce((sum, r) => sum + r.count * (r.meanExcess ?? 0), 0) / count;
  return { floor, excess };
}

/** Share of pad target pixels whose clean value is not exactly 0 (from the intensity table). */
function padNonZeroShare(run: AnalysedRun): number | null {
  const { intensity } = run;
  const r = intensity.regions.indexOf('pad');
  if (r < 0) return null;
  const padCount = intensity.byRegion[r].count;
  if (padCount === 0) return null;
  const zeroBin = intensity.bins.findIndex((bin) => bin.lo === 0 && bin.hi === 0);
  const zeros = zeroBin < 0 ? 0 : intensity.cells[r * intensity.bins.length + zeroBin].count;
  return 1 - zeros / padCount;
}

function summariseVariant(name: string, runs: AnalysedRun[]): VariantSummary {
  const seeds = runs.map((r) => r.seed);
  const { variant } = runs[0].run.result;
  const scored = runs.map(scoredFloorAndExcess);
  const losses = runs.map(finalScoredTestLoss);
  const first = runs[0].run.samples;
  return {
    variant: name,
    size: variant.size,
    pad: variant.pad,
    padMode: variant.pad === 0 ? 'none' : variant.padMode,
    lossRegion: variant.lossRegion,
    seeds,
    backends: runs.map((r) => r.run.result.backend),
    finalTrainLoss: estimate(runs.map((r) => r.run.result.finalTrainLoss), seeds),
    testLoss: estimate(losses, seeds),
    originalLoss: estimate(runs.map((r) => r.run.result.finalTestLossOriginal), seeds),
    entropyFloor: estimate(scored.map((x) => x.floor), seeds),
    excess: estimate(scored.map((x) => x.excess), seeds),
    regions: summariseRegions(runs, seeds),
    intensity: summariseIntensity(runs, seeds),
    curves: summariseCurves(runs, seeds),
    padNonZeroShare: padNonZeroShare(runs[0]),
    meanLossMap: meanOfArrays(runs.map((r) => r.map)),
    samples: first.samples.map((s) => ({
      index: s.index,
      seed: runs[0].seed,
      size: first.size,
      noisy: s.noisy,
      output: s.output,
      target: s.target,
    })),
    trainSeconds: runs.map((r) => r.run.result.trainSeconds),
  };
}

function pairedTest(quantity: string, a: number[], b: number[], resamples: number): PairedTestSummary {
  const c = comparePaired(a, b, { resamples });
  return {
    quantity,
    n: c.n,
    meanDifference: c.meanDifference,
    ci95: c.ci,
    t: c.tTest.p === null ? null : c.tTest.t,
    df: c.tTest.p === null ? null : c.tTest.df,
    pT: c.tTest.p,
    wilcoxonV: c.wilcoxon.p === null ? null : c.wilcoxon.statistic,
    pWilcoxon: c.wilcoxon.p,
    wilcoxonMethod: c.wilcoxon.method,
    pHolm: null,
    dz: c.effectSize.cohensDz,
    gAv: c.effectSize.hedgesGav,
    bootstrapCi95: c.bootstrap?.bca ?? c.bootstrap?.percentile ?? null,
    notes: c.notes,
  };
}

/** The per-seed pairs whose differences are the gap terms of one seed's decomposition. */
function gapTermPairs(gaps: GapDecomposition[]): Record<GapTermSummary['term'], [number[], number[]]> {
  const wEdge = gaps.map((g) => g.edgePixels / g.originalPixels);
  const wInterior = gaps.map((g) => g.interiorPixels / g.originalPixels);
  return {
    gap: [gaps.map((g) => g.a.loss), gaps.map((g) => g.b.loss)],
    samePixel: [gaps.map((g) => g.a.original), gaps.map((g) => g.b.original)],
    samePixelEdge: [gaps.map((g, i) => wEdge[i] * (g.a.edge ?? 0)), gaps.map((g, i) => wEdge[i] * (g.b.edge ?? 0))],
    samePixelInterior: [
      gaps.map((g, i) => wInterior[i] * (g.a.interior ?? 0)),
      gaps.map((g, i) => wInterior[i] * (g.b.interior ?? 0)),
    ],
    dilution: [gaps.map((g) => g.b.dilution), gaps.map((g) => g.a.dilution)],
  };
}

function compareVariants(
  aName: string,
  bName: string,
  byVariant: Map<string, AnalysedRun[]>,
  edgeWidth: number,
  resamples: number,
): ComparisonSummary | null {
  const aRuns = byVariant.get(aName) ?? [];
  const bRuns = byVariant.get(bName) ?? [];
  const pairedSeeds = aRuns.map((r) => r.seed).filter((seed) => bRuns.some((r) => r.seed === seed));
  if (pairedSeeds.length === 0) return null;
  const pick = (runs: AnalysedRun[]) => pairedSeeds.map((seed) => runs.find((r) => r.seed === seed) as AnalysedRun);
  const aPaired = pick(aRuns);
  const bPaired = pick(bRuns);
  const asVariantMap = (r: AnalysedRun) => ({
    map: r.map,
    size: r.run.lossMap.height,
    pad: r.run.lossMap.pad,
    lossRegion: r.run.result.variant.lossRegion,
  });
  const gaps = aPaired.map((a, i) => decomposeGap(asVariantMap(a), asVariantMap(bPaired[i]), { edgeWidth }));
  const pairs = gapTermPairs(gaps);
  const termNames = Object.keys(pairs) as Array<GapTermSummary['term']>;
  const termTests = termNames.map((term) => pairedTest(`gap:${term}`, pairs[term][0], pairs[term][1], resamples));
  const regionTests = (['edge', 'interior'] as const).map((region) =>
    pairedTest(`region:${region}`, gaps.map((g) => g.a[region] ?? 0), gaps.map((g) => g.b[region] ?? 0), resamples),
  );
  const testLoss = pairedTest(
    'testLoss',
    aPaired.map(finalScoredTestLoss),
    bPaired.map(finalScoredTestLoss),
    resamples,
  );
  // One family per comparison: every gap term, region and loss test, Holm-adjusted together.
  const family = [...termTests, ...regionTests, testLoss];
  holmAdjust(family.map((t) => t.pT)).forEach((p, i) => {
    family[i].pHolm = p;
  });
  const termValues: Record<GapTermSummary['term'], number[]> = {
    gap: gaps.map((g) => g.gap),
    samePixel: gaps.map((g) => g.samePixel),
    samePixelEdge: gaps.map((g) => g.samePixelEdge),
    samePixelInterior: gaps.map((g) => g.samePixelInterior),
    dilution: gaps.map((g) => g.dilution),
  };
  return {
    a: aName,
    b: bName,
    pairedSeeds,
    terms: termNames.map((term, i) => ({ term, estimate: estimate(termValues[term], pairedSeeds), test: termTests[i] })),
    tests: [...regionTests, testLoss],
  };
}

function defaultComparisons(variants: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  if (variants.includes('baseline28')) {
    for (const v of variants) if (v !== 'baseline28') pairs.push(['baseline28', v]);
  }
  if (variants.includes('edge32') && variants.includes('edge32-masked')) pairs.push(['edge32-masked', 'edge32']);
  return pairs;
}

function predictions(byVariant: Map<string, AnalysedRun[]>): PredictionSummary[] {
  const base = byVariant.get('baseline28');
  if (base === undefined) return [];
  const map28 = Float64Array.from(meanOfArrays(base.map((r) => r.map)));
  const out: PredictionSummary[] = [];
  for (const [name, runs] of byVariant) {
    const { variant } = runs[0].run.result;
    if (variant.pad === 0 || variant.lossRegion !== 'all') continue;
    const seeds = runs.map((r) => r.seed);
    const measured = estimate(runs.map((r) => r.run.result.finalTestLoss), seeds);
    const measuredPad = runs.reduce((s, r) => s + measurePadCost(r.map, variant.size, variant.pad), 0) / runs.length;
    const floorPad =
      runs.reduce((s, r) => s + (r.intensity.byRegion.find((g) => g.region === 'pad')?.meanFloor ?? 0), 0) / runs.length;
    const sources: Array<[string, number]> = [
      [`measured pad mean of ${name}`, measuredPad],
      ['entropy floor of the pad targets', floorPad],
    ];
    for (const [source, padCost] of sources) {
      const p = predictPaddedLoss({ map28, pad: variant.pad, padCost });
      out.push({ from: 'baseline28', variant: name, padCostSource: source, padCost, predicted: p.predicted, measured });
    }
  }
  return out;
}

function provenance(runs: readonly AnalysedRun[], command: string | null): Summary['provenance'] {
  const packages: Record<string, string> = {};
  const dataFiles = new Map<string, string>();
  for (const { run } of runs) {
    for (const [name, version] of Object.entries(run.environment.packages)) if (version !== null) packages[name] = version;
    for (const file of run.environment.data) dataFiles.set(file.path.split('/').pop() ?? file.path, file.sha256);
  }
  return {
    command,
    packages,
    node: runs[0].run.environment.node,
    backends: [...new Set(runs.map((r) => r.run.result.backend))],
    dataFiles: [...dataFiles].map(([file, sha256]) => ({ file, sha256 })).sort((a, b) => a.file.localeCompare(b.file)),
    runs: runs.map((r) => ({
      variant: r.run.config.variant,
      seed: r.seed,
      dir: r.run.runDir,
      backend: r.run.result.backend,
      seconds: r.run.result.trainSeconds + r.run.result.testSeconds,
    })),
  };
}

/**
 * Builds the `summary.json` document from finished runs: per variant its losses, region split,
 * intensity bins, entropy floor and curves across seeds; per compared pair the exact gap
 * decomposition with paired tests (Holm-adjusted per comparison); predictions of padded losses.
 *
 * @example
 * const runs = await Promise.all(dirs.map(readRunArtifacts));
 * const summary = buildSummary(runs, { command: 'boundary-effects reproduce --quick' });
 * summary.comparisons[0].terms.find((t) => t.term === 'dilution')?.estimate.mean;
 */
export function buildSummary(runs: readonly RunArtifacts[], options: BuildSummaryOptions = {}): Summary {
  if (runs.length === 0) throw new SummaryError('no finished runs to summarise; train some first (boundary-effects reproduce).');
  checkSharedSettings(runs);
  const edgeWidth = options.edgeWidth ?? 2;
  const resamples = options.resamples ?? 10_000;
  const analysed = runs.map((run) => analyseRun(run, edgeWidth));
  const byVariant = new Map<string, AnalysedRun[]>();
  for (const name of orderVariants(analysed.map((r) => r.run.config.variant))) {
    byVariant.set(name, analysed.filter((r) => r.run.config.variant === name).sort((a, b) => a.seed - b.seed));
  }
  const names = [...byVariant.keys()];
  const pairs = options.comparisons ?? defaultComparisons(names);
  for (const [a, b] of pairs) {
    for (const name of [a, b]) {
      if (!byVariant.has(name)) throw new SummaryError(`comparison ${a} vs ${b}: no finished runs of ${name}; have ${names.join(', ')}.`);
    }
  }
  const config = runs[0].config;
  const first = runs[0].result;
  return {
    schemaVersion: 1,
    tool: packageInfo(),
    dataset: config.dataset,
    settings: {
      epochs: config.epochs,
      batchSize: config.batchSize,
      noiseFactor: config.noiseFactor,
      trainSize: first.trainImages,
      testSize: first.testImages,
      edgeWidth,
    },
    reference: config.dataset === 'mnist' ? { ...SEED_REFERENCE } : null,
    variants: names.map((name) => summariseVariant(name, byVariant.get(name) as AnalysedRun[])),
    comparisons: pairs
      .map(([a, b]) => compareVariants(a, b, byVariant, edgeWidth, resamples))
      .filter((c): c is ComparisonSummary => c !== null),
    predictions: predictions(byVariant),
    provenance: provenance(analysed, options.command ?? null),
  };
}
