/**
 * The answer for every comparison in one compact table at the top of the report: gap, dilution and
 * same-pixel change, each with its 95% CI and a verdict phrased from its claim (src/findings).
 */
import type { ComparisonFindings, Findings, TermClaim } from '../findings/index.js';
import type { Summary } from '../summary/types.js';
import { evidenceP } from './claim-words.js';

/** `+0.0225 [+0.0218, +0.0233]`: a claim's mean and 95% CI, compact. */
const compact = (t: TermClaim): string => fmtEstimate(t.mean, t.ci95, true);
import { escapeHtml } from './escape.js';
import { describeChange, lossLabel, relabelLoss } from './experiment.js';
import { fmtEstimate, fmtPercent } from './format.js';
import { glossary, withTooltip } from './glossary.js';

/** One row of the answers table, as text. */
export interface AnswerRowText {
  comparison: string;
  change: string;
  gap: string;
  gapVerdict: string;
  dilution: string;
  samePixel: string;
  samePixelVerdict: string;
}

/** The verdict on a term without naming a direction it has not established. */
function verdict(t: TermClaim, established: { lowers: string; raises: string }): string {
  switch (t.evidence.kind) {
    case 'established':
      return `${t.direction === 'lowers' ? established.lowers : established.raises} (${evidenceP(t.evidence)})`;
    case 'not-testable':
      return `no test with ${t.evidence.seeds} seed${t.evidence.seeds === 1 ? '' : 's'}`;
    case 'not-distinguishable': {
      const why = t.evidence.reason === 'holm' ? 'not significant after Holm' : 'not distinguishable from 0';
      const more = t.evidence.seedsToResolve === null ? '' : `; ~${t.evidence.seedsToResolve.toLocaleString('en-US')} seeds would resolve it`;
      return `${why} (${evidenceP(t.evidence)}${more})`;
    }
  }
}

/** The dilution cell: its value and CI, then its share of the gap or why there is none. */
function dilutionText(f: ComparisonFindings, dil: TermClaim): string {
  const s = f.share;
  if (dil.direction === 'no change' && dil.ci95 === null) return '0 (no pad pixels in either loss)';
  let share: string;
  if (s.kind === 'shares') share = s.dilution === null ? 'works against the gap' : `${fmtPercent(s.dilution)} of the gap`;
  else share = { 'gap-not-established': 'no share: gap not established', 'gap-zero': 'no share: gap is 0', 'outside-limit': 'no share: its parts pull opposite ways' }[s.reason];
  return `${compact(dil)}; ${share}`;
}

/**
 * The rows of the answers table, one per comparison in the summary's order (comparisons without
 * gap terms are left out).
 *
 * @example
 * answerRows(summary, findings)[0].gapVerdict; // 'edge32 lower (p_Holm < 0.001)'
 */
export function answerRows(summary: Summary, findings: Findings): AnswerRowText[] {
  return findings.comparisons.flatMap((f) => {
    const { gap, dilution, samePixel } = f.terms;
    const va = summary.variants.find((v) => v.variant === f.a);
    const vb = summary.variants.find((v) => v.variant === f.b);
    if (!gap || !dilution || !samePixel || !va || !vb) return [];
    return [
      {
        comparison: `${f.a} → ${f.b}`,
        change: describeChange(va, vb),
        gap: compact(gap),
        gapVerdict: verdict(gap, { lowers: `${f.b} lower`, raises: `${f.b} higher` }),
        dilution: dilutionText(f, dilution),
        samePixel: compact(samePixel),
        samePixelVerdict: verdict(samePixel, { lowers: `${f.b} better`, raises: `${f.b} worse` }),
      },
    ];
  });
}

/**
 * The answers table as HTML, headers with the glossary's definitions as tooltips.
 *
 * @example
 * answersTableHtml(summary, findings); // '<div class="table-wrap"><table class="data answers" id="answers">...'
 */
export function answersTableHtml(summary: Summary, findings: Findings): string {
  const rows = answerRows(summary, findings);
  if (rows.length === 0) return '';
  const label = lossLabel(summary);
  const g = glossary(label);
  const headers = [
    escapeHtml('comparison'),
    escapeHtml('what the second model changes'),
    withTooltip('gap a − b', g, 'gap'),
    escapeHtml('gap: verdict'),
    withTooltip('dilution', g),
    withTooltip('same-pixel change', g),
    escapeHtml('same pixels: verdict'),
  ];
  const caption = relabelLoss(`The answer for every comparison (nats/pixel, mean [95% CI] over paired seeds; positive lowers the second model’s loss; p Holm-adjusted within each comparison)`, label);
  const body = rows
    .map((r) => `<tr>${[r.comparison, r.change, r.gap, r.gapVerdict, r.dilution, r.samePixel, r.samePixelVerdict].map((c) => `<td class="l">${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<div class="table-wrap"><table class="data answers" id="answers-table"><caption>${escapeHtml(caption)}</caption><thead><tr>${headers.map((h) => `<th class="l">${h}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}
