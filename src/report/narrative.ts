/**
 * The report's text, generated from the numbers: the answer (how much of the gap is dilution by pad
 * pixels, how much a real change on the same pixels, how much of the loss is the entropy floor), with
 * CIs and tests, and wording conditional on signs, CIs and significance so that no sentence claims more
 * than the numbers support. Plain text; the HTML renderer escapes it.
 */
import { largest, smallest } from '../stats/extremes.js';
import { describePads, isPadded, originalShape, variantGeometry } from '../summary/variant-geometry.js';
import type { ComparisonSummary, Estimate, GapTermSummary, Summary, VariantSummary } from '../summary/types.js';
import { datasetTitle, lossLabel, primaryComparison, QUESTION_SETTINGS, questionReferences, relabelLoss } from './experiment.js';
import { CUT_MARK, CUT_NOTE, decimalsFor, decimalsFromCi, decisiveP, fmtCi, fmtLoss, fmtP, fmtPercent, fmtSigned, nonNegativeInterval } from './format.js';
import { indistinguishableVerdict } from './seeds-verdict.js';
import { comparisonFindings, evidenceOf, MIN_SEEDS_FOR_TEST as FINDINGS_MIN_SEEDS, type ComparisonFindings, type TermClaim } from '../findings/index.js';
import { claimDecimals, claimText, claimValue, directionVerb, evidenceP, evidenceWords, lossMove, padTargetWords, samePixelVerdict } from './claim-words.js';

/** Minimum paired seeds for a test to count (below it the narrative says no test was possible). */
export const MIN_SEEDS_FOR_TEST = FINDINGS_MIN_SEEDS;

/** What the numbers say about a signed quantity. */
export type Evidence =
  /** Fewer than {@link MIN_SEEDS_FOR_TEST} pairs, or no CI/p. */
  | 'untested'
  /** The 95% CI contains 0. */
  | 'indistinguishable'
  /** The CI excludes 0 but the (Holm-adjusted) p is not below alpha. */
  | 'not-significant'
  | 'positive'
  | 'negative';

/** Options of {@link buildNarrative}. */
export interface NarrativeOptions {
  /** Significance level for the Holm-adjusted p (default 0.05). */
  alpha?: number;
}

/** The generated text. */
export interface Narrative {
  /** The question in two sentences. */
  question: string[];
  /**
   * When the runs are few or short (fewer than 3 seeds, fewer epochs or images than the question's
   * runs): what was run and what the report cannot conclude, for a banner at the top. Empty otherwise.
   */
  banner: string[];
  /** The mechanism in one sentence (null when the summary has no padded comparison to explain). */
  mechanism: string | null;
  /** One-paragraph answer. */
  answer: string;
  /** Further paragraphs (decomposition, floor, readings of the ablations that a table cannot give). */
  paragraphs: string[];
  /** Footnotes the text's marks refer to (a CI cut at 0). */
  notes: string[];
}

/**
 * Classifies a term by its 95% CI, its Holm-adjusted p and the number of pairs.
 *
 * @example
 * classify({ n: 5, mean: 0.02, ci95: [0.01, 0.03] }, { pHolm: 0.001, pT: 0.0004 }); // 'positive'
 * classify({ n: 2, mean: 0.02, ci95: [-1, 1] }, { pHolm: null, pT: null });         // 'untested'
 */
export function classify(e: Pick<Estimate, 'n' | 'mean' | 'ci95'>, test: { pHolm: number | null; pT: number | null }, alpha = 0.05): Evidence {
  // One source of truth: the findings' evidence, in the narrative's older five classes.
  const ev = evidenceOf(e, test, alpha);
  if (ev.kind === 'not-testable') return 'untested';
  if (ev.kind === 'not-distinguishable') return ev.reason === 'holm' ? 'not-significant' : 'indistinguishable';
  return e.mean > 0 ? 'positive' : 'negative';
}

