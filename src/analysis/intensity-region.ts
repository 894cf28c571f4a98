import { AnalysisError } from './errors.js';
import { checkIdentity } from './decompose.js';
import { intensityBins, type IntensityBin } from './intensity-bins.js';
import { intensityTable, type IntensityTable } from './intensity-table.js';
import { validateRegionSet, type RegionSet } from './regions.js';
import { sum64, type FloatArray } from './validate.js';

/**
 * Loss, floor and excess of a group of pixels (a region x bin cell, a region, or a bin).
 * Contributions are additive parts of the overall means: summed over all cells they give
 * `meanLoss`, `meanFloor` and `meanExcess` of the whole table.
 */
export interface IntensityGroup {
  /** Pixels in the group (summed over images). */
  count: number;
  /** `count / N`, N = all pixels of all images. */
  weight: number;
  /** Mean loss of the group; null when empty. */
  meanLoss: number | null;
  /** Mean floor `H(t)` of the group; null when empty. */
  meanFloor: number | null;
  /** `meanLoss - meanFloor` (mean KL divergence); null when empty. */
  meanExcess: number | null;
  /** `lossSum / N` = weight x meanLoss. */
  lossContribution: number;
  floorContribution: number;
  excessContribution: number;
  /** Share of the total loss: `lossSum / total lossSum` (0 when the total is 0). */
  share: number;
}

export interface IntensityCell extends IntensityGroup {
  region: string;
  /** Bin index into `bins`. */
  bin: number;
  label: string;
}

export interface IntensityRegionSummary extends IntensityGroup {
  region: string;
}

export interface IntensityBinSummary extends IntensityGroup {
  bin: number;
  label: string;
}

/** Result of {@link intensityByRegion}. */
export interface IntensityBreakdown {
  /** N: pixels of all images (images x height x width). */
  pixels: number;
  images: number;
  meanLoss: number;
  meanFloor: number;
  meanExcess: number;
  bins: IntensityBin[];
  regions: string[];
  /** Region-major: cell (r, b) is `cells[r * bins.length + b]`. */
  cells: IntensityCell[];
  byRegion: IntensityRegionSummary[];
  byBin: IntensityBinSummary[];
  /** Largest |sum of contributions - overall mean| over loss, floor and excess, and over cells, regions and bins. */
  identityError: number;
}

function group(count: number, lossSum: number, floorSum: number, pixels: number, totalLoss: number): IntensityGroup {
  return {
    count,
    weight: count / pixels,
    meanLoss: count > 0 ? lossSum / count : null,
    meanFloor: count > 0 ? floorSum / count : null,
    meanExcess: count > 0 ? (lossSum - floorSum) / count : null,
    lossContribution: lossSum / pixels,
    floorContribution: floorSum / pixels,
    excessContribution: (lossSum - floorSum) / pixels,
    share: totalLoss === 0 ? 0 : lossSum / totalLoss,
  };
}

/**
 * Per region x intensity bin: pixel count, mean loss, mean floor `H(t)`, mean excess (loss - floor, the KL
 * divergence) and share of the total loss, plus totals per region and per bin. Additive identities:
 * the loss (floor, excess) contributions of all cells, of all regions, or of all bins add up to the
 * overall mean loss (floor, excess) within 1e-9 — otherwise the call throws.
 *
 * @example
 * // 1x2 map, 2 images: left pixel black (loss 0.1, 0.3), right pixel grey 0.5 (loss 0.8, 0.7)
 * const table = intensityTable(new Float64Array([0.1, 0.8, 0.3, 0.7]), new Float64Array([0, 0.5, 0, 0.5]), 2, 1, 2);
 * const regions = createRegionSet(1, 2, [{ name: 'left', mask: [1, 0] }, { name: 'right', mask: [0, 1] }]);
 * const r = intensityByRegion(table, regions);
 * r.meanLoss;                   // 0.475
 * r.byRegion[1].meanExcess;     // 0.75 - ln 2 = 0.0568...
 */
