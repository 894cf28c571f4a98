/**
 * A small user program of `boundary-effects/analysis` and `/stats`, run once by Node and once,
 * bundled by esbuild for the browser, in Chromium (test/package/consumer.test.ts): both print the
 * same JSON. Inputs come from a fixed linear congruential generator, so both runs see the same
 * numbers; the bootstrap draws from its own seeded generator.
 */
export const BROWSER_EXAMPLE = `import { analyzeLosses, decomposeGap, intensityByRegion, intensityTable, pixelBce, predictPaddedLoss, regionMasks } from 'boundary-effects/analysis';
import { comparePaired, compareUnpaired, holmAdjust, summarize, tTestPower } from 'boundary-effects/stats';

function lcg(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

export function compute() {
  const next = lcg(42);
  const count = 3, size = 32;
  const targets = Float32Array.from({ length: count * size * size }, () => Math.round(next() * 4) / 4);
  const predictions = Float32Array.from(targets, (t) => Math.min(1, Math.max(0, t + (next() - 0.5) * 0.4)));
  const losses = Float32Array.from(targets, (t, i) => pixelBce(t, predictions[i]));
  const analysis = analyzeLosses(losses, targets, count, size, size, { pad: 2 });
  const map28 = Float64Array.from({ length: 28 * 28 }, () => 0.05 + next() * 0.1);
  const gap = decomposeGap({ map: map28, size: 28, pad: 0 }, { map: analysis.map, size, pad: 2 });
  const byRegion = intensityByRegion(intensityTable(losses, targets, count, size, size), regionMasks({ size, pad: 2 }));
  const a = Array.from({ length: 8 }, () => 0.098 + next() * 0.002);
  const b = Array.from({ length: 8 }, () => 0.075 + next() * 0.002);
  const paired = comparePaired(a, b, { resamples: 2000, seed: 7 });
  const unpaired = compareUnpaired(a, b.slice(0, 6), { resamples: 2000, seed: 7 });
  return {
    meanLoss: analysis.meanLoss,
    regions: analysis.decomposition.regions.map((r) => [r.name, r.count, r.mean, r.contribution]),
    gap: [gap.gap, gap.samePixel, gap.samePixelEdge, gap.samePixelInterior, gap.dilution],
    intensity: byRegion.byRegion.map((r) => [r.region, r.meanLoss, r.meanFloor, r.meanExcess, r.share]),
    predicted: predictPaddedLoss({ map28, pad: 2, padCost: 0.001 }).predicted,
    paired: [paired.meanDifference, paired.ci, paired.tTest.t, paired.tTest.p, paired.wilcoxon.p, paired.bootstrap?.bca, paired.effectSize.cohensDz],
    unpaired: [unpaired.tTest.df, unpaired.tTest.p, unpaired.rankSum.statistic, unpaired.rankSum.p, unpaired.bootstrap?.bca],
    holm: holmAdjust([0.01, 0.04, 0.03, 0.005]),
    summary: summarize(a).ci95,
    power: tTestPower(8, { delta: 1, sd: 1 }),
  };
}
`;

/** The browser bundle's entry: runs the example and leaves its JSON where the test reads it. */
export const BROWSER_ENTRY = `import { compute } from './example.mjs';
globalThis.__boundaryEffectsResult = JSON.stringify(compute());
`;