const QUESTION = [
  'A denoising convolutional autoencoder trained on MNIST (28×28) reaches a binary cross-entropy of about 0.099, while the same network trained on the same images edge-padded by 2 pixels to 32×32 reaches about 0.075.',
  'Why does adding a few pixels around the edge lower the loss by a quarter, and is the padded network actually better?',
];

/**
 * The question as it applies to the summary's dataset: the seed's two sentences for MNIST; for any
 * other dataset, the seed's observation and the question whether its explanation carries over.
 *
 * @example
 * questionFor('fashion-mnist')[1]; // 'Here the same networks are trained on Fashion-MNIST, ...'
 */
export function questionFor(dataset: string): string[] {
  if (dataset === 'mnist') return [...QUESTION];
  const title = datasetTitle(dataset);
  return [
    QUESTION[0],
    `Here the same networks are trained on ${title} instead. ${dataset === 'fashion-mnist' ? "Its clothes, shoes and bags, unlike MNIST's digits, often reach the border of the image, so the pad copies real content. " : ''}Does padding lower the loss here too, and for the same reason?`,
  ];
}


function pText(t: GapTermSummary['test'] | undefined): string {
  if (!t) return 'no test';
  const eq = (p: number): string => (fmtP(p).startsWith('<') ? ` ${fmtP(p)}` : ` = ${fmtP(p)}`);
  if (t.pHolm !== null) return `p_Holm${eq(t.pHolm)}`;
  if (t.pT !== null) return `p${eq(t.pT)}`;
  return 'no test';
}

/** Decimals for an estimate, from its CI's width (see decimalsFromCi). */
function decimalsOf(e: Pick<Estimate, 'mean' | 'ci95'>): number {
  return decimalsFromCi(e.mean, e.ci95);
}

/**
 * `+0.0225 (95% CI [+0.0218, +0.0233])` for a signed difference; for a loss (unsigned), the interval
 * respects the bound at 0 and is marked when it had to be cut there.
 */
function withCi(e: Pick<Estimate, 'mean' | 'ci95'>, signed = true): string {
  const d = decimalsOf(e);
  if (!signed) {
    const iv = nonNegativeInterval(e);
    if (iv === null) return fmtLoss(e.mean, d);
    const lo = iv.kind === 't-cut-at-0' ? '0' : fmtLoss(iv.lo, d);
    return `${fmtLoss(e.mean, d)} (95% CI [${lo}, ${fmtLoss(iv.hi, d)}]${iv.kind === 't-cut-at-0' ? CUT_MARK : ''})`;
  }
  const v = fmtSigned(e.mean, d);
  return e.ci95 === null ? v : `${v} (95% CI ${fmtCi(e.ci95, d, true)})`;
}

function term(c: ComparisonSummary, name: GapTermSummary['term']): GapTermSummary | undefined {
  return c.terms.find((t) => t.term === name);
}

/** The two variants of a comparison, its gap terms and its number of paired seeds. */
function comparisonParts(summary: Summary, c: ComparisonSummary) {
  return {
    va: summary.variants.find((v) => v.variant === c.a),
    vb: summary.variants.find((v) => v.variant === c.b),
    gap: term(c, 'gap'),
    sp: term(c, 'samePixel'),
    dil: term(c, 'dilution'),
    edge: term(c, 'samePixelEdge'),
    interior: term(c, 'samePixelInterior'),
    n: c.pairedSeeds.length,
  };
}

/** `+0.0015 (95% CI [..]; p_Holm = 0.004)`, with the evidence class in words when it limits the claim. */
function termText(t: GapTermSummary, n: number, alpha: number): string {
  const ev = classify(t.estimate, t.test, alpha);
  const d = decimalsOf(t.estimate);
  const ci = t.estimate.ci95 === null ? '' : `95% CI ${fmtCi(t.estimate.ci95, d, true)}; `;
  const v = fmtSigned(t.estimate.mean, d);
  switch (ev) {
    case 'untested':
      return `${v} (no test possible with ${n} seed${n === 1 ? '' : 's'})`;
    case 'indistinguishable':
      return `${v} (${ci}${indistinguishableVerdict(t, n, pText(t.test))})`;
    case 'not-significant':
      return `${v} (${ci}not significant after the Holm adjustment, ${pText(t.test)})`;
    default:
      return `${v} (${ci}${pText(t.test)})`;
  }
}