export function intensityByRegion(table: IntensityTable, regions: RegionSet): IntensityBreakdown {
  const { height, width, bins } = table;
  if (regions.height !== height || regions.width !== width) {
    throw new AnalysisError(
      'mask',
      `the regions are ${regions.height}x${regions.width} but the table is ${height}x${width}; build the masks for the table's size.`,
    );
  }
  validateRegionSet(regions);
  const plane = height * width;
  const nb = bins.length;
  if (table.count.length !== nb * plane || table.lossSum.length !== nb * plane || table.floorSum.length !== nb * plane) {
    throw new AnalysisError('length', `table arrays must have bins x height x width = ${nb * plane} entries.`);
  }
  const pixels = table.images * plane;
  const totalCount = sum64(table.count);
  if (totalCount !== pixels) {
    throw new AnalysisError('length', `table counts add up to ${totalCount}, but images x height x width = ${pixels}; the table is inconsistent.`);
  }
  const totalLoss = sum64(table.lossSum);
  const totalFloor = sum64(table.floorSum);
  const meanLoss = totalLoss / pixels;
  const meanFloor = totalFloor / pixels;
  const meanExcess = (totalLoss - totalFloor) / pixels;

  const nr = regions.regions.length;
  const c = new Float64Array(nr * nb);
  const l = new Float64Array(nr * nb);
  const f = new Float64Array(nr * nb);
  regions.regions.forEach((region, r) => {
    for (let b = 0; b < nb; b++) {
      const off = b * plane;
      let sc = 0;
      let sl = 0;
      let sf = 0;
      for (let i = 0; i < plane; i++) {
        if (region.mask[i] === 1) {
          sc += table.count[off + i];
          sl += table.lossSum[off + i];
          sf += table.floorSum[off + i];
        }
      }
      c[r * nb + b] = sc;
      l[r * nb + b] = sl;
      f[r * nb + b] = sf;
    }
  });
  const names = regions.regions.map((r) => r.name);
  const cells: IntensityCell[] = [];
  for (let r = 0; r < nr; r++) {
    for (let b = 0; b < nb; b++) {
      const k = r * nb + b;
      cells.push({ region: names[r], bin: b, label: bins[b].label, ...group(c[k], l[k], f[k], pixels, totalLoss) });
    }
  }
  const byRegion: IntensityRegionSummary[] = names.map((name, r) => {
    const s = (a: Float64Array): number => sum64(a, r * nb, (r + 1) * nb);
    return { region: name, ...group(s(c), s(l), s(f), pixels, totalLoss) };
  });
  const byBin: IntensityBinSummary[] = bins.map((bin, b) => {
    let sc = 0;
    let sl = 0;
    let sf = 0;
    for (let r = 0; r < nr; r++) {
      sc += c[r * nb + b];
      sl += l[r * nb + b];
      sf += f[r * nb + b];
    }
    return { bin: b, label: bin.label, ...group(sc, sl, sf, pixels, totalLoss) };
  });
  let identityError = 0;
  for (const groups of [cells, byRegion, byBin] as IntensityGroup[][]) {
    const errs = [
      sum64(groups.map((g) => g.lossContribution)) - meanLoss,
      sum64(groups.map((g) => g.floorContribution)) - meanFloor,
      sum64(groups.map((g) => g.excessContribution)) - meanExcess,
    ];
    for (const e of errs) if (Math.abs(e) > Math.abs(identityError)) identityError = e;
  }
  checkIdentity(identityError, meanLoss, 'intensity decomposition (contributions = mean loss / floor / excess)');
  return {
    pixels,
    images: table.images,
    meanLoss,
    meanFloor,
    meanExcess,
    bins: bins.map((b) => ({ ...b })),
    regions: names,
    cells,
    byRegion,
    byBin,
    identityError,
  };
}

/**
 * The direct path: {@link intensityTable} then {@link intensityByRegion}, from full per-pixel arrays.
 *
 * @example
 * intensityByRegionFromArrays(losses, targets, 10000, 32, 32, regionMasks({ size: 32, pad: 2 }));
 */
export function intensityByRegionFromArrays(
  losses: FloatArray,
  targets: FloatArray,
  count: number,
  height: number,
  width: number,
  regions: RegionSet,
  bins: readonly IntensityBin[] = intensityBins(),
): IntensityBreakdown {
  return intensityByRegion(intensityTable(losses, targets, count, height, width, bins), regions);
}
