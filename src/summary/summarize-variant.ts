import { lossFloorOf } from '../analysis/pixel-loss.js';
import type { AnalyzedRun } from './analyze-run.js';
import { SummaryError } from './errors.js';
import { estimate, meanOfArrays } from './estimate.js';
import type { VariantSpec } from './spec.js';
import type { CurvePoint, Estimate, IntensityBinSummary, RegionName, RegionSummary, VariantSummary } from './types.js';

const REGIONS: readonly RegionName[] = ['interior', 'edge', 'pad'];
const isRegionName = (name: string): name is RegionName => REGIONS.some((r) => r === name);

/** A run's region of the decomposition (every run has all three; the pad may be empty). */
function regionOf(run: AnalyzedRun, region: RegionName) {
  const part = run.decomposition.regions.find((r) => r.name === region);
  if (part === undefined) throw new SummaryError(`${run.run.source}: no ${region} region in its decomposition.`);
  return part;
}

/** A value that must be present because the region or bin is not empty. */
function present(value: number | null, what: string): number {
  if (value === null) throw new SummaryError(`${what} is missing although its pixels are not empty.`);
  return value;
}

type Breakdown = NonNullable<AnalyzedRun['intensity']>;

/**
 * The runs' intensity breakdowns, or why there are none: the intensity bins need every run's
 * table (clean targets); a variant with a run without one gets no bins, never zeros.
 */
function breakdowns(runs: readonly AnalyzedRun[]): { tables: Breakdown[] } | { tables: null; reason: string } {
  const missing = runs.find((r) => r.intensity === null);
  if (missing !== undefined) return { tables: null, reason: `seed ${missing.run.seed} (${missing.run.source}) has no clean targets (intensity table)` };
  return { tables: runs.flatMap((r) => (r.intensity === null ? [] : [r.intensity])) };
}

/**
 * Why the variant's floors are not defined, or null when they are: the loss has no floor (mse, l1:
 * they reach 0 at p = t), or the runs have no intensity tables. A floor that does not exist is
 * null with this reason, never 0.
 */
function floorReason(runs: readonly AnalyzedRun[], tables: ReturnType<typeof breakdowns>): string | null {
  const kinds = [...new Set(runs.map((r) => r.run.loss))];
  if (kinds.length > 1) throw new SummaryError(`${runs[0].run.variant}: its runs use different losses (${kinds.join(', ')}); summarise runs of one loss only.`);
  const info = lossFloorOf(kinds[0]);
  if (info.kind === null) return `${kinds[0]} has no entropy floor (${info.reason})`;
  if (tables.tables === null) return `no entropy floor: ${tables.reason}`;
  return null;
}

function checkGeometry(spec: VariantSpec, runs: readonly AnalyzedRun[]): void {
  for (const { run } of runs) {
    const m = run.lossMap;
    const samePads = (['top', 'bottom', 'left', 'right'] as const).every((side) => m.pads[side] === spec.pads[side]);
    if (m.height !== spec.height || m.width !== spec.width || !samePads || run.lossRegion !== spec.lossRegion) {
      throw new SummaryError(
        `${run.source}: a ${m.height}x${m.width} map with pads ${JSON.stringify(m.pads)} and loss on ${run.lossRegion} pixels, but the spec's ` +
          `${spec.name} is ${spec.height}x${spec.width} with pads ${JSON.stringify(spec.pads)} and loss on ${spec.lossRegion} pixels.`,
      );
    }
  }
  const seeds = runs.map((r) => r.run.seed);
  const repeated = seeds.find((s, i) => seeds.indexOf(s) !== i);
  if (repeated !== undefined) throw new SummaryError(`${spec.name} has two runs with seed ${repeated}; give each seed once.`);
}

