import { describe, expect, it } from 'vitest';
import { buildNarrative, classify, comparisonTable, formatCell, predictionTable } from '../../src/report/index.js';
import type { GapTermSummary, Summary } from '../../src/summary/types.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';

/** Overrides one term of the primary comparison (baseline28 − edge32). */
function withTerm(s: Summary, name: GapTermSummary['term'], mean: number, ci: [number, number] | null, pHolm: number | null): Summary {
  const copy = structuredClone(s);
  const t = copy.comparisons[0].terms.find((x) => x.term === name)!;
  t.estimate.mean = mean;
  t.estimate.ci95 = ci;
  t.test.pHolm = pHolm;
  t.test.pT = pHolm;
  return copy;
}

describe('classify', () => {
  it('covers every evidence class', () => {
    expect(classify({ n: 5, mean: 0.02, ci95: [0.01, 0.03] }, { pHolm: 0.001, pT: 0.001 })).toBe('positive');
    expect(classify({ n: 5, mean: -0.02, ci95: [-0.03, -0.01] }, { pHolm: 0.001, pT: 0.001 })).toBe('negative');
    expect(classify({ n: 5, mean: 0.001, ci95: [-0.01, 0.012] }, { pHolm: 0.6, pT: 0.3 })).toBe('indistinguishable');
    expect(classify({ n: 5, mean: 0.02, ci95: [0.001, 0.03] }, { pHolm: 0.09, pT: 0.03 })).toBe('not-significant');
    expect(classify({ n: 2, mean: 0.02, ci95: [0.01, 0.03] }, { pHolm: 0.01, pT: 0.01 })).toBe('untested');
    expect(classify({ n: 5, mean: 0.02, ci95: null }, { pHolm: null, pT: null })).toBe('untested');
  });
});

