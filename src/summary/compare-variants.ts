import { decomposeGap, type GapDecomposition } from '../analysis/gap.js';
import { comparePaired } from '../stats/compare-paired.js';
import type { AnalyzedRun } from './analyze-run.js';
import { SummaryError } from './errors.js';
import { estimate } from './estimate.js';
import { variantMapOf } from './geometry.js';
import { pairingAndPower } from './pairing-power.js';
import type { ComparisonSummary, GapTerm, PairedQuantity, PairedTestSummary } from './types.js';

/** The gap terms in the order summary.json lists them. */
export const GAP_TERMS: readonly GapTerm[] = ['gap', 'samePixel', 'samePixelEdge', 'samePixelInterior', 'dilution'];

/** A variant's name and its analysed runs (sorted by seed). */
export interface VariantRuns {
  name: string;
  runs: readonly AnalyzedRun[];
}

/** Options of {@link compareVariants}. */
export interface CompareVariantsOptions {
  edgeWidth: number;
  /** Bootstrap resamples per paired test. */
  resamples: number;
}

/**
 * One paired test (a - b over seeds) in summary.json's form; `pHolm` is left null for
 * {@link applyHolm}.
 *
 * @example
 * pairedTest('gap:gap', [0.098, 0.097, 0.099], [0.075, 0.074, 0.076], 1000).meanDifference; // 0.023
 */
export function pairedTest(quantity: PairedQuantity, a: number[], b: number[], resamples: number): PairedTestSummary {
  const c = comparePaired(a, b, { resamples });
  return {
    quantity,
    n: c.n,
    meanDifference: c.meanDifference,
    ci95: c.ci,
    t: c.tTest.p === null ? null : c.tTest.t,
    df: c.tTest.p === null ? null : c.tTest.df,
    pT: c.tTest.p,
    wilcoxonV: c.wilcoxon.p === null ? null : c.wilcoxon.statistic,
    pWilcoxon: c.wilcoxon.p,
    wilcoxonMethod: c.wilcoxon.method,
    pHolm: null,
    dz: c.effectSize.cohensDz,
    gAv: c.effectSize.hedgesGav,
    bootstrapCi95: c.bootstrap?.bca ?? c.bootstrap?.percentile ?? null,
    notes: c.notes,
  };
}

/** A region mean of a decomposition side; the regions are non-empty (checked by regionsOf). */
function regionMean(value: number | null, what: string): number {
  if (value === null) throw new SummaryError(`${what} is empty; the comparison needs an edge ring and an interior.`);
  return value;
}

/**
 * The per-seed pairs (a side, b side) whose paired differences are the gap terms of each seed's
 * decomposition: the difference of the pair is the term, so a paired test of the pair tests the term.
 *
 * @example
 * gapTermPairs(gaps).dilution; // [b's dilution per seed, a's dilution per seed]: b - a would flip the sign
 */
export function gapTermPairs(gaps: readonly GapDecomposition[]): Record<GapTerm, [number[], number[]]> {
  const wEdge = gaps.map((g) => g.edgePixels / g.originalPixels);
  const wInterior = gaps.map((g) => g.interiorPixels / g.originalPixels);
  const edge = (side: 'a' | 'b') => gaps.map((g, i) => wEdge[i] * regionMean(g[side].edge, `${side}'s edge ring`));
  const interior = (side: 'a' | 'b') => gaps.map((g, i) => wInterior[i] * regionMean(g[side].interior, `${side}'s interior`));
  return {
    gap: [gaps.map((g) => g.a.loss), gaps.map((g) => g.b.loss)],
    samePixel: [gaps.map((g) => g.a.original), gaps.map((g) => g.b.original)],
    samePixelEdge: [edge('a'), edge('b')],
    samePixelInterior: [interior('a'), interior('b')],
    // dilution = b.dilution - a.dilution (GapDecomposition), so b's side comes first.
    dilution: [gaps.map((g) => g.b.dilution), gaps.map((g) => g.a.dilution)],
  };
}

/** Whether a variant's loss counts pad pixels (only then can its mean be diluted by them). */
const countsPadPixels = (runs: readonly AnalyzedRun[]): boolean =>
  runs.some((r) => r.run.lossRegion === 'all' && Object.values(r.run.lossMap.pads).some((p) => p > 0));

/**
 * The distinct hypotheses of a comparison and, for every other test, the member it repeats. The
 * region tests are fixed multiples of the same-pixel terms (the weights n_region / n_original are
 * the same in every seed), so they have the same t and p; the test loss is the gap; without pad
 * pixels in either loss the dilution is 0 by construction and the same-pixel change is the gap.
 *
 * @example
 * holmFamilyOf(true).family; // ['gap:gap', 'gap:samePixel', 'gap:samePixelEdge', 'gap:samePixelInterior', 'gap:dilution']
 */
