/**
 * The summary's four stages on hand-made runs: a 4x4 unpadded variant `plain` and a 6x6 variant
 * `framed` (pad 1 on every side), edge ring of width 1 (12 pixels) around a 2x2 interior, 4 seeds.
 * Every pixel of a region has the same loss, so each seed's terms follow by hand:
 *   L_plain = (12 e_A + 4 i_A) / 16,  L_framed = (20 p_B + 12 e_B + 4 i_B) / 36,
 *   samePixelEdge = (12/16)(e_A - e_B), samePixelInterior = (4/16)(i_A - i_B),
 *   dilution = L_framed[O] - L_framed with L_framed[O] = (12 e_B + 4 i_B) / 16.
 * The p-values below were computed independently with SciPy 1.17 (scipy.stats.ttest_1samp on the
 * per-seed terms; Holm by hand in Python, /tmp script quoted in the comments), not by this code.
 */
import { describe, expect, it } from 'vitest';
import { intensityTable } from '../../src/analysis/intensity-table.js';
import type { RunRecord } from '../../src/run-format/run-record.js';
import { analyzeRun } from '../../src/summary/analyze-run.js';
import { buildSummary } from '../../src/summary/build.js';
import { compareVariants, holmFamilyOf } from '../../src/summary/compare-variants.js';
import { SummaryError } from '../../src/summary/errors.js';
import { applyHolm } from '../../src/summary/holm-family.js';
import type { ExperimentSpec, VariantSpec } from '../../src/summary/spec.js';
import { summarizeVariant } from '../../src/summary/summarize-variant.js';

const SEEDS = [1, 2, 3, 4];
const eA = [0.05, 0.052, 0.049, 0.051];
const iA = [0.12, 0.118, 0.121, 0.119];
const pB = [0.004, 0.0035, 0.0042, 0.0038];
const eB = [0.047, 0.0495, 0.0462, 0.0488];
const iB = [0.1195, 0.1189, 0.1203, 0.118];
const INTERIOR_TARGET = 0.02;

const PLAIN: VariantSpec = { name: 'plain', height: 4, width: 4, pads: { top: 0, bottom: 0, left: 0, right: 0 }, padMode: 'none', lossRegion: 'all' };
const FRAMED: VariantSpec = { name: 'framed', height: 6, width: 6, pads: { top: 1, bottom: 1, left: 1, right: 1 }, padMode: 'edge', lossRegion: 'all' };

/** A size x size map: pad ring `pad` wide, then a 1-pixel edge ring, then the interior. */
function regionMap(size: number, pad: number, values: { pad: number; edge: number; interior: number }): { map: Float64Array; targets: Float64Array } {
  const map = new Float64Array(size * size);
  const targets = new Float64Array(size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.min(y, x, size - 1 - y, size - 1 - x);
      const i = y * size + x;
      if (d < pad) map[i] = values.pad;
      else if (d === pad) map[i] = values.edge;
      else {
        map[i] = values.interior;
        targets[i] = INTERIOR_TARGET;
      }
    }
  }
  return { map, targets };
}

function record(spec: VariantSpec, seed: number, values: { pad: number; edge: number; interior: number }, history: RunRecord['history'] = null): RunRecord {
  const pad = spec.pads.top;
  const { map, targets } = regionMap(spec.height, pad, values);
  const mean = map.reduce((s, v) => s + v, 0) / map.length;
  return {
    source: `runs/${spec.name}/seed-${seed}`,
    variant: spec.name,
    seed,
    loss: 'bce',
    lossMap: { height: spec.height, width: spec.width, pads: spec.pads, values: map },
    lossRegion: spec.lossRegion,
    // One test image whose per-pixel losses are the map.
    intensity: intensityTable(map, targets, 1, spec.height, spec.width),
    finalTrainLoss: mean + 0.001,
    finalTestLoss: mean,
    history,
    samples: null,
    training: null,
  };
}

