import type { VariantGeometry, VariantSummary } from './types.js';

/**
 * A summarised variant's geometry in general, whichever way summary.json wrote it: `geometry` when
 * present, else the square `size` with `pad` on every side and one channel.
 *
 * @example
 * variantGeometry({ size: 32, pad: 2 }); // { height: 32, width: 32, pads: { top: 2, bottom: 2, left: 2, right: 2 }, channels: 1 }
 */
export function variantGeometry(v: Pick<VariantSummary, 'size' | 'pad' | 'geometry'>): VariantGeometry {
  if (v.geometry !== undefined) return v.geometry;
  const size = v.size ?? 0;
  const pad = v.pad ?? 0;
  return { height: size, width: size, pads: { top: pad, bottom: pad, left: pad, right: pad }, channels: 1 };
}

/**
 * The original (unpadded) image's height and width of a geometry.
 *
 * @example
 * originalShape({ height: 24, width: 22, pads: { top: 1, bottom: 3, left: 2, right: 0 }, channels: 3 }); // { height: 20, width: 20 }
 */
export function originalShape(g: VariantGeometry): { height: number; width: number } {
  return { height: g.height - g.pads.top - g.pads.bottom, width: g.width - g.pads.left - g.pads.right };
}

/**
 * True when a geometry has a pad on some side.
 *
 * @example
 * isPadded(variantGeometry({ size: 28, pad: 0 })); // false
 */
export function isPadded(g: VariantGeometry): boolean {
  return g.pads.top + g.pads.bottom + g.pads.left + g.pads.right > 0;
}

/**
 * The pads in words: "pad of 2" when every side has the same pad, else "pads top/bottom/left/right = 1/3/2/0".
 *
 * @example
 * describePads({ top: 1, bottom: 3, left: 2, right: 0 }); // 'pads top/bottom/left/right = 1/3/2/0'
 */
export function describePads(pads: VariantGeometry['pads']): string {
  const { top, bottom, left, right } = pads;
  if (top === bottom && top === left && top === right) return `pad of ${top}`;
  return `pads top/bottom/left/right = ${top}/${bottom}/${left}/${right}`;
}
