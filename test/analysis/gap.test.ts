import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decomposeGap, originalMask, type SquareVariantMap } from '../../src/analysis/index.js';

// A: 4x4 unpadded; edge ring (12 px) 0.2, interior (4 px) 0.1 -> L_A = 0.175
// prettier-ignore
const mapA = new Float64Array([
  0.2, 0.2, 0.2, 0.2,
  0.2, 0.1, 0.1, 0.2,
  0.2, 0.1, 0.1, 0.2,
  0.2, 0.2, 0.2, 0.2]);
// B: 6x6 with pad 1; pad ring (20 px) 0.01, edge 0.15, interior 0.1
// L_B[O] = (12 * 0.15 + 4 * 0.1) / 16 = 0.1375, L_B = (20 * 0.01 + 16 * 0.1375) / 36 = 2.4 / 36
// prettier-ignore
const mapB = new Float64Array([
  0.01, 0.01, 0.01, 0.01, 0.01, 0.01,
  0.01, 0.15, 0.15, 0.15, 0.15, 0.01,
  0.01, 0.15, 0.1,  0.1,  0.15, 0.01,
  0.01, 0.15, 0.1,  0.1,  0.15, 0.01,
  0.01, 0.15, 0.15, 0.15, 0.15, 0.01,
  0.01, 0.01, 0.01, 0.01, 0.01, 0.01]);

describe('decomposeGap', () => {
  it('splits an unpadded vs padded gap (hand-worked)', () => {
    const g = decomposeGap({ map: mapA, size: 4, pad: 0 }, { map: mapB, size: 6, pad: 1 }, { edgeWidth: 1 });
    expect(g.lossA).toBeCloseTo(0.175, 15);
    expect(g.lossB).toBeCloseTo(2.4 / 36, 15);
    expect(g.gap).toBeCloseTo(0.175 - 2.4 / 36, 15);
    expect(g.samePixelEdge).toBeCloseTo((12 / 16) * 0.05, 15); // 0.0375
    expect(g.samePixelInterior).toBeCloseTo(0, 15);
    expect(g.samePixel).toBeCloseTo(0.0375, 15);
    expect(g.dilution).toBeCloseTo((20 / 36) * (0.1375 - 0.01), 15); // 0.0708333
    expect(g.samePixel + g.dilution).toBeCloseTo(g.gap, 15);
    expect(Math.abs(g.identityError)).toBeLessThanOrEqual(1e-15);
    expect(g.originalPixels).toBe(16);
    expect(g.edgePixels).toBe(12);
    expect(g.interiorPixels).toBe(4);
    expect(g.a.pad).toBeNull();
    expect(g.a.dilution).toBe(0);
    expect(g.b.pad).toBeCloseTo(0.01, 15);
    expect(g.b.edge).toBeCloseTo(0.15, 15);
    expect(g.b.original).toBeCloseTo(0.1375, 15);
    expect(g.b.pixels).toBe(36);
    expect(g.b.padPixels).toBe(20);
  });

  it('handles a masked variant (loss over the original only: no dilution)', () => {
    const g = decomposeGap({ map: mapB, size: 6, pad: 1 }, { map: mapB, size: 6, pad: 1, lossRegion: 'original' }, { edgeWidth: 1 });
    expect(g.lossA).toBeCloseTo(2.4 / 36, 15);
    expect(g.lossB).toBeCloseTo(0.1375, 15);
    expect(g.samePixel).toBe(0);
    // gap = -(A's own dilution)
    expect(g.dilution).toBeCloseTo(-(20 / 36) * (0.1375 - 0.01), 15);
    expect(g.b.dilution).toBe(0);
    expect(g.b.pixels).toBe(16);
  });

  it('handles a padded A against an unpadded B (e.g. edge36 vs baseline28)', () => {
    const g = decomposeGap({ map: mapB, size: 6, pad: 1 }, { map: mapA, size: 4, pad: 0 }, { edgeWidth: 1 });
    expect(g.gap).toBeCloseTo(2.4 / 36 - 0.175, 15);
    expect(g.samePixel).toBeCloseTo(-0.0375, 15);
    expect(g.dilution).toBeCloseTo(-(20 / 36) * 0.1275, 15);
  });

  it('uses edge width 2 by default', () => {
    const g = decomposeGap({ map: new Float64Array(28 * 28).fill(0.1), size: 28, pad: 0 }, { map: new Float64Array(32 * 32).fill(0.1), size: 32, pad: 2 });
    expect(g.edgeWidth).toBe(2);
    expect(g.edgePixels).toBe(208);
    expect(g.gap).toBeCloseTo(0, 15);
  });

  it('rejects variants without a common original and bad maps', () => {
    expect(() => decomposeGap({ map: mapA, size: 4, pad: 0 }, { map: new Float64Array(36), size: 6, pad: 0 })).toThrow(/do not share an original/);
    expect(() => decomposeGap({ map: mapA, size: 4, pad: 0 }, { map: mapA, size: 6, pad: 1 })).toThrow(/b.map has length 16/);
    const bad = Float64Array.from(mapA);
    bad[3] = Number.NaN;
    expect(() => decomposeGap({ map: bad, size: 4, pad: 0 }, { map: mapB, size: 6, pad: 1 })).toThrow(/a.map has NaN .* row 0, column 3/);
  });

  it('property: samePixel + dilution = gap and the dilution formula hold for random maps', () => {
    const variant = (original: number) =>
      fc
        .record({
          pad: fc.integer({ min: 0, max: 3 }),
          masked: fc.boolean(),
          values: fc.array(fc.double({ min: 0, max: 16.2, noNaN: true }), { minLength: 144, maxLength: 144 }),
        })
        .map(({ pad, masked, values }): SquareVariantMap => {
          const size = original + 2 * pad;
          return {
            size,
            pad,
            lossRegion: masked ? 'original' : 'all',
            map: Float64Array.from({ length: size * size }, (_, i) => values[i % values.length]),
          };
        });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((original) =>
          fc.tuple(variant(original), variant(original), fc.integer({ min: 0, max: 4 })),
        ),
        ([a, b, edgeWidth]) => {
          const g = decomposeGap(a, b, { edgeWidth });
          expect(Math.abs(g.samePixel + g.dilution - g.gap)).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(g.samePixelEdge + g.samePixelInterior - (g.a.original - g.b.original))).toBeLessThanOrEqual(1e-9);
          // dilution of B is L_B[O] - L_B; of A is L_A[O] - L_A
          expect(Math.abs(g.b.dilution - (g.b.original - g.lossB))).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(g.a.dilution - (g.a.original - g.lossA))).toBeLessThanOrEqual(1e-9);
          // the original mean agrees with a direct mask mean
          const inside = originalMask({ size: b.size, pad: b.pad });
          let s = 0;
          let n = 0;
          inside.forEach((m, i) => {
            if (m === 1) {
              s += b.map[i];
              n++;
            }
          });
          expect(Math.abs(s / n - g.b.original)).toBeLessThanOrEqual(1e-9);
        },
      ),
      { numRuns: 300 },
    );
  });
});
