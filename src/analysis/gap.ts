import { AnalysisError } from './errors.js';
import { checkIdentity } from './decompose.js';
import { DEFAULT_EDGE_WIDTH, regionMasks, resolveGeometry } from './regions.js';
import { assertFiniteMap, assertMap, type FloatArray } from './validate.js';

/** A variant's mean per-pixel loss map with its geometry (square `size x size`, original at offset `pad`). */
export interface VariantMap {
  map: FloatArray;
  size: number;
  pad: number;
  /**
   * Which pixels the variant's loss is the mean of: 'all' (default; the map's mean) or 'original'
   * (for `-masked` variants, whose loss ignores the pad ring; their dilution is then 0).
   */
  lossRegion?: 'all' | 'original';
}

/** Region means of one variant used by {@link decomposeGap}. */
export interface VariantRegionMeans {
  /** The variant's loss: mean over all pixels, or over the original when lossRegion is 'original'. */
  loss: number;
  /** Mean over all `size x size` pixels. */
  all: number;
  /** Mean over the original pixels O (edge + interior). */
  original: number;
  edge: number | null;
  interior: number | null;
  /** Mean over the pad ring; null when pad = 0. */
  pad: number | null;
  /** Pixels the loss averages over (N). */
  pixels: number;
  /** Pad pixels counted in the loss (0 for pad = 0 or lossRegion 'original'). */
  padPixels: number;
  /** `L[O] - L = (padPixels / pixels) * (L[O] - L[pad])`; 0 without counted pad pixels. */
  dilution: number;
}

/**
 * `gap = lossA - lossB = samePixel + dilution`, `samePixel = samePixelEdge + samePixelInterior`,
 * `dilution = b.dilution - a.dilution`.
 */
export interface GapDecomposition {
  lossA: number;
  lossB: number;
  gap: number;
  /** `L_A[O] - L_B[O]`: the change on the same (original) pixels. */
  samePixel: number;
  /** `(n_edge / n_O) * (L_A[edge] - L_B[edge])`. */
  samePixelEdge: number;
  /** `(n_interior / n_O) * (L_A[interior] - L_B[interior])`. */
  samePixelInterior: number;
  /** Dilution by pad pixels: `b.dilution - a.dilution` (just `(n_pad/N_B)(L_B[O] - L_B[pad])` when A is unpadded). */
  dilution: number;
  /** `samePixel + dilution - gap`, within 1e-9 or the call throws. */
  identityError: number;
  originalSize: number;
  edgeWidth: number;
  originalPixels: number;
  edgePixels: number;
  interiorPixels: number;
  a: VariantRegionMeans;
  b: VariantRegionMeans;
}

function variantMeans(v: VariantMap, edgeWidth: number, name: string): VariantRegionMeans & { nEdge: number; nInterior: number; originalSize: number } {
  const g = resolveGeometry({ size: v.size, pad: v.pad, edgeWidth });
  assertMap(v.map, `${name}.map`, g.size, g.size);
  assertFiniteMap(v.map, `${name}.map`, g.size, g.size);
  const lossRegion = v.lossRegion ?? 'all';
  if (lossRegion !== 'all' && lossRegion !== 'original') {
    throw new AnalysisError('geometry', `${name}.lossRegion is '${String(lossRegion)}'; use 'all' or 'original'.`);
  }
  const set = regionMasks(g);
  const sums = [0, 0, 0];
  const counts = [0, 0, 0];
  set.regions.forEach((r, k) => {
    for (let i = 0; i < r.mask.length; i++) {
      if (r.mask[i] === 1) {
        sums[k] += v.map[i];
        counts[k]++;
      }
    }
  });
  const [padSum, edgeSum, intSum] = sums;
  const [nPad, nEdge, nInt] = counts;
  const nO = nEdge + nInt;
  const original = (edgeSum + intSum) / nO;
  const padMean = nPad > 0 ? padSum / nPad : null;
  const all = (padSum + edgeSum + intSum) / (nPad + nO);
  const countsPad = lossRegion === 'all' && nPad > 0;
  const pixels = countsPad ? nPad + nO : nO;
  const padPixels = countsPad ? nPad : 0;
  const dilution = countsPad && padMean !== null ? (nPad / pixels) * (original - padMean) : 0;
  return {
    loss: lossRegion === 'all' ? all : original,
    all,
    original,
    edge: nEdge > 0 ? edgeSum / nEdge : null,
    interior: nInt > 0 ? intSum / nInt : null,
    pad: padMean,
    pixels,
    padPixels,
    dilution,
    nEdge,
    nInterior: nInt,
    originalSize: g.originalSize,
  };
}

