/**
 * The reader's glossary: each term the report uses, defined once, in words a reader without the
 * paper can follow. The same definitions are the tooltips (`<abbr title>`) of the tables' headers.
 */
import type { LossLabel } from './experiment.js';
import { escapeHtml } from './escape.js';

/** A term of the glossary. */
export interface GlossaryEntry {
  term: string;
  definition: string;
}

/**
 * The glossary for a summary's loss (BCE has nats and an entropy floor; MSE and L1 have neither).
 *
 * @example
 * glossary(lossLabel(summary)).map((e) => e.term); // ['gap', 'dilution', 'same-pixel change', ...]
 */
export function glossary(label: LossLabel): GlossaryEntry[] {
  const entries: GlossaryEntry[] = [
    { term: 'gap', definition: 'The first model’s mean test loss minus the second’s, L(a) − L(b), over the seeds both have; positive when the second model’s loss is lower. It splits exactly into dilution plus the same-pixel change.' },
    { term: 'dilution', definition: 'The part of the gap due only to averaging the pad pixels into the per-pixel mean: pad share × (loss on the original pixels − loss on the pad pixels). Positive (lowers the loss) when pad pixels are cheaper to predict than the original ones; no pixel is predicted any better or worse by it.' },
    { term: 'same-pixel change', definition: 'The part of the gap on the pixels both models predict (the original image): how much better (positive) or worse (negative) the second model predicts them. It splits into the edge ring and the interior.' },
    { term: 'edge ring', definition: 'The original image’s outermost pixels (the ring as wide as the edge width), where a convolution without a pad sees its zero padding; the interior is the rest of the original image.' },
    { term: 'pad ring', definition: 'The pixels padding adds around the original image; what they hold depends on the pad mode (a constant, copies of the border, a mirror image, or the opposite side).' },
    { term: 'share of the gap', definition: 'A term divided by the gap, given only when the gap is established and the share lies between 0 and 200%; otherwise the report says why there is none.' },
    { term: '95% CI', definition: 'The t-based 95% confidence interval of a mean across seeds; for a loss its lower end is never shown below 0.' },
    { term: 'Holm', definition: 'p_Holm: the paired t-test’s p-value adjusted by the Holm–Bonferroni method for the several terms tested within one comparison. A term is established when its 95% CI excludes 0 and p_Holm < 0.05.' },
    { term: 'not distinguishable', definition: 'The seeds cannot tell the term from 0 (its CI contains 0, or the Holm adjustment keeps it above 0.05); where the plan says so, the report gives the number of seeds that would resolve an effect of its size.' },
    { term: 'paired seeds', definition: 'Runs of the two models with the same seed, compared seed by seed.' },
  ];
  if (label.hasFloor) {
    entries.unshift({ term: 'nats', definition: 'The unit of binary cross-entropy with the natural logarithm; the losses are means per pixel.' });
    entries.push({ term: 'entropy floor', definition: 'The loss even a perfect predictor pays on grey targets (their binary entropy); only the excess above it can be learned. Exactly-0 pixels have a floor of 0.' });
  }
  return entries;
}

/**
 * A term with its glossary definition as a tooltip: `<abbr title="...">dilution</abbr>`; the text
 * escaped when the term is not in the glossary.
 *
 * @example
 * withTooltip('dilution', entries); // '<abbr title="The part of the gap ...">dilution</abbr>'
 */
export function withTooltip(text: string, entries: readonly GlossaryEntry[], term = text): string {
  const e = entries.find((x) => x.term === term);
  return e === undefined ? escapeHtml(text) : `<abbr title="${escapeHtml(e.definition)}">${escapeHtml(text)}</abbr>`;
}

/**
 * The "How to read this" block: every term once, as a definition list.
 *
 * @example
 * glossaryHtml(glossary(lossLabel(summary))); // '<section id="how-to-read">...'
 */
export function glossaryHtml(entries: readonly GlossaryEntry[]): string {
  return (
    '<section id="how-to-read"><h2>How to read this</h2><dl class="glossary">' +
    entries.map((e) => `<dt id="term-${escapeHtml(e.term.replace(/[^a-z0-9]+/gi, '-').toLowerCase())}">${escapeHtml(e.term)}</dt><dd>${escapeHtml(e.definition)}</dd>`).join('') +
    '</dl></section>'
  );
}