const plainRuns = SEEDS.map((seed, i) => record(PLAIN, seed, { pad: 0, edge: eA[i], interior: iA[i] }));
const framedRuns = SEEDS.map((seed, i) => record(FRAMED, seed, { pad: pB[i], edge: eB[i], interior: iB[i] }));
const OPTIONS = { edgeWidth: 1, resamples: 200 };

describe('analyzeRun', () => {
  it('splits a run exactly into pad, edge ring and interior', () => {
    const a = analyzeRun(framedRuns[0], 1);
    const regions = Object.fromEntries(a.decomposition.regions.map((r) => [r.name, r]));
    expect([regions.pad.count, regions.edge.count, regions.interior.count]).toEqual([20, 12, 4]);
    expect(regions.pad.mean).toBeCloseTo(0.004, 15);
    expect(regions.edge.mean).toBeCloseTo(0.047, 15);
    expect(regions.interior.mean).toBeCloseTo(0.1195, 15);
    expect(a.decomposition.total).toBeCloseTo((20 * 0.004 + 12 * 0.047 + 4 * 0.1195) / 36, 15);
    expect(a.intensity?.byRegion.find((r) => r.region === 'interior')?.count).toBe(4);
  });

  it('refuses an edge ring that leaves no interior', () => {
    expect(() => analyzeRun(framedRuns[0], 2)).toThrow(SummaryError);
    expect(() => analyzeRun(framedRuns[0], 2)).toThrow(/edge ring of width 2 leaves no interior in the 4x4 original/);
  });
});