describe('narrative', () => {
  const five = syntheticSummary({ seeds: 5, samples: 0 });

  it('states the answer with shares, CIs and tests when everything is significant', () => {
    const n = buildNarrative(five);
    expect(n.question).toHaveLength(2);
    expect(n.answer).toMatch(/edge32's loss is lower by 0\.02\d\d \(95% CI \[/);
    expect(n.answer).toMatch(/\d+\.\d% of the gap \(\+0\.0\d+\) is dilution by the pad pixels/);
    expect(n.answer).toMatch(/edge32 is genuinely better/);
    expect(n.answer).toMatch(/p_Holm < 0\.001/);
    const all = [n.answer, ...n.paragraphs].join(' ');
    expect(all).toMatch(/entropy/);
    expect(all).toMatch(/floor is 0\.\d{4} nats\/pixel, \d+\.\d% of its loss/);
    expect(all).not.toMatch(/no test was possible/);
    expect(all).not.toMatch(/not distinguishable/);
  });

  it('says the same-pixel change is not distinguishable from zero when its CI contains 0', () => {
    const s = withTerm(five, 'samePixel', 0.0004, [-0.001, 0.0018], 0.42);
    const n = buildNarrative(s);
    expect(n.answer).toMatch(/change on the same original pixels, \+0\.0004 \(95% CI \[−0\.0010, \+0\.0018\]\), is not distinguishable from zero with 5 seeds, p_Holm = 0\.42: these runs/);
    expect(n.answer).not.toMatch(/genuinely better/);
  });

  it('says how many seeds would resolve an indistinguishable term, and when pairing did not help', () => {
    const s = withTerm(five, 'samePixel', -0.0002, [-0.0011, 0.0006], 1);
    const t = s.comparisons[0].terms.find((x) => x.term === 'samePixel')!;
    t.pairing = { correlation: -0.48, sdA: 0.00044, sdB: 0.00033, sdDifference: 0.00066, sePaired: 0.0003, seUnpaired: 0.00025, varianceReduction: 0.69, notes: [] };
    t.power = {
      effect: 0.0002, alpha: 0.05, familySize: 8, testLevel: 0.00625, targetPower: 0.8, seedsForPower: 106, exactSeedsForPower: 105.3,
      halfWidth: 0.00097, seedsForHalfWidth: 5, halfWidthNow: 0.0008, notes: [],
    };
    const answer = buildNarrative(s).answer;
    expect(answer).toMatch(
      /is not distinguishable from zero with 5 seeds, p_Holm = 1\.0*; about 106 seeds would resolve an effect of this size \(80% power at the Holm-adjusted level, from the paired sd 0\.00066\); pairing the runs by seed did not help here: the paired differences vary 1\.4 times as much as independent seeds' would:/,
    );
  });

  it('says the padded network is worse on the same pixels when that term is significantly negative', () => {
    let s = withTerm(five, 'samePixel', -0.002, [-0.003, -0.001], 0.004);
    s = withTerm(s, 'dilution', 0.0272, [0.027, 0.0274], 0.0001);
    const n = buildNarrative(s);
    expect(n.answer).toMatch(/On the same original pixels edge32 is worse: its loss there is higher by 0\.0020/);
    // gap +0.0252: dilution is 108% of it, the same-pixel change works against it (no share of its own).
    expect(n.answer).toMatch(/Dilution by the pad pixels \(\+0\.0272\) is 10\d\.\d% of the gap; the same-pixel change \(−0\.0020\) raises the loss, against the gap/);
  });

  it('reports a higher loss of b when the gap is significantly negative', () => {
    const s = withTerm(five, 'gap', -0.01, [-0.012, -0.008], 0.001);
    // CI width 0.004: one significant digit of the width (3 decimals).
    expect(buildNarrative(s).answer).toMatch(/edge32's loss is higher by 0\.010 \(95% CI \[0\.008, 0\.012\]\)/);
  });

  it('does not split an indistinguishable gap into shares', () => {
    const s = withTerm(five, 'gap', 0.001, [-0.002, 0.004], 0.5);
    const n = buildNarrative(s);
    expect(n.answer).toMatch(/is \+0\.001 \(95% CI \[−0\.002, \+0\.004\]\): not distinguishable from zero with 5 seeds, p_Holm = 0\.50/);
    expect(n.answer).toMatch(/not established, it is not split into shares/);
    expect(n.answer).not.toMatch(/% of the gap/);
  });

  it('flags a CI that excludes zero but fails the Holm adjustment', () => {
    const s = withTerm(five, 'dilution', 0.02, [0.001, 0.04], 0.08);
    expect(buildNarrative(s).answer).toMatch(/dilution term, \+0\.02 .* is not significant after the Holm adjustment \(p_Holm = 0\.08/);
  });

  it('says no test was possible with fewer than three seeds', () => {
    const n = buildNarrative(syntheticSummary({ seeds: 2, samples: 0 }));
    expect(n.answer).toMatch(/with only 2 seeds no test was possible/);
    expect(n.answer).toMatch(/^Over 2 paired seeds/);
    expect(n.answer).toMatch(/so this split describes these runs and is not evidence\.$/);
    expect(n.answer).not.toMatch(/genuinely better/);
    const one = buildNarrative(syntheticSummary({ seeds: 1, samples: 0 }));
    expect(one.answer).toMatch(/with only 1 seed no test was possible/);
    expect(one.paragraphs.join(' ')).toMatch(/one seed, no CI/);
    // A prediction against one measured seed: no CI to judge it by, so the table gives the miss instead of a verdict.
    const rows = predictionTable(syntheticSummary({ seeds: 1, samples: 0 })).rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r[6]).toBe('one seed: no CI');
      expect(formatCell(r[5] ?? null, 'signed')).toMatch(/^[+−]0\.\d{4,}$/);
    }
  });

  it('handles a summary without comparisons', () => {
    const n = buildNarrative(syntheticSummary({ seeds: 3, variants: ['baseline28'], samples: 0 }));
    expect(n.answer).toMatch(/no comparison/);
  });

  it("asks the question of the summary's dataset and compares with the seed's numbers only on MNIST", () => {
    const mnist = buildNarrative({ ...five, dataset: 'mnist' });
    expect(mnist.question[1]).toMatch(/^Why does adding a few pixels/);
    expect(mnist.paragraphs.join(' ')).toMatch(/Against the question's numbers: baseline28: the question reports about 0\.099 \(the training loss Keras prints, so anything from 0\.0985 to 0\.0995 before rounding\); our final training loss is 0\.\d{4} \(95% CI \[/);
    const fashion = buildNarrative({ ...five, dataset: 'fashion-mnist', reference: null });
    expect(fashion.question[1]).toMatch(/trained on Fashion-MNIST instead\. Its clothes, shoes and bags, unlike MNIST's digits, often reach the border/);
    expect(fashion.paragraphs.join(' ')).not.toMatch(/the question reports/);
  });

  it('reads each ablation by what it changes', () => {
    const all = buildNarrative(five).paragraphs.join(' ');
    // Comparisons that change only the pad are rows of the comparison table, not sentences.
    const edge36 = comparisonTable(five).rows.find((r) => r[0] === 'baseline28 → edge36')!;
    expect(edge36[1]).toBe('edge pad of 4 → 36×36');
    expect(formatCell(edge36[4] ?? null, 'signed-ci')).toMatch(/^\+0\.0\d+ \[\+0\.0\d+, \+0\.0\d+\]$/);
    expect(all).not.toMatch(/edge36 \(edge pad of 4/);
    expect(all).toMatch(/edge32-masked sees the 32×32 padded input, but its loss counts only the original pixels/);
    expect(all).toMatch(/the padded input by itself lowers the loss on the original pixels/);
    // The masked model's gap indistinguishable from zero: the input alone does not help.
    const s = structuredClone(five);
    const masked = s.comparisons.find((c) => c.b === 'edge32-masked')!;
    const gap = masked.terms.find((t) => t.term === 'gap')!;
    gap.estimate.ci95 = [-0.001, 0.0012];
    gap.test.pHolm = 0.7;
    expect(buildNarrative(s).paragraphs.join(' ')).toMatch(/a gap of \+0\.\d{4} \(95% CI \[−0\.0010, \+0\.0012\]; not distinguishable from zero with 5 seeds, p_Holm = 0\.70\); seeing the padded input, without the pad in the loss, does not measurably change the loss/);
  });

  it('gives the masked comparison\'s two losses over the seeds it pairs, so they differ by its gap', () => {
    const s = structuredClone(five);
    const masked = s.comparisons.find((c) => c.b === 'edge32-masked')!;
    const loss = (name: string): number => s.variants.find((v) => v.variant === name)!.testLoss.values[0];
    expect(buildNarrative(s).paragraphs.join(' ')).toMatch(/its test loss is 0\.\d{4} against 0\.\d{4}, a gap/);
    // Only seed 1 finished for the masked model: both numbers are seed 1's, and the sentence says so.
    masked.pairedSeeds = [1];
    const text = buildNarrative(s).paragraphs.join(' ');
    expect(text).toContain(`its test loss is ${loss('edge32-masked').toFixed(4)} against ${loss('baseline28').toFixed(4)} (mean over the seed both have), a gap`);
  });

  it('reads the masked model against the unmasked one as the effect of counting the pad', () => {
    const s = syntheticSummary({ seeds: 5, samples: 0 });
    const c = structuredClone(s.comparisons.find((x) => x.b === 'edge32')!);
    s.comparisons.push({ ...c, a: 'edge32-masked', b: 'edge32' });
    expect(buildNarrative(s).paragraphs.join(' ')).toMatch(/Counting the pad in the training loss \(edge32\) rather than ignoring it \(edge32-masked\) changes the loss on the original pixels \(positive: edge32 is better there\) by \+0\.\d{4} .*the rest of their gap, \+0\.\d{4}, is dilution/);
  });

  it("sizes an edge-ring-only change in the ring's own terms and shows tiny terms with enough digits", () => {
    let s = withTerm(five, 'samePixelEdge', 0.000035, [0.000019, 0.000051], 0.018);
    s = withTerm(s, 'samePixelInterior', -0.0003, [-0.0011, 0.0005], 1);
    s.comparisons[0].tests.find((t) => t.quantity === 'region:edge')!.meanDifference = 0.00013;
    const all = buildNarrative(s).paragraphs.join(' ');
    expect(all).toMatch(/edge ring, \+0\.000035 \(95% CI \[\+0\.000019, \+0\.000051\]; p_Holm = 0\.0180\)/);
    expect(all).toMatch(/The only change on the original pixels that the tests detect is on the edge ring, which the pad moves 2 pixels away .*: edge32 is better there by 0\.00013 nats per pixel \(\d+\.\d% of baseline28's 0\.\d{4}\), a real boundary effect, but only 0\.\d% of the gap\./);
    // Not said when the interior changes too.
    expect(buildNarrative(five).paragraphs.join(' ')).not.toMatch(/The only change on the original pixels/);
  });

  it('says how dilution works in the direction the pad pixels push the mean', () => {
    expect(buildNarrative(five).paragraphs.join(' ')).toMatch(/pad pixels with a mean loss of 0\.0043, below the 0\.\d{4} on its original pixels; averaging them in lowers the mean by 0\.021\d+ without any pixel being predicted better/);
    // Pad pixels costlier than the original ones (busy borders): the mean goes up.
    const s = structuredClone(five);
    s.variants.find((v) => v.variant === 'edge32')!.regions.find((r) => r.region === 'pad')!.meanLoss.mean = 0.2;
    // dilution = pad weight × (original − pad loss): negative now, as the summary would compute it.
    const dil = s.comparisons[0].terms.find((t) => t.term === 'dilution')!.estimate;
    dil.mean = (240 / 1024) * (0.0955 - 0.2);
    dil.ci95 = [dil.mean - 0.001, dil.mean + 0.001];
    expect(buildNarrative(s).paragraphs.join(' ')).toMatch(/pad pixels with a mean loss of 0\.2000, above the 0\.\d{4} on its original pixels; averaging them in raises the mean by/);
  });

  it('explains the lower floor of the padded variant by its black pad pixels', () => {
    const all = buildNarrative(five).paragraphs.join(' ');
    expect(all).toMatch(/edge32's floor is lower because 98\.8% of its pad target pixels are exactly 0/);
  });
});
