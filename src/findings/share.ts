import type { ShareClaim, TermClaim } from './types.js';

/**
 * The largest share of the gap a term may be given: twice the gap. Beyond it the gap is small
 * against its parts, which pull in opposite directions, and a percentage says nothing a reader can
 * use (the issue's −318 % for a gap with p_Holm = 0.90). Below 0 a term works against the gap.
 */
export const SHARE_LIMIT = 2;

/**
 * The dilution and same-pixel shares of an established gap, each given only when it lies in
 * [0, SHARE_LIMIT]; withheld (with the reason) when the gap is not established or is 0.
 *
 * @example
 * shareClaim(gap, dilution, samePixel); // { kind: 'shares', dilution: 1.01, samePixel: null }
 */
export function shareClaim(gap: TermClaim, dilution: TermClaim, samePixel: TermClaim): ShareClaim {
  if (gap.evidence.kind !== 'established') return { kind: 'withheld', reason: 'gap-not-established' };
  if (gap.mean === 0) return { kind: 'withheld', reason: 'gap-zero' };
  const within = (x: number): number | null => (x >= 0 && x <= SHARE_LIMIT ? x : null);
  const d = within(dilution.mean / gap.mean);
  const s = within(samePixel.mean / gap.mean);
  if (d === null && s === null) return { kind: 'withheld', reason: 'outside-limit' };
  return { kind: 'shares', dilution: d, samePixel: s };
}