/**
 * The question's number for a variant against ours. The question reports the training loss Keras
 * prints, rounded ("about 0.099"), so it is compared with our final training loss, and it stands
 * for every value that rounds to it: 0.099 for [0.0985, 0.0995].
 */
function referenceSentence(v: VariantSummary, ref: number, effect: number): string {
  const half = 0.5 * 10 ** -(String(ref).split('.')[1]?.length ?? 0);
  const [lo, hi] = [ref - half, ref + half];
  const train = v.finalTrainLoss;
  if (train === null) return `${v.variant}: the question reports about ${ref} (a training loss), but these runs give no final training loss to compare it with; our test loss is ${withCi(v.testLoss, false)}.`;
  const diff = train.mean - ref;
  const differs = `${diff < 0 ? 'lower' : 'higher'} by ${fmtLoss(Math.abs(diff))} (${fmtPercent(Math.abs(diff) / ref)})`;
  let verdict: string;
  if (train.ci95 === null || train.n < MIN_SEEDS_FOR_TEST) {
    verdict = `${differs}; with ${train.n} seed${train.n === 1 ? '' : 's'} there is no interval to judge that by`;
  } else if (train.ci95[1] - train.ci95[0] > effect) {
    // An interval wider than the effect the question is about says nothing about agreement.
    verdict = `${differs}; the CI is wider than the question's gap (${fmtLoss(effect)}), so it can neither confirm nor refute the number`;
  } else {
    verdict = train.ci95[1] >= lo && train.ci95[0] <= hi ? 'consistent with it' : differs;
  }
  return `${v.variant}: the question reports about ${ref} (the training loss Keras prints, so anything from ${fmtLoss(lo)} to ${fmtLoss(hi)} before rounding); our final training loss is ${withCi(train, false)}${train.ci95 === null ? ' (one seed, no CI)' : ''}, ${verdict}; our test loss is ${withCi(v.testLoss, false)}.`;
}

/** The sentences comparing our training losses with the question's reported ones (none without references). */
function referenceSentences(summary: Summary): string[] {
  const refs = questionReferences(summary);
  const values = refs.map((r) => r.value);
  const effect = values.length > 1 ? largest(values) - smallest(values) : Number.POSITIVE_INFINITY;
  return refs.flatMap((r) => {
    const v = summary.variants.find((x) => x.variant === r.variant);
    return v ? [referenceSentence(v, r.value, effect)] : [];
  });
}

