import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  binaryEntropy,
  createRegionSet,
  decomposeLoss,
  intensityBins,
  intensityByRegion,
  intensityByRegionFromArrays,
  intensityTable,
  meanLossMap,
  regionMasks,
} from '../../src/analysis/index.js';

const targets = new Float64Array([0, 0.5, 1, 0.05, /* image 1 */ 0, 0.5, 0.95, 1]);
const losses = new Float64Array([0.1, 0.8, 0.2, 0.3, /* image 1 */ 0.3, 0.7, 0.4, 0.1]);
const leftRight = createRegionSet(2, 2, [
  { name: 'left', mask: [1, 0, 1, 0] },
  { name: 'right', mask: [0, 1, 0, 1] },
]);

describe('intensityByRegion', () => {
  it('gives region x bin means, floors, excess and shares (hand-worked)', () => {
    const r = intensityByRegion(intensityTable(losses, targets, 2, 2, 2), leftRight);
    const h05 = binaryEntropy(0.05);
    expect(r.pixels).toBe(8);
    expect(r.regions).toEqual(['left', 'right']);
    expect(r.meanLoss).toBeCloseTo(2.9 / 8, 15);
    expect(r.meanFloor).toBeCloseTo((2 * Math.LN2 + 2 * h05) / 8, 15);
    expect(r.meanExcess).toBeCloseTo(r.meanLoss - r.meanFloor, 15);
    expect(r.cells).toHaveLength(24);
    const leftBlack = r.cells[0];
    expect(leftBlack).toMatchObject({ region: 'left', bin: 0, label: '0', count: 2, weight: 0.25, meanFloor: 0 });
    expect(leftBlack.meanLoss).toBeCloseTo(0.2, 15);
    expect(leftBlack.meanExcess).toBeCloseTo(0.2, 15);
    expect(leftBlack.share).toBeCloseTo(0.4 / 2.9, 15);
    const rightGrey = r.cells[12 + 5];
    expect(rightGrey).toMatchObject({ region: 'right', label: '(0.4, 0.5]', count: 2 });
    expect(rightGrey.meanLoss).toBeCloseTo(0.75, 15);
    expect(rightGrey.meanFloor).toBeCloseTo(Math.LN2, 15);
    expect(rightGrey.meanExcess).toBeCloseTo(0.75 - Math.LN2, 15);
    expect(rightGrey.lossContribution).toBeCloseTo(1.5 / 8, 15);
    const empty = r.cells[3];
    expect(empty).toMatchObject({ count: 0, meanLoss: null, meanFloor: null, meanExcess: null, lossContribution: 0, share: 0 });
    expect(r.byRegion[0].meanLoss).toBeCloseTo(0.25, 15);
    expect(r.byRegion[0].meanFloor).toBeCloseTo(h05 / 4, 15);
    expect(r.byRegion[1].meanLoss).toBeCloseTo(1.9 / 4, 15);
    expect(r.byBin[11]).toMatchObject({ label: '1', count: 2 });
    expect(r.byBin[11].meanLoss).toBeCloseTo(0.15, 15);
    expect(r.byBin.reduce((a, b) => a + b.share, 0)).toBeCloseTo(1, 15);
    expect(Math.abs(r.identityError)).toBeLessThanOrEqual(1e-15);
  });

  it('checks that the regions fit the table', () => {
    const t = intensityTable(losses, targets, 2, 2, 2);
    expect(() => intensityByRegion(t, regionMasks({ size: 4, pad: 1 }))).toThrow(/regions are 4x4 but the table is 2x2/);
  });

  it('property: contributions add up to the mean loss, floor and excess; regions agree with decomposeLoss', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.integer({ min: -60, max: 255 }), { minLength: 50, maxLength: 50 }),
        fc.array(fc.double({ min: 0, max: 16.2, noNaN: true, noDefaultInfinity: true }), { minLength: 50, maxLength: 50 }),
        (original, pad, edgeWidth, count, levels, values) => {
          const size = original + 2 * pad;
          const n = count * size * size;
          // grey levels k/255 in float32, with many exact zeros (negative draws)
          const t = Float32Array.from({ length: n }, (_, i) => Math.max(0, levels[i % levels.length]) / 255);
          const l = Float32Array.from({ length: n }, (_, i) => values[(i * 7) % values.length]);
          const regions = regionMasks({ size, pad, edgeWidth });
          const r = intensityByRegionFromArrays(l, t, count, size, size, regions, intensityBins([0, 0.25, 0.5, 1]));
          let direct = 0;
          for (let i = 0; i < n; i++) direct += l[i];
          expect(Math.abs(r.meanLoss - direct / n)).toBeLessThanOrEqual(1e-9);
          const sum = (f: (g: (typeof r.cells)[number]) => number): number => r.cells.reduce((a, c) => a + f(c), 0);
          expect(Math.abs(sum((c) => c.lossContribution) - r.meanLoss)).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(sum((c) => c.floorContribution) - r.meanFloor)).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(sum((c) => c.excessContribution) - r.meanExcess)).toBeLessThanOrEqual(1e-9);
          expect(sum((c) => c.count)).toBe(n);
          expect(Math.abs(r.identityError)).toBeLessThanOrEqual(1e-9);
          const d = decomposeLoss(meanLossMap(l, count, size, size), regions);
          d.regions.forEach((reg, k) => {
            expect(Math.abs(reg.contribution - r.byRegion[k].lossContribution)).toBeLessThanOrEqual(1e-9);
            expect(reg.count * count).toBe(r.byRegion[k].count);
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
