/**
 * What "paired by seed" means for one experiment, in words: which random streams the two runs of a
 * seed share (summary.json's `settings.pairing`, the design every comparison pairs under) and, when
 * the variants were trained under different designs, each variant's (`settings.pairingByVariant`).
 */
import type { Summary } from '../summary/types.js';

/** The streams each design shares, as a phrase (the designs of src/train/pairing-design.ts). */
const SHARED: ReadonlyMap<string, string> = new Map([
  ['weights', 'their initial weights only (batch order and noise differ)'],
  ['weights+shuffles', 'their initial weights and batch order, and their noise only when the two images have the same size'],
  ['weights+shuffles+noise', 'their initial weights, batch order and the noise on the original pixels'],
]);

/**
 * The methods clause on pairing, without a final full stop.
 *
 * @example
 * pairingClause({ settings: { pairing: 'weights' } });
 * // 'paired tests pair runs by seed: the two runs of a seed share their initial weights only (batch order and noise differ)'
 * pairingClause({ settings: {} }); // 'paired tests pair runs by seed'
 */
export function pairingClause(summary: Pick<Summary, 'settings'>): string {
  const design = summary.settings.pairing ?? null;
  const shared = design === null ? undefined : SHARED.get(design);
  if (shared === undefined) return 'paired tests pair runs by seed';
  const clause = `paired tests pair runs by seed: the two runs of a seed share ${shared}`;
  const byVariant = summary.settings.pairingByVariant;
  if (byVariant === undefined) return clause;
  // Group the variants by design, in the order the summary lists them.
  const groups = new Map<string, string[]>();
  for (const [variant, own] of Object.entries(byVariant)) groups.set(own, [...(groups.get(own) ?? []), variant]);
  const listed = [...groups].map(([own, variants]) => `${variants.join(', ')} under '${own}'`).join('; ');
  return `${clause}, in every comparison (variants trained ${listed})`;
}
