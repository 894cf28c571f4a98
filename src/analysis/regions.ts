import { AnalysisError } from './errors.js';
import { imageOriginalMask, imageRegionMasks, uniformPads } from './image-geometry.js';
import type { RegionMask, RegionSet } from './region-set.js';
import { assertNonNegativeInteger, assertPositiveInteger } from './validate.js';

export type { RegionMask, RegionSet } from './region-set.js';

/** Side of an MNIST image. */
export const DEFAULT_ORIGINAL_SIZE = 28;
/** Width of the original image's outer ring counted as `edge`. */
export const DEFAULT_EDGE_WIDTH = 2;

/**
 * Where the original image sits in a square output: side `size = originalSize + 2 * pad`, original at offset `pad`.
 * Give `size` or `originalSize` (default 28) or both (then they must agree); `edgeWidth` defaults to 2.
 */
export interface RegionGeometry {
  size?: number;
  pad: number;
  originalSize?: number;
  edgeWidth?: number;
}

/** A {@link RegionGeometry} with every field filled in and checked. */
export interface ResolvedGeometry {
  size: number;
  pad: number;
  originalSize: number;
  edgeWidth: number;
}

/**
 * Fills in and checks a {@link RegionGeometry}: `originalSize = size - 2 * pad` (or `size = originalSize + 2 * pad`).
 *
 * @example
 * resolveGeometry({ size: 32, pad: 2 }); // { size: 32, pad: 2, originalSize: 28, edgeWidth: 2 }
 * resolveGeometry({ pad: 4 });           // { size: 36, pad: 4, originalSize: 28, edgeWidth: 2 }
 */
export function resolveGeometry(geometry: RegionGeometry): ResolvedGeometry {
  const { pad } = geometry;
  assertNonNegativeInteger(pad, 'pad');
  const edgeWidth = geometry.edgeWidth ?? DEFAULT_EDGE_WIDTH;
  assertNonNegativeInteger(edgeWidth, 'edgeWidth');
  let size: number;
  let originalSize: number;
  if (geometry.size !== undefined) {
    size = geometry.size;
    assertPositiveInteger(size, 'size');
    originalSize = size - 2 * pad;
    if (originalSize < 1) {
      throw new AnalysisError('geometry', `size ${size} with pad ${pad} leaves no original image (size - 2 * pad = ${originalSize}); pad must be < size / 2.`);
    }
    if (geometry.originalSize !== undefined && geometry.originalSize !== originalSize) {
      throw new AnalysisError(
        'geometry',
        `size ${size} and pad ${pad} imply an original of ${originalSize} pixels, but originalSize is ${geometry.originalSize}; give consistent values (size = originalSize + 2 * pad).`,
      );
    }
  } else {
    originalSize = geometry.originalSize ?? DEFAULT_ORIGINAL_SIZE;
    assertPositiveInteger(originalSize, 'originalSize');
    size = originalSize + 2 * pad;
  }
  return { size, pad, originalSize, edgeWidth };
}

/**
 * The standard regions of a padded output, in this order: `pad` (the added ring, empty when pad = 0),
 * `edge` (the original image's outer ring of width `edgeWidth`), `interior` (the rest of the original).
 * They are disjoint and cover the whole `size x size` map. If `2 * edgeWidth >= originalSize` the interior is empty.
 *
 * @example
 * const set = regionMasks({ size: 6, pad: 1, edgeWidth: 1 }); // a 4x4 original inside a 6x6 output
 * set.regions.map((r) => r.mask.reduce((a, b) => a + b, 0)); // [20, 12, 4]  (pad, edge, interior)
 */
export function regionMasks(geometry: RegionGeometry): RegionSet {
  const { size, pad, edgeWidth } = resolveGeometry(geometry);
  // The square API keeps allowing an empty interior (2 * edgeWidth >= originalSize), as before.
  return imageRegionMasks({ height: size, width: size, pads: uniformPads(pad), edgeWidth }, { allowEmptyInterior: true });
}

/**
 * Mask of the original image (edge plus interior) inside a padded output.
 *
 * @example
 * originalMask({ size: 4, pad: 1 }); // Uint8Array [0,0,0,0, 0,1,1,0, 0,1,1,0, 0,0,0,0]
 */