/**
 * Decomposes the loss gap between two variants that share an original region O (same `size - 2 * pad`):
 * `L_A - L_B = (L_A[O] - L_B[O]) + (L_B[O] - L_B) - (L_A[O] - L_A)`, i.e. the change on the same pixels
 * (split exactly into edge-ring and interior parts weighted by their share of O) plus the dilution by pad
 * pixels, `(n_pad / N_B) * (L_B[O] - L_B[pad])` (minus A's own dilution when A is padded too).
 * Works for baseline28 vs edge32, edge32 vs edge32-masked (B with `lossRegion: 'original'`), edge36 vs baseline28, ...
 * Throws `AnalysisError` 'geometry' if the originals differ, 'identity' if the parts do not add up (a bug).
 *
 * @example
 * // A: 2x2 unpadded, all 0.1. B: 4x4 with pad 1, original 0.1, pad ring 0.
 * const a = { map: new Float64Array(4).fill(0.1), size: 2, pad: 0 };
 * const b = { map: new Float64Array([0,0,0,0, 0,0.1,0.1,0, 0,0.1,0.1,0, 0,0,0,0]), size: 4, pad: 1 };
 * const g = decomposeGap(a, b, { edgeWidth: 1 });
 * g.gap;        // 0.075  (0.1 - 0.025)
 * g.samePixel;  // 0
 * g.dilution;   // 0.075  (12/16 * (0.1 - 0))
 */
export function decomposeGap(a: VariantMap, b: VariantMap, options: { edgeWidth?: number } = {}): GapDecomposition {
  const edgeWidth = options.edgeWidth ?? DEFAULT_EDGE_WIDTH;
  const ma = variantMeans(a, edgeWidth, 'a');
  const mb = variantMeans(b, edgeWidth, 'b');
  if (ma.originalSize !== mb.originalSize) {
    throw new AnalysisError(
      'geometry',
      `the variants do not share an original region: a is ${a.size}x${a.size} with pad ${a.pad} (original ${ma.originalSize}), ` +
        `b is ${b.size}x${b.size} with pad ${b.pad} (original ${mb.originalSize}); compare variants with the same size - 2 * pad.`,
    );
  }
  const nEdge = ma.nEdge;
  const nInt = ma.nInterior;
  const nO = nEdge + nInt;
  const samePixelEdge = ma.edge !== null && mb.edge !== null ? (nEdge / nO) * (ma.edge - mb.edge) : 0;
  const samePixelInterior = ma.interior !== null && mb.interior !== null ? (nInt / nO) * (ma.interior - mb.interior) : 0;
  const samePixel = samePixelEdge + samePixelInterior;
  const dilution = mb.dilution - ma.dilution;
  const gap = ma.loss - mb.loss;
  const identityError = samePixel + dilution - gap;
  checkIdentity(identityError, gap, 'gap decomposition (samePixel + dilution = gap)');
  checkIdentity(samePixel - (ma.original - mb.original), samePixel, 'same-pixel split (edge + interior)');
  const strip = (m: typeof ma): VariantRegionMeans => ({
    loss: m.loss,
    all: m.all,
    original: m.original,
    edge: m.edge,
    interior: m.interior,
    pad: m.pad,
    pixels: m.pixels,
    padPixels: m.padPixels,
    dilution: m.dilution,
  });
  return {
    lossA: ma.loss,
    lossB: mb.loss,
    gap,
    samePixel,
    samePixelEdge,
    samePixelInterior,
    dilution,
    identityError,
    originalSize: ma.originalSize,
    edgeWidth,
    originalPixels: nO,
    edgePixels: nEdge,
    interiorPixels: nInt,
    a: strip(ma),
    b: strip(mb),
  };
}
