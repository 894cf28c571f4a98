/**
 * Words for the ablation claims (src/findings/ablation.ts): each comparison word is the claim's, and each number
 * is printed with enough decimals that two numbers compared as different print differently. Plain text; callers
 * escape.
 */
import type { AblationFindings, Comparison, OriginalOnlyClaim, WhatIfClaim } from '../findings/index.js';
import { fmtLoss, fmtSigned } from './format.js';

/**
 * Decimals (at least `min`, at most 8) at which `a` and `b` print differently when they differ.
 *
 * @example
 * distinctDecimals(0.21921, 0.21925); // 5
 */
export function distinctDecimals(a: number, b: number, min = 4): number {
  let d = min;
  while (d < 8 && a !== b && fmtLoss(a, d) === fmtLoss(b, d)) d += 1;
  return d;
}

/** Three significant digits, at least four decimals, with its sign: `+0.0109`, `−0.000312`. */
function signed(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return fmtSigned(x);
  return fmtSigned(x, Math.min(8, Math.max(4, 2 - Math.floor(Math.log10(Math.abs(x))))));
}

const COMPARED: Readonly<Record<Comparison, string>> = { lower: 'lower than', higher: 'higher than', equal: 'equal to' };

const seedList = (seeds: readonly number[]): string => (seeds.length === 1 ? `seed ${seeds[0]}` : `seeds ${seeds.slice(0, -1).join(', ')} and ${seeds[seeds.length - 1]}`);

/**
 * The padded models on the original pixels only, in one or two sentences.
 *
 * @example
 * originalOnlyWords(claim, 28, 28);
 * // "Scored on the original 28×28 pixels only, edge32's models (pad 2, edge) average 0.2586, higher than the 0.2263 of baseline28's models on the same pixels, ..."
 */
export function originalOnlyWords(c: OriginalOnlyClaim, height: number, width: number): string {
  const d = Math.max(distinctDecimals(c.originalLoss, c.referenceLoss), distinctDecimals(c.originalLoss, c.allLoss));
  const f = (x: number): string => fmtLoss(x, d);
  // The claim's word, unless the two numbers print alike even at 8 decimals.
  const compared = (cmp: Comparison, a: number, b: number): string => (cmp !== 'equal' && f(a) === f(b) ? 'about equal to' : COMPARED[cmp]);
  const padded = `${height + 2 * c.pad}×${width + 2 * c.pad}`;
  const first =
    `Scored on the original ${height}×${width} pixels only, ${c.variant}'s models (pad ${c.pad}, ${c.mode}) average ${f(c.originalLoss)}, ` +
    `${compared(c.againstReference, c.originalLoss, c.referenceLoss)} the ${f(c.referenceLoss)} of ${c.reference}'s models on the same pixels, ` +
    `and ${compared(c.againstAll, c.originalLoss, c.allLoss)} their own ${f(c.allLoss)} over all ${padded} pixels (means over ${seedList(c.seeds)}; no test here).`;
  // Only when the numbers show it: a lower loss over all pixels that the original pixels do not share.
  const dLow = distinctDecimals(c.allLoss, c.referenceLoss);
  if (c.allLoss < c.referenceLoss && c.originalLoss >= c.referenceLoss && fmtLoss(c.allLoss, dLow) !== fmtLoss(c.referenceLoss, dLow)) {
    return `${first} So ${c.variant}'s lower loss over all pixels (${fmtLoss(c.allLoss, dLow)} against ${fmtLoss(c.referenceLoss, dLow)}) comes from its pad pixels; on the pixels both predict it is not lower.`;
  }
  return first;
}

/**
 * Where the what-if misses for one variant's models.
 *
 * @example
 * whatIfWords(claim); // "edge32's models: measured − predicted runs from −0.0104 to +0.00746 over 12 rows; ..."
 */
export function whatIfWords(c: WhatIfClaim): string {
  const range = c.rows === 1 || c.minMiss === c.maxMiss ? `is ${signed(c.minMiss)}` : `runs from ${signed(c.minMiss)} to ${signed(c.maxMiss)}`;
  const count = (k: number): string => (k !== c.rows ? `${k} of ${c.rows}` : c.rows === 1 ? 'the one' : `all ${c.rows}`);
  const parts = (
    [
      ['higher', c.above],
      ['lower', c.below],
      ['the same', c.exact],
    ] as const
  )
    .filter(([, k]) => k > 0)
    .map(([word, k]) => `${word} in ${count(k)} row${c.rows === 1 ? '' : 's'}`);
  const listed = parts.length <= 1 ? parts.join('') : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `${c.variant}'s models: measured − predicted ${range} over ${c.rows} row${c.rows === 1 ? '' : 's'}; with the pad, their loss on the original pixels was ${listed} (against the same model at pad 0).`;
}

/**
 * The paragraphs of the report's ablation section: what was measured, then the claims.
 *
 * @example
 * ablationParagraphs(ablationFindings(doc)).length; // 1 + originalOnly + whatIf claims
 */
export function ablationParagraphs(f: AblationFindings): string[] {
  const { originalHeight: h, originalWidth: w } = f;
  const lead =
    `boundary-effects ablate ran each model itself on the same ${f.images.toLocaleString('en-US')} test images and noise at other pad widths and modes (ablations.json). ` +
    `Each row gives the loss over all pixels and over the original ${h}×${w} pixels only, and the predictor's what-if for that row: the same model's per-pixel losses at pad 0 kept on the original pixels, each pad pixel at the pad cost measured in the row. ` +
    `Measured − predicted is then (original pixels / all pixels) × the change of the model's loss on the original pixels when the pad is added.`;
  return [lead, ...f.originalOnly.map((c) => originalOnlyWords(c, h, w)), ...f.whatIf.map(whatIfWords)];
}