export function originalMask(geometry: RegionGeometry): Uint8Array {
  const { size, pad, edgeWidth } = resolveGeometry(geometry);
  return imageOriginalMask({ height: size, width: size, pads: uniformPads(pad), edgeWidth });
}

/**
 * Builds a validated {@link RegionSet} from user-supplied named masks (0/1 numbers or booleans, length H x W).
 * Masks must be disjoint and names unique and non-empty. Pixels in no mask go to an extra region named
 * `restName` (default 'rest') so the regions always cover the map; pass `restName: null` to require full cover instead.
 * Throws an `AnalysisError` (code 'mask') that names the offending mask and pixel.
 *
 * @example
 * const set = createRegionSet(2, 2, [{ name: 'top', mask: [1, 1, 0, 0] }]);
 * set.regions.map((r) => r.name); // ['top', 'rest']
 */
export function createRegionSet(
  height: number,
  width: number,
  masks: ReadonlyArray<{ name: string; mask: ArrayLike<number | boolean> }>,
  options: { restName?: string | null } = {},
): RegionSet {
  assertPositiveInteger(height, 'height');
  assertPositiveInteger(width, 'width');
  const restName = options.restName === undefined ? 'rest' : options.restName;
  const plane = height * width;
  const owner = new Int32Array(plane).fill(-1);
  const regions: RegionMask[] = [];
  const names = new Set<string>();
  masks.forEach(({ name, mask }, r) => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new AnalysisError('mask', `mask #${r} has no name; give every region a non-empty name.`);
    }
    if (names.has(name)) throw new AnalysisError('mask', `two masks are named '${name}'; region names must be unique.`);
    names.add(name);
    if (mask.length !== plane) {
      throw new AnalysisError(
        'mask',
        `mask '${name}' has length ${mask.length}, expected height x width = ${height} x ${width} = ${plane} (row-major, y * width + x).`,
      );
    }
    const out = new Uint8Array(plane);
    for (let i = 0; i < plane; i++) {
      const raw = mask[i];
      const v = raw === true ? 1 : raw === false ? 0 : raw;
      if (v !== 0 && v !== 1) {
        throw new AnalysisError('mask', `mask '${name}' has ${String(raw)} at index ${i}; mask entries must be 0/1 or booleans.`);
      }
      if (v === 1) {
        const other = owner[i];
        if (other >= 0) {
          throw new AnalysisError(
            'mask',
            `masks '${regions[other].name}' and '${name}' overlap at row ${Math.floor(i / width)}, column ${i % width}; regions must be disjoint.`,
          );
        }
        owner[i] = r;
        out[i] = 1;
      }
    }
    regions.push({ name, mask: out });
  });
  const rest = new Uint8Array(plane);
  let restCount = 0;
  for (let i = 0; i < plane; i++) {
    if (owner[i] < 0) {
      rest[i] = 1;
      restCount++;
    }
  }
  if (restCount > 0) {
    if (restName === null) {
      const first = owner.indexOf(-1);
      throw new AnalysisError(
        'mask',
        `${restCount} pixels are in no region (first at row ${Math.floor(first / width)}, column ${first % width}); cover the map or allow a rest region.`,
      );
    }
    if (names.has(restName)) {
      throw new AnalysisError('mask', `${restCount} pixels are in no region, but the rest-region name '${restName}' is taken; pass another restName.`);
    }
    regions.push({ name: restName, mask: rest });
  }
  return { height, width, regions };
}

/**
 * Checks that a hand-built {@link RegionSet} is well formed (sizes, 0/1 entries, disjoint, unique names, full cover).
 * Returns the number of pixels in each region, in order.
 *
 * @example
 * validateRegionSet(regionMasks({ size: 4, pad: 1, edgeWidth: 1 })); // [12, 4, 0]
 */
export function validateRegionSet(set: RegionSet): number[] {
  const checked = createRegionSet(set.height, set.width, set.regions, { restName: null });
  return checked.regions.map((r) => {
    let n = 0;
    for (let i = 0; i < r.mask.length; i++) n += r.mask[i];
    return n;
  });
}