function answerParagraph(summary: Summary, c: ComparisonSummary, f: ComparisonFindings): string {
  const { va, vb, n } = comparisonParts(summary, c);
  const { gap, samePixel: sp, dilution: dil } = f.terms;
  const out: string[] = [];
  if (va && vb) {
    out.push(
      `Over ${n} paired seed${n === 1 ? '' : 's'}, ${c.a} reaches a test loss of ${withCi(va.testLoss, false)} nats/pixel and ${c.b} ${withCi(vb.testLoss, false)}.`,
    );
  }
  if (!gap || !sp || !dil) {
    out.push('The summary lacks the gap terms of this comparison, so the gap cannot be split here.');
    return out.join(' ');
  }
  switch (gap.evidence.kind) {
    case 'established': {
      const ci = gap.ci95 === null ? null : gap.direction === 'lowers' ? gap.ci95 : ([-gap.ci95[1], -gap.ci95[0]] as [number, number]);
      out.push(`${c.b}'s loss is ${gap.direction === 'lowers' ? 'lower' : 'higher'} by ${withCi({ mean: gap.size, ci95: ci }, false)} nats/pixel (paired t-test, ${evidenceP(gap.evidence)}).`);
      break;
    }
    case 'not-distinguishable':
      out.push(`The gap ${c.a} − ${c.b} is ${claimValue(gap)}: ${evidenceWords(gap.evidence)}.`);
      break;
    case 'not-testable':
      // One sentence for the whole split: with too few seeds nothing in it can be tested.
      out.push(
        `The gap ${c.a} − ${c.b} is ${fmtSigned(gap.mean, claimDecimals(gap))} nats/pixel, of which dilution is ${fmtSigned(dil.mean, claimDecimals(dil))} and the same-pixel change ${fmtSigned(sp.mean, claimDecimals(sp))}; with only ${n} seed${n === 1 ? '' : 's'} no test was possible (at least ${MIN_SEEDS_FOR_TEST} are needed), so this split describes these runs and is not evidence.`,
      );
      return out.join(' ');
  }
  // Each term with the decimals its own CI needs, so a term of +0.000002 never reads 0.0000.
  const v = (t: TermClaim): string => fmtSigned(t.mean, claimDecimals(t));
  // A direction only for an established term; otherwise what the seeds say.
  const acts = (t: TermClaim): string => (t.evidence.kind === 'established' ? `${directionVerb(t.direction)} the loss, against the gap` : `is not established (${evidenceP(t.evidence)})`);
  const share = f.share;
  if (share.kind === 'shares') {
    if (share.dilution !== null && share.samePixel !== null) {
      out.push(`${fmtPercent(share.dilution)} of the gap (${v(dil)}) is dilution by the pad pixels and ${fmtPercent(share.samePixel)} (${v(sp)}) is a change of the loss on the same original pixels.`);
    } else if (share.dilution !== null) {
      out.push(`Dilution by the pad pixels (${v(dil)}) is ${fmtPercent(share.dilution)} of the gap; the same-pixel change (${v(sp)}) ${acts(sp)}.`);
    } else if (share.samePixel !== null) {
      out.push(`The same-pixel change (${v(sp)}) is ${fmtPercent(share.samePixel)} of the gap; dilution (${v(dil)}) ${acts(dil)}.`);
    }
  } else if (share.reason === 'gap-not-established') {
    out.push(`Because the gap itself is not established, it is not split into shares; its terms are dilution ${claimValue(dil)} and same pixels ${claimValue(sp)}.`);
  } else {
    out.push(`Dilution (${v(dil)}) and the same-pixel change (${v(sp)}) pull in opposite directions, each far from the gap, so no share is given.`);
  }
  // the same-pixel verdict
  if (sp.evidence.kind === 'established') {
    out.push(
      sp.direction === 'lowers'
        ? `On the same original pixels ${c.b} is genuinely better: its loss there is lower by ${fmtLoss(sp.size)} nats/pixel (a − b = ${claimValue(sp)}, ${evidenceP(sp.evidence)}).`
        : `On the same original pixels ${c.b} is worse: its loss there is higher by ${fmtLoss(sp.size)} nats/pixel (a − b = ${claimValue(sp)}, ${evidenceP(sp.evidence)}).`,
    );
  } else if (sp.evidence.reason === 'holm') {
    out.push(`The change on the same original pixels, ${claimValue(sp)}, has a CI excluding zero but is not significant after the Holm adjustment (${evidenceP(sp.evidence)}).`);
  } else {
    out.push(`The change on the same original pixels, ${claimValue(sp)}, is ${indistinguishableVerdict(term(c, 'samePixel') ?? {}, n, evidenceP(sp.evidence))}: these runs show neither an improvement nor a loss on the pixels both networks predict.`);
  }
  if (dil.evidence.kind !== 'established' && dil.direction !== 'no change') {
    out.push(`The dilution term, ${claimValue(dil)}, is ${dil.evidence.reason === 'holm' ? 'not significant after the Holm adjustment' : 'not distinguishable from zero'} (${evidenceP(dil.evidence)}).`);
  }
  return out.join(' ');
}