function summarizeRegions(runs: readonly AnalyzedRun[], seeds: number[], tables: Breakdown[] | null): RegionSummary[] {
  return REGIONS.flatMap((region): RegionSummary[] => {
    const parts = runs.map((r) => regionOf(r, region));
    const first = parts[0];
    if (first.count === 0) return [];
    const floor = tables === null ? null : estimate(
      tables.map((t, i) => present(t.byRegion.find((g) => g.region === region)?.meanFloor ?? null, `${runs[i].run.source}: the ${region} floor`)),
      seeds,
    );
    return [
      {
        region,
        pixels: first.count,
        weight: first.weight,
        meanLoss: estimate(parts.map((p) => present(p.mean, `the ${region} mean`)), seeds),
        contribution: estimate(parts.map((p) => p.contribution), seeds),
        floor,
      },
    ];
  });
}

function summarizeIntensity(runs: readonly AnalyzedRun[], seeds: number[], name: string, tables: Breakdown[], hasFloor: boolean): IntensityBinSummary[] {
  // A loss without a floor (mse, l1) has no floor or excess per bin: null, never the table's zeros.
  const floorOrNull = (values: Array<number | null>, what: string): Estimate | null => (hasFloor ? estimate(values.map((v) => present(v, what)), seeds) : null);
  const first = tables[0];
  const sameCounts = (counts: number[], what: string): number => {
    if (counts.some((c) => c !== counts[0])) {
      throw new SummaryError(`${name}: the seeds' intensity tables count ${counts.join(', ')} pixels in ${what}; the runs of one variant must be tested on the same images.`);
    }
    return counts[0];
  };
  const rows: IntensityBinSummary[] = [];
  first.bins.forEach((bin, b) => {
    const all = tables.map((t) => t.byBin[b]);
    const count = sameCounts(all.map((g) => g.count), `bin ${bin.label}`);
    if (count > 0) {
      rows.push({
        bin: bin.label,
        region: 'all',
        pixels: count,
        meanLoss: estimate(all.map((g) => present(g.meanLoss, `bin ${bin.label} mean loss`)), seeds),
        meanFloor: floorOrNull(all.map((g) => g.meanFloor), `bin ${bin.label} mean floor`),
        meanExcess: floorOrNull(all.map((g) => g.meanExcess), `bin ${bin.label} mean excess`),
        share: estimate(all.map((g) => g.share), seeds),
      });
    }
    first.regions.forEach((regionName, r) => {
      const cells = tables.map((t) => t.cells[r * first.bins.length + b]);
      const cellCount = sameCounts(cells.map((c) => c.count), `bin ${bin.label} of the ${regionName}`);
      if (cellCount === 0 || !isRegionName(regionName)) return;
      const regionTotals = tables.map((t) => t.byRegion[r].lossContribution);
      const where = `bin ${bin.label} of the ${regionName}`;
      rows.push({
        bin: bin.label,
        region: regionName,
        pixels: cellCount,
        meanLoss: estimate(cells.map((c) => present(c.meanLoss, `${where} mean loss`)), seeds),
        meanFloor: floorOrNull(cells.map((c) => c.meanFloor), `${where} mean floor`),
        meanExcess: floorOrNull(cells.map((c) => c.meanExcess), `${where} mean excess`),
        // Share of the region's own loss, so each region's bins add up to 1.
        share: estimate(
          cells.map((c, i) => {
            if (!(regionTotals[i] > 0)) throw new SummaryError(`${runs[i].run.source}: the ${regionName} has a total loss of ${regionTotals[i]}, so its bins have no share of it.`);
            return c.lossContribution / regionTotals[i];
          }),
          seeds,
        ),
      });
    });
  });
  return rows;
}

/**
 * Curves across seeds: every run needs a history of the same epochs. Histories of different
 * lengths are an error (never cut to the shortest); runs without a history, or with missing
 * losses in it, give no curves and a reason.
 */