export function holmFamilyOf(dilutes: boolean): { family: PairedQuantity[]; sameAs: Partial<Record<PairedQuantity, PairedQuantity>> } {
  const sameAs: Partial<Record<PairedQuantity, PairedQuantity>> = {
    'region:edge': 'gap:samePixelEdge',
    'region:interior': 'gap:samePixelInterior',
    testLoss: 'gap:gap',
  };
  if (!dilutes) {
    sameAs['gap:samePixel'] = 'gap:gap';
    return { family: ['gap:gap', 'gap:samePixelEdge', 'gap:samePixelInterior'], sameAs };
  }
  return { family: ['gap:gap', 'gap:samePixel', 'gap:samePixelEdge', 'gap:samePixelInterior', 'gap:dilution'], sameAs };
}

/**
 * Stage 3 of the summary: the gap L_a - L_b between two variants that share the original image,
 * over the seeds both have (paired by seed): each seed's exact decomposition into the edge-ring and
 * interior same-pixel terms and the dilution by pad pixels, the terms across seeds, paired tests of
 * every term, of the region means and of the test loss, and the comparison's Holm family. The tests'
 * `pHolm` stay null until {@link applyHolm}. No common seed is an error.
 *
 * @example
 * const c = applyHolm(compareVariants({ name: 'baseline28', runs: base }, { name: 'edge32', runs: edge }, { edgeWidth: 2, resamples: 10000 }));
 * c.terms.find((t) => t.term === 'dilution')?.estimate.mean; // 0.0228 on MNIST
 */
export function compareVariants(a: VariantRuns, b: VariantRuns, options: CompareVariantsOptions): ComparisonSummary {
  const pairedSeeds = a.runs.map((r) => r.run.seed).filter((seed) => b.runs.some((r) => r.run.seed === seed));
  if (pairedSeeds.length === 0) {
    const seedsOf = (v: VariantRuns): string => v.runs.map((r) => r.run.seed).join(', ');
    throw new SummaryError(
      `comparison ${a.name} vs ${b.name}: no seed has runs of both (${a.name}: ${seedsOf(a)}; ${b.name}: ${seedsOf(b)}); finish the paired runs or leave the comparison out.`,
    );
  }
  const pick = (v: VariantRuns): AnalyzedRun[] =>
    pairedSeeds.map((seed) => {
      const run = v.runs.find((r) => r.run.seed === seed);
      if (run === undefined) throw new SummaryError(`${v.name}: no run of seed ${seed}.`);
      return run;
    });
  const aPaired = pick(a);
  const bPaired = pick(b);
  const gaps = aPaired.map((ra, i) => {
    const rb = bPaired[i];
    return decomposeGap(variantMapOf(ra.run.lossMap, ra.run.lossRegion, ra.run.source), variantMapOf(rb.run.lossMap, rb.run.lossRegion, rb.run.source), {
      edgeWidth: options.edgeWidth,
    });
  });
  const pairs = gapTermPairs(gaps);
  const termTests = GAP_TERMS.map((term) => pairedTest(`gap:${term}`, pairs[term][0], pairs[term][1], options.resamples));
  const regionTests = (['edge', 'interior'] as const).map((region) =>
    pairedTest(
      `region:${region}`,
      gaps.map((g) => regionMean(g.a[region], `a's ${region}`)),
      gaps.map((g) => regionMean(g.b[region], `b's ${region}`)),
      options.resamples,
    ),
  );
  const testLoss = pairedTest('testLoss', aPaired.map((r) => r.run.finalTestLoss), bPaired.map((r) => r.run.finalTestLoss), options.resamples);
  const termValues: Record<GapTerm, number[]> = {
    gap: gaps.map((g) => g.gap),
    samePixel: gaps.map((g) => g.samePixel),
    samePixelEdge: gaps.map((g) => g.samePixelEdge),
    samePixelInterior: gaps.map((g) => g.samePixelInterior),
    dilution: gaps.map((g) => g.dilution),
  };
  const { family, sameAs } = holmFamilyOf(countsPadPixels(aPaired) || countsPadPixels(bPaired));
  // Seeds planned at alpha / (distinct hypotheses in the Holm family) and for a CI of ± 1% of a's test loss.
  const aLosses = aPaired.map((r) => r.run.finalTestLoss);
  const planning = { familySize: family.length, halfWidth: (0.01 * aLosses.reduce((s, v) => s + v, 0)) / aLosses.length };
  return {
    a: a.name,
    b: b.name,
    pairedSeeds,
    terms: GAP_TERMS.map((term, i) => ({
      term,
      estimate: estimate(termValues[term], pairedSeeds),
      test: termTests[i],
      ...pairingAndPower(pairs[term][0], pairs[term][1], planning),
    })),
    tests: [...regionTests, testLoss],
    holmFamily: family,
    sameHypothesisAs: sameAs,
  };
}