function decompositionParagraph(summary: Summary, c: ComparisonSummary, f: ComparisonFindings, alpha: number): string | null {
  const parts = comparisonParts(summary, c);
  const { vb, edge, interior, n } = parts;
  const dil = f.terms.dilution;
  if (!vb || !dil || !edge || !interior) return null;
  const out: string[] = [];
  const pad = f.pad;
  if (pad !== null) {
    const padLoss = fmtLoss(pad.padLoss, decimalsFor([pad.padLoss]));
    // The sign of dilution is the sign of (original pixels' loss − pad pixels' loss): both from the claims.
    const cmp = { cheaper: 'below', dearer: 'above', equal: 'equal to' }[pad.padAgainstOriginal];
    out.push(
      `How dilution works: ${c.b}'s loss is the mean over ${shapeOf(vb).height}×${shapeOf(vb).width} = ${shapeOf(vb).height * shapeOf(vb).width} pixels, of which ${pad.pixels} (${fmtPercent(pad.weight)}) are pad pixels with a mean loss of ${padLoss}, ${cmp} the ${fmtLoss(pad.originalLoss)} on its original pixels; averaging them in ${directionVerb(dil.direction)} the mean${dil.direction === 'no change' ? '' : ` by ${fmtLoss(dil.size, claimDecimals(dil))}`} without any pixel being predicted ${dil.direction === 'raises' ? 'worse' : 'better'} (the dilution term: ${claimText(dil)}).`,
    );
  } else if (vb.lossRegion === 'original') {
    out.push(`${c.b} is trained and scored on the original pixels only, so it has no dilution; its whole gap is a same-pixel change.`);
  }
  out.push(`The same-pixel change splits exactly into the ${summary.settings.edgeWidth}-pixel edge ring, ${termText(edge, n, alpha)}, and the interior, ${termText(interior, n, alpha)}, each weighted by its share of the original pixels.`);
  const edgeOnly = edgeOnlySentence(c, parts, alpha);
  if (edgeOnly) out.push(edgeOnly);
  return out.join(' ');
}

/**
 * When the only same-pixel change the tests detect is on the edge ring, its size in the ring's own
 * terms: per pixel, relative to a's loss there, and as a share of the gap.
 */
function edgeOnlySentence(c: ComparisonSummary, parts: ReturnType<typeof comparisonParts>, alpha: number): string | null {
  const { va, vb, gap, edge, interior } = parts;
  const perPixel = c.tests.find((t) => t.quantity === 'region:edge');
  const ringA = va?.regions.find((r) => r.region === 'edge');
  if (!va || !vb || !gap || !edge || !interior || !perPixel || !ringA || !isPadded(variantGeometry(vb))) return null;
  const evEdge = classify(edge.estimate, edge.test, alpha);
  const evInterior = classify(interior.estimate, interior.test, alpha);
  if ((evEdge !== 'positive' && evEdge !== 'negative') || evInterior === 'positive' || evInterior === 'negative') return null;
  const d = perPixel.meanDifference;
  return (
    `The only change on the original pixels that the tests detect is on the edge ring, which the pad moves ${padDistance(vb)} away from the border where the convolutions pad with zeros: ` +
    `${c.b} is ${d > 0 ? 'better' : 'worse'} there by ${fmtLoss(Math.abs(d), decimalsFor([d]))} nats per pixel (${fmtPercent(Math.abs(d) / ringA.meanLoss.mean)} of ${c.a}'s ${fmtLoss(ringA.meanLoss.mean)}), ` +
    `a real boundary effect, but only ${fmtPercent(Math.abs(edge.estimate.mean / gap.estimate.mean))} of the gap.`
  );
}

/** How far the pad moves the original image from the border: 'N pixels', or the per-side pads. */
function padDistance(v: VariantSummary): string {
  const pads = variantGeometry(v).pads;
  return pads.top === pads.bottom && pads.top === pads.left && pads.top === pads.right ? `${pads.top} pixels` : `by its ${describePads(pads)} pixels`;
}

/** A variant's output height and width. */
function shapeOf(v: VariantSummary): { height: number; width: number } {
  const g = variantGeometry(v);
  return { height: g.height, width: g.width };
}

