import { AnalysisError } from './errors.js';
import { checkIdentity } from './decompose.js';
import { checkImageGeometry, imageRegionMasks, uniformPads, type CheckedImageGeometry, type SidePads } from './image-geometry.js';
import { DEFAULT_EDGE_WIDTH, resolveGeometry } from './regions.js';
import { assertFiniteMap, assertMap, type FloatArray } from './validate.js';

/**
 * A variant's mean per-pixel loss map with its geometry: square (`size x size`, original at offset `pad`) or any
 * {@link ImageVariantMap} shape. `lossRegion` says which pixels the variant's loss is the mean of: 'all' (default;
 * the map's mean) or 'original' (for `-masked` variants, whose loss ignores the pad ring; their dilution is then 0).
 */
export interface SquareVariantMap {
  map: FloatArray;
  size: number;
  pad: number;
  lossRegion?: 'all' | 'original';
}

/** A variant's mean per-pixel loss map of any shape: `height x width`, original placed inside the given per-side pads. */
export interface ImageVariantMap {
  map: FloatArray;
  height: number;
  width: number;
  pads: SidePads;
  lossRegion?: 'all' | 'original';
}

export type VariantMap = SquareVariantMap | ImageVariantMap;

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
  /** Side of the shared original image when it is square; null otherwise (see originalHeight / originalWidth). */
  originalSize: number | null;
  originalHeight: number;
  originalWidth: number;
  edgeWidth: number;
  originalPixels: number;
  edgePixels: number;
  interiorPixels: number;
  a: VariantRegionMeans;
  b: VariantRegionMeans;
}

interface VariantMeansWithCounts extends VariantRegionMeans {
  nEdge: number;
  nInterior: number;
  originalHeight: number;
  originalWidth: number;
}

function geometryOf(v: VariantMap, edgeWidth: number): CheckedImageGeometry {
  if ('pads' in v) return checkImageGeometry({ height: v.height, width: v.width, pads: v.pads, edgeWidth }, { allowEmptyInterior: true });
  const g = resolveGeometry({ size: v.size, pad: v.pad, edgeWidth });
  return checkImageGeometry({ height: g.size, width: g.size, pads: uniformPads(g.pad), edgeWidth }, { allowEmptyInterior: true });
}

function describeVariant(v: VariantMap, g: CheckedImageGeometry): string {
  const p = g.pads;
  return 'pads' in v
    ? `${g.height}x${g.width} with pads top ${p.top}, bottom ${p.bottom}, left ${p.left}, right ${p.right}`
    : `${g.height}x${g.width} with pad ${p.top}`;
}

function variantMeans(v: VariantMap, edgeWidth: number, name: string): VariantMeansWithCounts {
  const g = geometryOf(v, edgeWidth);
  assertMap(v.map, `${name}.map`, g.height, g.width);
  assertFiniteMap(v.map, `${name}.map`, g.height, g.width);
  const lossRegion = v.lossRegion ?? 'all';
  if (lossRegion !== 'all' && lossRegion !== 'original') {
    throw new AnalysisError('geometry', `${name}.lossRegion is '${String(lossRegion)}'; use 'all' or 'original'.`);
  }
  const set = imageRegionMasks(g, { allowEmptyInterior: true });
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
    originalHeight: g.originalHeight,
    originalWidth: g.originalWidth,
  };
}

/**
 * Decomposes the loss gap between two variants that share an original region O (same `size - 2 * pad`):
 * `L_A - L_B = (L_A[O] - L_B[O]) + (L_B[O] - L_B) - (L_A[O] - L_A)`, i.e. the change on the same pixels
 * (split exactly into edge-ring and interior parts weighted by their share of O) plus the dilution by pad
 * pixels, `(n_pad / N_B) * (L_B[O] - L_B[pad])` (minus A's own dilution when A is padded too).
 * Works for baseline28 vs edge32, edge32 vs edge32-masked (B with `lossRegion: 'original'`), edge36 vs baseline28, ...
 * and for any shapes: give `{ map, height, width, pads: { top, bottom, left, right } }` instead of `{ map, size, pad }`.
 * The identity holds for any per-pixel additive loss (BCE, MSE, L1, ...): it only uses means of the maps.
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
  if (ma.originalHeight !== mb.originalHeight || ma.originalWidth !== mb.originalWidth) {
    throw new AnalysisError(
      'geometry',
      `the variants do not share an original region: a is ${describeVariant(a, geometryOf(a, edgeWidth))} (original ${ma.originalHeight}x${ma.originalWidth}), ` +
        `b is ${describeVariant(b, geometryOf(b, edgeWidth))} (original ${mb.originalHeight}x${mb.originalWidth}); compare variants with the same original size.`,
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
  const strip = (m: VariantMeansWithCounts): VariantRegionMeans => ({
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
    originalSize: ma.originalHeight === ma.originalWidth ? ma.originalHeight : null,
    originalHeight: ma.originalHeight,
    originalWidth: ma.originalWidth,
    edgeWidth,
    originalPixels: nO,
    edgePixels: nEdge,
    interiorPixels: nInt,
    a: strip(ma),
    b: strip(mb),
  };
}