function summarizeVariantCurves(runs: readonly AnalyzedRun[], seeds: number[], name: string, unavailable: string[]): CurvePoint[] {
  const histories = runs.map((r) => r.run.history);
  if (histories.some((h) => h === null)) {
    unavailable.push(`curves: seed ${runs[histories.findIndex((h) => h === null)].run.seed} has no training history`);
    return [];
  }
  const complete = histories.flatMap((h) => (h === null ? [] : [h]));
  const lengths = complete.map((h) => h.length);
  if (lengths.some((n) => n !== lengths[0])) {
    throw new SummaryError(
      `${name}: the seeds' histories have ${lengths.map((n, i) => `${n} (seed ${seeds[i]})`).join(', ')} epochs; curves need the same epochs in every seed — finish or retrain the shorter runs.`,
    );
  }
  const points: CurvePoint[] = [];
  for (let e = 0; e < lengths[0]; e++) {
    const train: number[] = [];
    const test: number[] = [];
    for (const [i, h] of complete.entries()) {
      const p = h[e];
      if (p.epoch !== e + 1) throw new SummaryError(`${runs[i].run.source}: history entry ${e + 1} is epoch ${p.epoch}; epochs must run 1, 2, 3, ...`);
      if (p.trainLoss === null || p.testLoss === null) {
        unavailable.push(`curves: seed ${seeds[i]} has no ${p.trainLoss === null ? 'train' : 'test'} loss at epoch ${p.epoch}`);
        return [];
      }
      train.push(p.trainLoss);
      test.push(p.testLoss);
    }
    points.push({ epoch: e + 1, trainLoss: estimate(train, seeds), testLoss: estimate(test, seeds) });
  }
  return points;
}

/** A run's mean test loss over the original pixels: as its trainer measured it, else from its map's regions. */
function originalLoss(run: AnalyzedRun): number {
  if (run.run.finalTestLossOriginal !== undefined) return run.run.finalTestLossOriginal;
  const parts = run.decomposition.regions.filter((r) => r.name !== 'pad');
  const count = parts.reduce((s, r) => s + r.count, 0);
  return parts.reduce((s, r) => s + r.contribution, 0) * (run.decomposition.pixels / count);
}

/**
 * A run's entropy floor and excess over the pixels its loss counts: all pixels, or for a variant
 * whose loss counts the original pixels only, the regions other than the pad, so that
 * floor + excess = its test loss.
 */
function scoredFloorAndExcess(run: AnalyzedRun, table: Breakdown): { floor: number; excess: number } {
  if (run.run.lossRegion === 'all') return { floor: table.meanFloor, excess: table.meanExcess };
  const scored = table.byRegion.filter((r) => r.region !== 'pad' && r.count > 0);
  const count = scored.reduce((sum, r) => sum + r.count, 0);
  const floor = scored.reduce((sum, r) => sum + r.count * present(r.meanFloor, `${r.region} floor`), 0) / count;
  const excess = scored.reduce((sum, r) => sum + r.count * present(r.meanExcess, `${r.region} excess`), 0) / count;
  return { floor, excess };
}

/** Share of pad target pixels whose clean value is not exactly 0 (from the intensity table). */
function padNonZeroShare(table: Breakdown): number | null {
  const r = table.regions.indexOf('pad');
  if (r < 0) return null;
  const padCount = table.byRegion[r].count;
  if (padCount === 0) return null;
  const zeroBin = table.bins.findIndex((bin) => bin.lo === 0 && bin.hi === 0);
  const zeros = zeroBin < 0 ? 0 : table.cells[r * table.bins.length + zeroBin].count;
  return 1 - zeros / padCount;
}

/** The variant's geometry as summary.json writes it: `size`/`pad` for a square, grey, evenly padded variant, else `geometry`. */
function geometryFields(spec: VariantSpec): Pick<VariantSummary, 'size' | 'pad' | 'geometry'> {
  const { top, bottom, left, right } = spec.pads;
  const channels = spec.channels ?? 1;
  if (spec.height === spec.width && top === bottom && top === left && top === right && channels === 1) return { size: spec.height, pad: top };
  return { geometry: { height: spec.height, width: spec.width, pads: { top, bottom, left, right }, channels } };
}