describe('summarizeVariant', () => {
  const analysed = framedRuns.map((r) => analyzeRun(r, 1));

  it('gives the test loss across seeds with its t-based 95% CI (SciPy: t.ppf(0.975, 3))', () => {
    const v = summarizeVariant(FRAMED, analysed);
    expect(v.seeds).toEqual(SEEDS);
    expect(v.testLoss.mean).toBeCloseTo(0.03135277777777778, 14);
    expect(v.testLoss.ci95?.[0]).toBeCloseTo(0.03093305005941868, 12);
    expect(v.testLoss.ci95?.[1]).toBeCloseTo(0.031772505496136874, 12);
    const pad = v.regions.find((r) => r.region === 'pad');
    expect(pad?.pixels).toBe(20);
    expect(pad?.weight).toBeCloseTo(20 / 36, 15);
    expect(pad?.meanLoss.ci95?.[0]).toBeCloseTo(0.0033998482260013535, 12);
  });

  it('takes the entropy floor from the intensity tables: only the interior targets (0.02) are not 0 or 1', () => {
    const h = -(INTERIOR_TARGET * Math.log(INTERIOR_TARGET) + (1 - INTERIOR_TARGET) * Math.log(1 - INTERIOR_TARGET));
    const v = summarizeVariant(FRAMED, analysed);
    expect(v.entropyFloor?.mean).toBeCloseTo((4 * h) / 36, 14);
    expect(v.regions.find((r) => r.region === 'interior')?.floor?.mean).toBeCloseTo(h, 14);
    expect((v.excess?.mean ?? NaN) + (v.entropyFloor?.mean ?? NaN)).toBeCloseTo(v.testLoss.mean, 14);
    // Pad targets are all exactly 0.
    expect(v.padNonZeroShare).toBe(0);
  });

  it('names what it cannot compute instead of filling it in: no histories, no curves', () => {
    const v = summarizeVariant(FRAMED, analysed);
    expect(v.curves).toEqual([]);
    expect(v.unavailable).toEqual(['samples: seed 1 has none', 'curves: seed 1 has no training history']);
  });

  it('refuses histories of different lengths instead of cutting the curves to the shortest', () => {
    const h = (n: number): RunRecord['history'] => Array.from({ length: n }, (_, e) => ({ epoch: e + 1, trainLoss: 0.1, testLoss: 0.1 }));
    const runs = [record(FRAMED, 1, { pad: 0.001, edge: 0.05, interior: 0.1 }, h(3)), record(FRAMED, 2, { pad: 0.001, edge: 0.05, interior: 0.1 }, h(2))].map((r) => analyzeRun(r, 1));
    expect(() => summarizeVariant(FRAMED, runs)).toThrow(/histories have 3 \(seed 1\), 2 \(seed 2\) epochs/);
    const equal = summarizeVariant(FRAMED, [record(FRAMED, 1, { pad: 0.001, edge: 0.05, interior: 0.1 }, h(3)), record(FRAMED, 2, { pad: 0.001, edge: 0.05, interior: 0.1 }, h(3))].map((r) => analyzeRun(r, 1)));
    expect(equal.curves.map((c) => c.epoch)).toEqual([1, 2, 3]);
  });

  it('refuses a run whose geometry is not the spec\'s', () => {
    expect(() => summarizeVariant({ ...FRAMED, lossRegion: 'original' }, analysed)).toThrow(/loss on all pixels, but the spec's framed .* loss on original pixels/);
  });
});

describe('compareVariants and applyHolm', () => {
  const comparison = applyHolm(
    compareVariants({ name: 'plain', runs: plainRuns.map((r) => analyzeRun(r, 1)) }, { name: 'framed', runs: framedRuns.map((r) => analyzeRun(r, 1)) }, OPTIONS),
  );
  const term = (name: string) => comparison.terms.find((t) => t.term === name);
  const test = (quantity: string) => comparison.tests.find((t) => t.quantity === quantity);

  it('decomposes each seed exactly; each term\'s test has the sign of the term (a - b)', () => {
    // Means of the per-seed terms (SciPy script): gap 0.03639722, dilution 0.03434722, edge 0.00196875, interior 0.00008125.
    const expected: Record<string, number> = {
      gap: 0.03639722222222223,
      samePixel: 0.002050000000000003,
      samePixelEdge: 0.001968749999999999,
      samePixelInterior: 8.124999999999886e-5,
      dilution: 0.03434722222222222,
    };
    for (const [name, mean] of Object.entries(expected)) {
      expect(term(name)?.estimate.mean, name).toBeCloseTo(mean, 14);
      // The paired test of the term's pair must test the term itself, not its negative.
      expect(term(name)?.test.meanDifference, `${name} test`).toBeCloseTo(mean, 14);
    }
    expect(comparison.pairedSeeds).toEqual(SEEDS);
  });

  it('gives the raw paired-t p-values of SciPy (ttest_1samp of the per-seed terms, df = 3)', () => {
    expect(term('gap')?.test.pT).toBeCloseTo(3.4804280779419853e-7, 18);
    expect(term('samePixel')?.test.pT).toBeCloseTo(0.001185366401025433, 12);
    expect(term('samePixelEdge')?.test.pT).toBeCloseTo(0.0006431193269336912, 12);
    expect(term('samePixelInterior')?.test.pT).toBeCloseTo(0.496423428521689, 10);
    expect(term('dilution')?.test.pT).toBeCloseTo(2.309452853570465e-6, 16);
  });

  it('Holm-adjusts the five distinct hypotheses once each (p sorted: gap x5, dilution x4, edge x3, samePixel x2, interior x1)', () => {
    expect(comparison.holmFamily).toEqual(['gap:gap', 'gap:samePixel', 'gap:samePixelEdge', 'gap:samePixelInterior', 'gap:dilution']);
    expect(term('gap')?.test.pHolm).toBeCloseTo(1.7402140389709926e-6, 16);
    expect(term('dilution')?.test.pHolm).toBeCloseTo(9.23781141428186e-6, 16);
    expect(term('samePixelEdge')?.test.pHolm).toBeCloseTo(0.0019293579808010736, 12);
    expect(term('samePixel')?.test.pHolm).toBeCloseTo(0.002370732802050866, 12);
    expect(term('samePixelInterior')?.test.pHolm).toBeCloseTo(0.496423428521689, 10);
  });

  it('gives a test of the same hypothesis its member\'s adjusted p: region:edge is samePixelEdge, testLoss is gap', () => {
    // SciPy: ttest_rel of the edge means has the same p as the weighted edge term (0.000643119...).
    expect(test('region:edge')?.pT).toBeCloseTo(0.0006431193269336914, 12);
    expect(test('region:edge')?.pHolm).toBe(term('samePixelEdge')?.test.pHolm);
    expect(test('region:interior')?.pHolm).toBe(term('samePixelInterior')?.test.pHolm);
    expect(test('testLoss')?.pHolm).toBe(term('gap')?.test.pHolm);
    expect(comparison.sameHypothesisAs).toEqual({ 'region:edge': 'gap:samePixelEdge', 'region:interior': 'gap:samePixelInterior', testLoss: 'gap:gap' });
  });

  it('without pad pixels in either loss, the dilution is no hypothesis and the same-pixel change is the gap', () => {
    expect(holmFamilyOf(false)).toEqual({
      family: ['gap:gap', 'gap:samePixelEdge', 'gap:samePixelInterior'],
      sameAs: { 'region:edge': 'gap:samePixelEdge', 'region:interior': 'gap:samePixelInterior', testLoss: 'gap:gap', 'gap:samePixel': 'gap:gap' },
    });
  });

  it('refuses two variants without a common seed', () => {
    const other = framedRuns.map((r) => analyzeRun({ ...r, seed: r.seed + 10 }, 1));
    expect(() => compareVariants({ name: 'plain', runs: plainRuns.map((r) => analyzeRun(r, 1)) }, { name: 'framed', runs: other }, OPTIONS)).toThrow(
      /comparison plain vs framed: no seed has runs of both \(plain: 1, 2, 3, 4; framed: 11, 12, 13, 14\)/,
    );
  });
});

describe('buildSummary with a spec that is not the seed question', () => {
  const spec: ExperimentSpec = {
    dataset: 'hand-made',
    variants: [FRAMED, PLAIN],
    comparisons: [{ a: 'plain', b: 'framed' }],
    unpaddedReference: 'plain',
    referenceLosses: { framed: 0.03 },
    edgeWidth: 1,
  };

  it('follows the spec: display order, comparisons, reference losses, predictions from the unpadded reference', () => {
    const summary = buildSummary([...plainRuns, ...framedRuns], spec, { resamples: 200 });
    expect(summary.dataset).toBe('hand-made');
    expect(summary.variants.map((v) => v.variant)).toEqual(['framed', 'plain']);
    expect(summary.reference).toEqual({ framed: 0.03 });
    expect(summary.comparisons.map((c) => [c.a, c.b])).toEqual([['plain', 'framed']]);
    // Training settings are unknown here: null, not 0.
    expect(summary.settings).toEqual({ epochs: null, batchSize: null, noiseFactor: null, trainSize: null, testSize: null, edgeWidth: 1, pairing: null });
    const measured = summary.predictions.find((p) => p.padCostSource === 'measured pad mean of framed');
    // (16 * mean of plain's map + 20 * mean pad loss) / 36.
    const plainMean = plainRuns.reduce((s, r) => s + r.finalTestLoss, 0) / 4;
    const padMean = pB.reduce((s, v) => s + v, 0) / 4;
    expect(measured?.predicted).toBeCloseTo((16 * plainMean + 20 * padMean) / 36, 14);
    expect(summary.provenance.runs[0]).toEqual({ variant: 'plain', seed: 1, dir: 'runs/plain/seed-1', backend: null, seconds: null });
  });

  it('refuses runs of a variant the spec does not define, and spec variants without runs', () => {
    expect(() => buildSummary(plainRuns, { ...spec, comparisons: [], unpaddedReference: null, referenceLosses: null })).toThrow(/framed has no finished runs/);
    expect(() => buildSummary([...plainRuns, ...framedRuns], { ...spec, variants: [PLAIN], comparisons: [], referenceLosses: null })).toThrow(/runs\/framed\/seed-1 is a run of framed, which the spec does not define/);
  });
});
