import { AnalysisError } from './errors.js';
import type { RegionSet } from './region-set.js';
import { assertNonNegativeInteger, assertPositiveInteger } from './validate.js';

/** Pad width on each side of the original image (all zero for the unpadded reference). */
export interface SidePads {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/**
 * Where the original image sits in a (possibly non-square, unevenly padded) output of `height x width`:
 * rows `pads.top .. height - pads.bottom - 1`, columns `pads.left .. width - pads.right - 1`.
 * `edgeWidth` is the width of the original image's outer ring counted as `edge`.
 */
export interface ImageGeometry {
  height: number;
  width: number;
  pads: SidePads;
  edgeWidth: number;
}

/** An {@link ImageGeometry} with the original image's size filled in and checked. */
export interface CheckedImageGeometry extends ImageGeometry {
  originalHeight: number;
  originalWidth: number;
}

/**
 * Checks an {@link ImageGeometry}: positive integer height and width, non-negative integer pads and edge width,
 * an original image left inside the pads, and an edge ring that leaves a non-empty interior
 * (`2 * edgeWidth < originalHeight` and `< originalWidth`). Throws `AnalysisError` 'geometry' saying which value is wrong.
 *
 * @example
 * checkImageGeometry({ height: 30, width: 40, pads: { top: 1, bottom: 1, left: 0, right: 4 }, edgeWidth: 2 });
 * // { ..., originalHeight: 28, originalWidth: 36 }
 */
export function checkImageGeometry(geometry: ImageGeometry, options: { allowEmptyInterior?: boolean } = {}): CheckedImageGeometry {
  const { height, width, pads, edgeWidth } = geometry;
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  assertNonNegativeInteger(pads.top, 'pads.top');
  assertNonNegativeInteger(pads.bottom, 'pads.bottom');
  assertNonNegativeInteger(pads.left, 'pads.left');
  assertNonNegativeInteger(pads.right, 'pads.right');
  assertNonNegativeInteger(edgeWidth, 'edgeWidth');
  const originalHeight = height - pads.top - pads.bottom;
  const originalWidth = width - pads.left - pads.right;
  if (originalHeight < 1 || originalWidth < 1) {
    throw new AnalysisError(
      'geometry',
      `a ${height}x${width} output with pads top ${pads.top}, bottom ${pads.bottom}, left ${pads.left}, right ${pads.right} ` +
        `leaves no original image (${originalHeight}x${originalWidth}); the pads must be smaller than the image.`,
    );
  }
  if (options.allowEmptyInterior !== true && (2 * edgeWidth >= originalHeight || 2 * edgeWidth >= originalWidth)) {
    throw new AnalysisError(
      'geometry',
      `an edge ring of width ${edgeWidth} leaves no interior in the ${originalHeight}x${originalWidth} original image; ` +
        `use an edge width below ${Math.ceil(Math.min(originalHeight, originalWidth) / 2)}.`,
    );
  }
  return { height, width, pads: { ...pads }, edgeWidth, originalHeight, originalWidth };
}

/** Same pad on all four sides. @example uniformPads(2); // { top: 2, bottom: 2, left: 2, right: 2 } */
export function uniformPads(pad: number): SidePads {
  return { top: pad, bottom: pad, left: pad, right: pad };
}

/** Which region pixel (y, x) of a checked geometry falls in: 0 pad, 1 edge, 2 interior. @internal */
export function regionIndexAt(g: CheckedImageGeometry, y: number, x: number): 0 | 1 | 2 {
  const oy = y - g.pads.top;
  const ox = x - g.pads.left;
  if (oy < 0 || ox < 0 || oy >= g.originalHeight || ox >= g.originalWidth) return 0;
  const distance = Math.min(oy, ox, g.originalHeight - 1 - oy, g.originalWidth - 1 - ox);
  return distance < g.edgeWidth ? 1 : 2;
}

/**
 * The standard regions of a padded output, in this order: `pad` (the added pixels, empty for zero pads),
 * `edge` (the original image's outer ring of width `edgeWidth`), `interior` (the rest of the original).
 * Disjoint and covering the whole `height x width` map; throws `AnalysisError` 'geometry' (see {@link checkImageGeometry}).
 *
 * @example
 * const set = imageRegionMasks({ height: 5, width: 6, pads: { top: 1, bottom: 0, left: 0, right: 2 }, edgeWidth: 1 });
 * set.regions.map((r) => r.mask.reduce((a, b) => a + b, 0)); // [14, 12, 4]  (pad, edge, interior of a 4x4 original)
 */
export function imageRegionMasks(geometry: ImageGeometry, options: { allowEmptyInterior?: boolean } = {}): RegionSet {
  const g = checkImageGeometry(geometry, options);
  const plane = g.height * g.width;
  const masks = [new Uint8Array(plane), new Uint8Array(plane), new Uint8Array(plane)];
  for (let y = 0; y < g.height; y++) {
    for (let x = 0; x < g.width; x++) masks[regionIndexAt(g, y, x)][y * g.width + x] = 1;
  }
  return {
    height: g.height,
    width: g.width,
    regions: [
      { name: 'pad', mask: masks[0] },
      { name: 'edge', mask: masks[1] },
      { name: 'interior', mask: masks[2] },
    ],
  };
}

/**
 * Mask of the original image (edge plus interior) inside a padded output of any geometry.
 *
 * @example
 * imageOriginalMask({ height: 3, width: 4, pads: { top: 1, bottom: 0, left: 1, right: 1 }, edgeWidth: 0 });
 * // Uint8Array [0,0,0,0, 0,1,1,0, 0,1,1,0]
 */
export function imageOriginalMask(geometry: ImageGeometry): Uint8Array {
  const g = checkImageGeometry(geometry, { allowEmptyInterior: true });
  const mask = new Uint8Array(g.height * g.width);
  for (let y = g.pads.top; y < g.pads.top + g.originalHeight; y++) {
    mask.fill(1, y * g.width + g.pads.left, y * g.width + g.pads.left + g.originalWidth);
  }
  return mask;
}
