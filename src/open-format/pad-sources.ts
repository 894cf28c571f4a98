import type { SidePads } from '../analysis/image-geometry.js';
import type { OpenPadMode } from './manifest.js';

/**
 * Where np.pad takes a padded position's value from along one axis: `j` is the position relative to the
 * original's first pixel (negative in the before-pad, >= n in the after-pad), `n` the original length. Pads wider
 * than the original repeat the pattern (NumPy pads such axes in rounds, which gives the periodic extension).
 * Null for 'constant' (the value is not taken from the image) and 'none'.
 *
 * @example
 * padSource('edge', -2, 5);      // 0
 * padSource('reflect', -2, 5);   // 2
 * padSource('symmetric', -2, 5); // 1
 * padSource('wrap', -2, 5);      // 3
 */
export function padSource(mode: OpenPadMode, j: number, n: number): number | null {
  const mod = (a: number, m: number) => ((a % m) + m) % m;
  switch (mode) {
    case 'edge':
      return j < 0 ? 0 : j >= n ? n - 1 : j;
    case 'wrap':
      return mod(j, n);
    case 'symmetric': {
      const m = mod(j, 2 * n);
      return m < n ? m : 2 * n - 1 - m;
    }
    case 'reflect': {
      if (n === 1) return 0; // NumPy extends a length-1 axis as 'edge' does
      const m = mod(j, 2 * (n - 1));
      return m < n ? m : 2 * (n - 1) - m;
    }
    case 'constant':
    case 'none':
      return null;
  }
}

/** The pad pixels of a padded H x W image and, per pad pixel, the pixel np.pad copies (-1 for 'constant'). */
export interface PadSourceMap {
  /** Plane index (y * W + x) of each pad pixel, ascending. */
  pixels: Int32Array;
  /** Plane index of the pixel its value comes from, or -1 when the mode is 'constant'. */
  sources: Int32Array;
}

/**
 * Every pad pixel of a `height x width` image padded by `pads` with `mode`, and the original pixel np.pad copies
 * into it (padding applies per axis, so a corner comes from the original's corner region). Null when nothing is
 * padded or the mode is 'none'.
 *
 * @example
 * padSourceMap('edge', 3, 4, { top: 0, bottom: 0, left: 1, right: 0 });
 * // pixels [0, 4, 8] (column 0), sources [1, 5, 9] (column 1)
 */
export function padSourceMap(mode: OpenPadMode, height: number, width: number, pads: SidePads): PadSourceMap | null {
  if (mode === 'none') return null;
  const h0 = height - pads.top - pads.bottom;
  const w0 = width - pads.left - pads.right;
  const pixels: number[] = [];
  const sources: number[] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inside = y >= pads.top && y < pads.top + h0 && x >= pads.left && x < pads.left + w0;
      if (inside) continue;
      pixels.push(y * width + x);
      const sy = padSource(mode, y - pads.top, h0);
      const sx = padSource(mode, x - pads.left, w0);
      sources.push(sy === null || sx === null ? -1 : (sy + pads.top) * width + sx + pads.left);
    }
  }
  return pixels.length === 0 ? null : { pixels: Int32Array.from(pixels), sources: Int32Array.from(sources) };
}