/**
 * Stage 2 of the summary: one variant across its seeds (runs sorted by seed): final losses, region
 * split, intensity bins, entropy floor, curves, mean loss map and samples. Each run must have the
 * spec's geometry (else a SummaryError names the run). What cannot be computed is null or empty
 * and named in `unavailable`, never filled in: floors and excess for a loss without a floor (mse,
 * l1) or runs without clean targets, intensity bins without clean targets, the final training loss
 * when a run does not give it, curves without histories, samples without noisy inputs or of
 * non-square or colour images.
 *
 * @example
 * const summary = summarizeVariant(spec.variants[1], analysedRunsOfEdge32);
 * summary.testLoss.mean; // 0.0748
 */
export function summarizeVariant(spec: VariantSpec, runs: readonly AnalyzedRun[]): VariantSummary {
  if (runs.length === 0) throw new SummaryError(`${spec.name}: no runs to summarise.`);
  checkGeometry(spec, runs);
  const seeds = runs.map((r) => r.run.seed);
  const unavailable: string[] = [];
  const found = breakdowns(runs);
  const tables = found.tables;
  const noFloor = floorReason(runs, found);
  if (noFloor !== null) unavailable.push(`entropy floor and excess: ${noFloor}`);
  if (found.tables === null) unavailable.push(`intensity bins: ${found.reason}`);
  const scored = tables === null || noFloor !== null ? null : runs.map((r, i) => scoredFloorAndExcess(r, tables[i]));
  const missingTrain = runs.find((r) => r.run.finalTrainLoss === null);
  if (missingTrain !== undefined) unavailable.push(`final training loss: seed ${missingTrain.run.seed} (${missingTrain.run.source}) does not give one`);
  const trainLosses = runs.flatMap((r) => (r.run.finalTrainLoss === null ? [] : [r.run.finalTrainLoss]));
  const first = runs[0].run;
  const samples = first.samples ?? [];
  const noisy = samples.flatMap((s) => (s.noisy === null ? [] : [{ ...s, noisy: s.noisy }]));
  const drawable = samples.every((s) => s.height === s.width && s.channels === 1);
  if (first.samples === null) unavailable.push(`samples: seed ${first.seed} has none`);
  else if (noisy.length < samples.length) unavailable.push(`samples: seed ${first.seed}'s samples have no noisy inputs`);
  else if (!drawable) unavailable.push(`samples: seed ${first.seed}'s samples are not square grey images, which the reconstruction figure draws`);
  const keepSamples = noisy.length === samples.length && drawable;
  const padded = Object.values(spec.pads).some((p) => p > 0);
  const summary: VariantSummary = {
    variant: spec.name,
    ...geometryFields(spec),
    padMode: spec.padMode,
    lossRegion: spec.lossRegion,
    seeds,
    backends: runs.map((r) => r.run.training?.backend ?? null),
    finalTrainLoss: missingTrain === undefined ? estimate(trainLosses, seeds) : null,
    testLoss: estimate(runs.map((r) => r.run.finalTestLoss), seeds),
    originalLoss: estimate(runs.map(originalLoss), seeds),
    entropyFloor: scored === null ? null : estimate(scored.map((x) => x.floor), seeds),
    excess: scored === null ? null : estimate(scored.map((x) => x.excess), seeds),
    regions: summarizeRegions(runs, seeds, noFloor === null ? tables : null),
    intensity: tables === null ? [] : summarizeIntensity(runs, seeds, spec.name, tables, noFloor === null),
    curves: summarizeVariantCurves(runs, seeds, spec.name, unavailable),
    padNonZeroShare: padded && tables !== null ? padNonZeroShare(tables[0]) : null,
    meanLossMap: meanOfArrays(runs.map((r) => r.run.lossMap.values)),
    samples: (keepSamples ? noisy : []).map((s) => ({ index: s.index, seed: first.seed, size: s.height, noisy: s.noisy, output: s.output, target: s.target })),
    trainSeconds: runs.map((r) => r.run.training?.trainSeconds ?? null),
  };
  if (unavailable.length > 0) summary.unavailable = unavailable;
  return summary;
}
