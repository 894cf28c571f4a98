/** One named region of an H x W map: `mask[y*W + x]` is 1 inside the region, 0 outside. */
export interface RegionMask {
  name: string;
  mask: Uint8Array;
}

/** Disjoint named regions of an H x W map (validated by `createRegionSet` / `regionMasks` in regions.ts). */
export interface RegionSet {
  height: number;
  width: number;
  regions: RegionMask[];
}