function floorParagraph(summary: Summary, c: ComparisonSummary | undefined): string | null {
  const names = c ? [c.a, c.b] : summary.variants.slice(0, 2).map((v) => v.variant);
  const vs = names.map((n) => summary.variants.find((v) => v.variant === n)).filter((v): v is VariantSummary => v !== undefined);
  if (vs.length === 0) return null;
  if (summary.loss !== undefined) {
    // mse and l1 reach 0 at a perfect prediction: say so instead of printing a floor of 0.
    return `${summary.loss} has no entropy floor: it reaches 0 when the prediction equals the clean target, so every part of its loss is, in principle, learnable (no floor or excess is reported).`;
  }
  const out = [
    'Binary cross-entropy with grey targets cannot reach zero: even a perfect predictor pays the binary entropy of each target, so part of every loss is a floor that no training removes.',
  ];
  for (const v of vs) {
    if (v.entropyFloor === null || v.excess === null) {
      out.push(`For ${v.variant} there is no floor: ${(v.unavailable ?? []).find((u) => u.startsWith('entropy floor')) ?? 'its runs have no clean targets'}.`);
      continue;
    }
    const share = v.testLoss.mean > 0 ? v.entropyFloor.mean / v.testLoss.mean : 0;
    out.push(`For ${v.variant} the floor is ${fmtLoss(v.entropyFloor.mean)} nats/pixel, ${fmtPercent(share)} of its loss; the learnable excess above it is ${withCi(v.excess, false)}.`);
  }
  if (vs.length === 2) {
    const [a, b] = vs;
    if (a.entropyFloor !== null && b.entropyFloor !== null && b.entropyFloor.mean < a.entropyFloor.mean && b.padNonZeroShare !== null) {
      out.push(
        `${b.variant}'s floor is lower because ${fmtPercent(1 - b.padNonZeroShare)} of its pad target pixels are exactly 0 and have zero entropy: the floor is diluted just like the loss.`,
      );
    }
  }
  return out.join(' ');
}

