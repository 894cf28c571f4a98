import type { PadMode } from '../data/pad.js';
import { isPadded, variantGeometry } from '../summary/variant-geometry.js';
import type { VariantSummary } from '../summary/types.js';
import type { PadClaim, PadContentKind } from './types.js';

/** What each numpy.pad mode puts into the pad pixels. */
const CONTENT: Readonly<Record<PadMode, PadContentKind>> = {
  constant: 'constant value',
  edge: 'copies the border',
  reflect: 'mirrors',
  symmetric: 'mirrors',
  wrap: 'wraps',
};

/**
 * The pad of a variant as measured: what its targets hold, how many are exactly 0, and what the
 * pad pixels cost against the original ones. Null when the variant has no pad pixels in its loss.
 *
 * @example
 * padClaim(edge32)?.content;            // 'copies the border'
 * padClaim(edge32)?.padAgainstOriginal; // 'cheaper'
 */
export function padClaim(v: VariantSummary): PadClaim | null {
  const pad = v.regions.find((r) => r.region === 'pad');
  if (v.padMode === 'none' || v.lossRegion !== 'all' || pad === undefined || !isPadded(variantGeometry(v))) return null;
  const padLoss = pad.meanLoss.mean;
  const originalLoss = v.originalLoss.mean;
  return {
    variant: v.variant,
    mode: v.padMode,
    content: CONTENT[v.padMode],
    pixels: pad.pixels,
    weight: pad.weight,
    exactZeroShare: v.padNonZeroShare === null ? null : 1 - v.padNonZeroShare,
    padLoss,
    originalLoss,
    padAgainstOriginal: padLoss < originalLoss ? 'cheaper' : padLoss > originalLoss ? 'dearer' : 'equal',
  };
}
