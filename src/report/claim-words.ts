/**
 * Words for claims (src/findings): every direction, verdict and share the report prints is phrased
 * here from a claim, so a sentence can only say what its claim says. Plain text; callers escape.
 */
import type { ComparisonFindings, Direction, Evidence, PadClaim, TermClaim } from '../findings/index.js';
import { decimalsFromCi, fmtCi, fmtLoss, fmtP, fmtPercent, fmtSigned } from './format.js';

/** `p_Holm = 0.42`, `p < 0.001`, or `no test`. */
export function evidenceP(e: Evidence): string {
  if (e.p === null) return 'no test';
  const p = fmtP(e.p);
  return `${e.holm ? 'p_Holm' : 'p'}${p.startsWith('<') ? ` ${p}` : ` = ${p}`}`;
}

const seedsWord = (n: number): string => `${n} seed${n === 1 ? '' : 's'}`;

/**
 * The evidence in words: `p_Holm < 0.001`; `not distinguishable from zero with 3 seeds, p_Holm = 0.90;
 * about 40 seeds would resolve an effect of this size`; `no test possible with 2 seeds`.
 *
 * @example
 * evidenceWords(claim.evidence); // 'p_Holm < 0.001'
 */
export function evidenceWords(e: Evidence): string {
  switch (e.kind) {
    case 'established':
      return evidenceP(e);
    case 'not-testable':
      return `no test possible with ${seedsWord(e.seeds)}`;
    case 'not-distinguishable': {
      const why =
        e.reason === 'holm'
          ? `its CI excludes zero, but it is not significant after the Holm adjustment, ${evidenceP(e)}`
          : `not distinguishable from zero with ${seedsWord(e.seeds)}, ${evidenceP(e)}`;
      return e.seedsToResolve === null ? why : `${why}; about ${e.seedsToResolve.toLocaleString('en-US')} seeds would resolve an effect of this size`;
    }
  }
}

/** Decimals for a claim's numbers, from its CI's width. */
export function claimDecimals(c: Pick<TermClaim, 'mean' | 'ci95'>): number {
  return decimalsFromCi(c.mean, c.ci95);
}

/**
 * A claim's value with its CI: `+0.0225 (95% CI [+0.0218, +0.0233])`.
 *
 * @example
 * claimValue(dilution); // '+0.0228 (95% CI [+0.0226, +0.0229])'
 */
export function claimValue(c: Pick<TermClaim, 'mean' | 'ci95'>): string {
  const d = claimDecimals(c);
  return c.ci95 === null ? fmtSigned(c.mean, d) : `${fmtSigned(c.mean, d)} (95% CI ${fmtCi(c.ci95, d, true)})`;
}

/**
 * A claim's value, CI and evidence: `+0.0015 (95% CI [..]; p_Holm = 0.004)`.
 *
 * @example
 * claimText(gap); // '+0.0225 (95% CI [+0.0218, +0.0233]; p_Holm < 0.001)'
 */
export function claimText(c: TermClaim): string {
  const d = claimDecimals(c);
  const ci = c.ci95 === null ? '' : `95% CI ${fmtCi(c.ci95, d, true)}; `;
  return `${fmtSigned(c.mean, d)} (${ci}${evidenceWords(c.evidence)})`;
}

/** `lowers` / `raises` / `does not change`, as a verb for the second model's loss. */
export function directionVerb(d: Direction): string {
  return d === 'no change' ? 'does not change' : d;
}

/**
 * How the mean test loss moves from a to b over the paired seeds: `from 0.0993 (a) down to 0.0768
 * (b)`, `from 0.0108 (a) up to 0.0116 (b)`; when both print alike, `stays at about 0.0108`.
 * The word is chosen from the printed numbers, so "up" appears only when the second is larger.
 *
 * @example
 * lossMove(findings); // 'from 0.0993 (baseline28) down to 0.0768 (edge32)'
 */
export function lossMove(f: Pick<ComparisonFindings, 'a' | 'b' | 'lossA' | 'lossB'>): string | null {
  if (f.lossA === null || f.lossB === null) return null;
  const x = fmtLoss(f.lossA);
  const y = fmtLoss(f.lossB);
  if (x === y) return `stays at about ${x} (${f.a} and ${f.b})`;
  return `from ${x} (${f.a}) ${f.lossB < f.lossA ? 'down' : 'up'} to ${y} (${f.b})`;
}

/**
 * What the pad's clean targets hold, from its claim: `are all exactly 0`, `copy the image's border
 * (98.8% exactly 0)`, `mirror the image across its border (12.0% exactly 0)`.
 *
 * @example
 * padTargetWords(edge32Pad); // "copy the image's border (98.8% exactly 0)"
 */
export function padTargetWords(p: PadClaim): string {
  const zeros = p.exactZeroShare;
  if (p.content === 'constant value') {
    if (zeros === 1) return 'are all exactly 0 (a constant pad of 0)';
    return `are one constant value${zeros === null ? '' : ` (${fmtPercent(zeros)} exactly 0)`}`;
  }
  const what = { 'copies the border': "copy the image's border pixels outwards", mirrors: 'mirror the image across its border', wraps: 'wrap around from the opposite side of the image' }[p.content];
  const zeroWords = zeros === null ? '' : zeros === 0 ? ' (none of them exactly 0)' : ` (${fmtPercent(zeros)} of them exactly 0)`;
  return `${what}${zeroWords}`;
}

/**
 * The verdict on the same-pixel change in a few words: `the padded one is better (...)` only when
 * established and positive; `worse` only when established and negative; otherwise neither.
 *
 * @example
 * samePixelVerdict(samePixel, 'edge32'); // 'edge32 is not shown to be better or worse (same-pixel change −0.0002, ...)'
 */
export function samePixelVerdict(sp: TermClaim, b: string): string {
  const change = `same-pixel change ${claimValue(sp)}`;
  if (sp.evidence.kind === 'established') {
    return sp.direction === 'lowers' ? `${b} is better (${change}, ${evidenceP(sp.evidence)})` : `${b} is worse (${change}, ${evidenceP(sp.evidence)})`;
  }
  if (sp.evidence.kind === 'not-testable') return `the change cannot be tested with ${seedsWord(sp.evidence.seeds)} (${change})`;
  return `${b} is not shown to be better or worse (${change}; ${evidenceWords(sp.evidence)})`;
}

/**
 * The share cell of a comparison: `98.9%`, or why there is none.
 *
 * @example
 * shareWords(findings); // '101.0%'
 */
export function shareWords(f: Pick<ComparisonFindings, 'share'>, term: 'dilution' | 'samePixel' = 'dilution'): string {
  const s = f.share;
  if (s.kind === 'withheld') {
    return { 'gap-not-established': 'none: gap not established', 'gap-zero': 'none: gap is 0', 'outside-limit': 'none: parts pull opposite ways' }[s.reason];
  }
  const v = s[term];
  return v === null ? 'none: works against the gap' : fmtPercent(v);
}