/** Mean of an estimate's per-seed values over the given seeds (those a comparison pairs). */
function meanOverSeeds(e: Estimate, seeds: readonly number[]): number {
  const values = seeds.map((seed) => e.values[e.seeds.indexOf(seed)]);
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/**
 * Both test losses over the seeds a comparison pairs, so that they differ by its gap even when one
 * variant has more seeds than the other.
 */
function pairedLossesText(va: VariantSummary, vb: VariantSummary, seeds: readonly number[]): string {
  const over = seeds.length === va.testLoss.n && seeds.length === vb.testLoss.n ? '' : ` (mean over the ${seeds.length === 1 ? 'seed' : `${seeds.length} seeds`} both have)`;
  return `its test loss is ${fmtLoss(meanOverSeeds(vb.testLoss, seeds))} against ${fmtLoss(meanOverSeeds(va.testLoss, seeds))}${over}`;
}

/** One ablation against its reference, interpreted by what differs between the two models. */
function ablationSentence(summary: Summary, c: ComparisonSummary, alpha: number): string {
  const { va, vb, gap, sp, dil, n } = comparisonParts(summary, c);
  if (!va || !vb || !gap || !sp || !dil) return `${c.a} − ${c.b}: no gap terms.`;
  if (va.pad === 0 && vb.lossRegion === 'original') {
    // Same scored pixels, only the input differs: the direct test of "does the padded input help?".
    const verdict: Record<Evidence, string> = {
      positive: 'the padded input by itself lowers the loss on the original pixels.',
      negative: 'the padded input by itself makes the original pixels worse.',
      indistinguishable: 'seeing the padded input, without the pad in the loss, does not measurably change the loss.',
      'not-significant': 'the difference does not survive the Holm adjustment.',
      untested: 'too few seeds to tell.',
    };
    return (
      `${c.b} sees the ${vb.size}×${vb.size} padded input, but its loss counts only the original pixels, so it is scored on exactly the pixels ${c.a} is: ` +
      `${pairedLossesText(va, vb, c.pairedSeeds)}, a gap of ${termText(gap, n, alpha)}; ${verdict[classify(gap.estimate, gap.test, alpha)]}`
    );
  }
  if (va.lossRegion === 'original' && vb.lossRegion === 'all') {
    return (
      `Counting the pad in the training loss (${c.b}) rather than ignoring it (${c.a}) changes the loss on the original pixels ` +
      `(positive: ${c.b} is better there) by ${termText(sp, n, alpha)}; the rest of their gap, ${fmtSigned(dil.estimate.mean)}, is dilution.`
    );
  }
  const pad = vb.regions.find((r) => r.region === 'pad');
  const gb = variantGeometry(vb);
  const geometry = isPadded(gb) ? ` (${vb.padMode} ${describePads(gb.pads)}, ${gb.height}×${gb.width}${pad ? `, ${fmtPercent(pad.weight)} pad pixels` : ''})` : '';
  const f = comparisonFindings(summary, c, alpha);
  const share = f.share.kind === 'shares' && f.share.dilution !== null ? `, ${fmtPercent(f.share.dilution)} of the gap` : '';
  return `${c.b}${geometry} against ${c.a}: gap ${termText(gap, n, alpha)} = dilution ${fmtSigned(dil.estimate.mean)}${share} + same pixels ${termText(sp, n, alpha)}.`;
}

/**
 * The comparisons a table row cannot read by itself: those where the loss counts different pixels
 * (a `-masked` variant), each interpreted by what differs between the two models. The other
 * comparisons are rows of the comparison table.
 */
function ablationsParagraph(summary: Summary, primary: ComparisonSummary | undefined, alpha: number): string | null {
  const special = summary.comparisons.filter((c) => {
    if (c === primary) return false;
    const { va, vb } = comparisonParts(summary, c);
    return va !== undefined && vb !== undefined && va.lossRegion !== vb.lossRegion;
  });
  if (special.length === 0) return null;
  return `Reading the masked comparisons (p Holm-adjusted within each comparison; a positive term means the second model's loss is lower): ${special.map((c) => ablationSentence(summary, c, alpha)).join(' ')}`;
}

/**
 * One sentence of mechanism, from the claims: how many pad pixels, what their targets hold, what
 * they cost against the original pixels, which way averaging them in moves the mean, how the test
 * loss moves from a to b, and whether the padded network is any better on the pixels both predict.
 */
function mechanismSentence(summary: Summary, c: ComparisonSummary, f: ComparisonFindings): string | null {
  const { vb } = comparisonParts(summary, c);
  const { samePixel: sp, dilution: dil } = f.terms;
  const pad = f.pad;
  const move = lossMove(f);
  if (!vb || !sp || !dil || pad === null || move === null) return null;
  const gb = variantGeometry(vb);
  const o = originalShape(gb);
  const originalPixels = o.height * o.width;
  const padCost = Number(pad.padLoss.toPrecision(1));
  const cmp = { cheaper: 'below', dearer: 'above', equal: 'the same as' }[pad.padAgainstOriginal];
  return (
    `Padding adds ${pad.pixels} pixels whose clean targets ${padTargetWords(pad)}; the network's loss there is about ${padCost} nats each, ${cmp} the ${fmtLoss(pad.originalLoss)} on the original pixels, ` +
    `so averaging them into ${(gb.height * gb.width).toLocaleString('en-US')} pixels ${directionVerb(dil.direction)} the mean (dilution ${fmtSigned(dil.mean, claimDecimals(dil))}). ` +
    `The test loss goes ${move}, and on the ${originalPixels} pixels both networks predict, ${samePixelVerdict(sp, c.b)}.`
  );
}

/**
 * What a small run is and what it cannot conclude: fewer than MIN_SEEDS_FOR_TEST seeds, or fewer
 * epochs, training or test images than the question's runs. Empty for a run at the question's settings.
 */
function bannerLines(summary: Summary, c: ComparisonSummary | undefined): string[] {
  const s = summary.settings;
  const seeds = smallest(summary.variants.map((v) => v.seeds.length));
  const pairs = c ? c.pairedSeeds.length : seeds;
  const short: string[] = [];
  // The question's settings describe its own MNIST runs, not an experiment from another framework.
  const own = summary.experiment === undefined;
  // A setting the runs do not record (null) cannot be judged short; it is not claimed to be.
  if (own && s.epochs !== null && s.epochs < QUESTION_SETTINGS.epochs) short.push(`${s.epochs} epoch${s.epochs === 1 ? '' : 's'} (the question trains ${QUESTION_SETTINGS.epochs})`);
  if (own && s.trainSize !== null && s.trainSize < QUESTION_SETTINGS.trainSize) short.push(`${s.trainSize.toLocaleString('en-US')} training images (the question: ${QUESTION_SETTINGS.trainSize.toLocaleString('en-US')})`);
  if (own && s.testSize !== null && s.testSize < QUESTION_SETTINGS.testSize) short.push(`${s.testSize.toLocaleString('en-US')} test images (${QUESTION_SETTINGS.testSize.toLocaleString('en-US')})`);
  const few = pairs < MIN_SEEDS_FOR_TEST;
  if (short.length === 0 && !few) return [];
  const lines = [`A small run: ${pairs} paired seed${pairs === 1 ? '' : 's'}${short.length > 0 ? `, ${short.join(', ')}` : ''}.`];
  const cannot: string[] = [];
  if (few) cannot.push(`test any term (that needs at least ${MIN_SEEDS_FOR_TEST} seeds; its intervals are too wide to judge anything)`);
  if (short.length > 0) cannot.push('say what fully trained networks reach, so its losses are not comparable with the question\'s');
  lines.push(
    `It cannot ${cannot.join(', nor ')}. What holds for any run: the split of its gap into dilution and same-pixel change is exact arithmetic on its per-pixel losses. For conclusions, run the question's settings: boundary-effects reproduce --out DIR.`,
  );
  return lines;
}

/**
 * Generates the report's text from a summary.
 *
 * @example
 * const n = buildNarrative(summary);
 * n.answer; // 'Over 5 paired seeds, baseline28 reaches a test loss of 0.0993 (95% CI [...]) ...'
 */
export function buildNarrative(summary: Summary, options: NarrativeOptions = {}): Narrative {
  const alpha = options.alpha ?? 0.05;
  const c = primaryComparison(summary);
  const paragraphs: string[] = [];
  let answer: string;
  let mechanism: string | null = null;
  if (!c) {
    answer = 'This summary has no comparison between two variants, so the gap cannot be decomposed; the figures describe the variants that were run.';
  } else {
    const f = comparisonFindings(summary, c, alpha);
    answer = answerParagraph(summary, c, f);
    mechanism = mechanismSentence(summary, c, f);
    const refs = referenceSentences(summary);
    if (refs.length > 0) paragraphs.push(`Against the question's numbers: ${refs.join(' ')}`);
    const d = decompositionParagraph(summary, c, f, alpha);
    if (d) paragraphs.push(d);
  }
  const f = floorParagraph(summary, c);
  if (f) paragraphs.push(f);
  const o = ablationsParagraph(summary, c, alpha);
  if (o) paragraphs.push(o);
  // An experiment from another framework brings its own question and labels (its manifest).
  const question =
    summary.experiment === undefined
      ? questionFor(summary.dataset)
      : [
          summary.experiment.question,
          `Data: ${summary.experiment.datasetLabel}; loss ${summary.experiment.loss}. Variants: ${Object.entries(summary.experiment.labels).map(([id, label]) => `${id} (${label})`).join(', ')}.`,
        ];
  const banner = bannerLines(summary, c);
  const notes = [mechanism ?? '', answer, ...paragraphs].some((t) => t.includes(`${CUT_MARK})`)) ? [CUT_NOTE] : [];
  // An mse or l1 summary names its loss and unit wherever the text says BCE or nats.
  return relabelLoss({ question, banner, mechanism, answer, paragraphs, notes }, lossLabel(summary));
}
