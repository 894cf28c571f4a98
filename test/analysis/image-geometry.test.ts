import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AnalysisError,
  channelPixelLosses,
  checkImageGeometry,
  decomposeGap,
  decomposeLoss,
  imageOriginalMask,
  imageRegionMasks,
  measurePadCostFor,
  predictPaddedLossFor,
  regionMasks,
  uniformPads,
  type PixelLossKind,
  type SidePads,
} from '../../src/analysis/index.js';

/** A random original (oh x ow, interior non-empty for edge width e) with random per-side pads. */
const shape = fc
  .record({
    edgeWidth: fc.integer({ min: 0, max: 3 }),
    extraH: fc.integer({ min: 1, max: 6 }),
    extraW: fc.integer({ min: 1, max: 9 }),
    top: fc.integer({ min: 0, max: 3 }),
    bottom: fc.integer({ min: 0, max: 3 }),
    left: fc.integer({ min: 0, max: 3 }),
    right: fc.integer({ min: 0, max: 3 }),
  })
  .map(({ edgeWidth, extraH, extraW, top, bottom, left, right }) => {
    const originalHeight = 2 * edgeWidth + extraH;
    const originalWidth = 2 * edgeWidth + extraW;
    const pads: SidePads = { top, bottom, left, right };
    return { edgeWidth, originalHeight, originalWidth, pads, height: originalHeight + top + bottom, width: originalWidth + left + right };
  });

/** Region of (y, x) by the definition, written without the library: 'pad', 'edge' or 'interior'. */
function regionByHand(s: { pads: SidePads; originalHeight: number; originalWidth: number; edgeWidth: number }, y: number, x: number): string {
  const inRows = y >= s.pads.top && y < s.pads.top + s.originalHeight;
  const inCols = x >= s.pads.left && x < s.pads.left + s.originalWidth;
  if (!inRows || !inCols) return 'pad';
  const oy = y - s.pads.top;
  const ox = x - s.pads.left;
  const nearTopOrBottom = oy < s.edgeWidth || oy >= s.originalHeight - s.edgeWidth;
  const nearLeftOrRight = ox < s.edgeWidth || ox >= s.originalWidth - s.edgeWidth;
  return nearTopOrBottom || nearLeftOrRight ? 'edge' : 'interior';
}

const count = (mask: Uint8Array): number => mask.reduce((a, b) => a + b, 0);

describe('general geometry (non-square, per-side pads)', () => {
  it('region counts match the closed form and every pixel is where the definition puts it', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const set = imageRegionMasks(s);
        const [pad, edge, interior] = set.regions;
        const oh = s.originalHeight;
        const ow = s.originalWidth;
        const e = s.edgeWidth;
        expect(count(pad.mask)).toBe(s.height * s.width - oh * ow);
        expect(count(interior.mask)).toBe((oh - 2 * e) * (ow - 2 * e));
        expect(count(edge.mask)).toBe(oh * ow - (oh - 2 * e) * (ow - 2 * e));
        for (let y = 0; y < s.height; y++) {
          for (let x = 0; x < s.width; x++) {
            const name = regionByHand(s, y, x);
            const owner = set.regions.filter((r) => r.mask[y * s.width + x] === 1).map((r) => r.name);
            expect(owner).toEqual([name]);
          }
        }
        expect(count(imageOriginalMask(s))).toBe(oh * ow);
      }),
      { numRuns: 150 },
    );
  });

  it('a hand-checked 5x6 case: pads top 1, right 2 around a 4x4 original with a 1-pixel edge', () => {
    const set = imageRegionMasks({ height: 5, width: 6, pads: { top: 1, bottom: 0, left: 0, right: 2 }, edgeWidth: 1 });
    // pad: row 0 (6) + columns 4, 5 of rows 1-4 (8) = 14; edge: 16 - 4 = 12; interior: the 2x2 centre
    expect(set.regions.map((r) => count(r.mask))).toEqual([14, 12, 4]);
    expect(Array.from(set.regions[2].mask)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('the square API is the general one with uniform pads', () => {
    for (const [size, pad, edgeWidth] of [[32, 2, 2], [28, 0, 2], [36, 4, 3], [7, 1, 2]]) {
      const square = regionMasks({ size, pad, edgeWidth });
      const general = imageRegionMasks({ height: size, width: size, pads: uniformPads(pad), edgeWidth }, { allowEmptyInterior: true });
      expect(square).toEqual(general);
    }
  });

  it('an edge ring that leaves no interior is an error that says which width would fit', () => {
    const call = () => imageRegionMasks({ height: 8, width: 12, pads: { top: 2, bottom: 2, left: 0, right: 0 }, edgeWidth: 2 });
    expect(call).toThrow(AnalysisError);
    expect(call).toThrow(/no interior in the 4x12 original image; use an edge width below 2/);
    expect(() => checkImageGeometry({ height: 4, width: 4, pads: { top: 2, bottom: 2, left: 0, right: 0 }, edgeWidth: 0 })).toThrow(/leaves no original image/);
    expect(() => checkImageGeometry({ height: 4, width: 4.5, pads: uniformPads(0), edgeWidth: 0 })).toThrow(/width must be a positive integer/);
  });

  it('property: regions sum to the total for random non-square maps and asymmetric pads', () => {
    fc.assert(
      fc.property(shape, fc.array(fc.double({ min: 0, max: 20, noNaN: true }), { minLength: 64, maxLength: 64 }), (s, values) => {
        const map = Float64Array.from({ length: s.height * s.width }, (_, i) => values[i % 64]);
        const d = decomposeLoss(map, imageRegionMasks(s));
        let total = 0;
        for (const v of map) total += v;
        total /= map.length;
        expect(Math.abs(d.total - total)).toBeLessThanOrEqual(1e-12 * Math.max(1, total));
        const parts = d.regions.reduce((a, r) => a + r.contribution, 0);
        expect(Math.abs(parts - total)).toBeLessThanOrEqual(1e-9 * Math.max(1, total));
      }),
      { numRuns: 150 },
    );
  });

  it('property: gap = edge + interior same-pixel change + dilution for any per-pixel loss, shapes and pads', () => {
    const kinds: PixelLossKind[] = ['bce', 'mse', 'l1'];
    fc.assert(
      fc.property(
        shape,
        fc.record({ top: fc.integer({ min: 0, max: 3 }), bottom: fc.integer({ min: 0, max: 3 }), left: fc.integer({ min: 0, max: 3 }), right: fc.integer({ min: 0, max: 3 }) }),
        fc.constantFrom(...kinds),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 97, maxLength: 97 }),
        fc.boolean(),
        (a, padsB, kind, values, maskedB) => {
          // B shares A's original but has its own pads; maps come from a real per-pixel loss of targets vs predictions.
          const b = { ...a, pads: padsB, height: a.originalHeight + padsB.top + padsB.bottom, width: a.originalWidth + padsB.left + padsB.right };
          const mapOf = (h: number, w: number, shift: number): Float64Array => {
            const n = h * w;
            const targets = Float64Array.from({ length: n }, (_, i) => values[(i + shift) % 97]);
            const predictions = Float64Array.from({ length: n }, (_, i) => values[(3 * i + 7 + shift) % 97]);
            return channelPixelLosses(kind, targets, predictions, 1, h, w, 1).loss;
          };
          const mapA = mapOf(a.height, a.width, 0);
          const mapB = mapOf(b.height, b.width, 11);
          const g = decomposeGap(
            { map: mapA, height: a.height, width: a.width, pads: a.pads },
            { map: mapB, height: b.height, width: b.width, pads: b.pads, lossRegion: maskedB ? 'original' : 'all' },
            { edgeWidth: a.edgeWidth },
          );
          // Independent means by the definition of the regions.
          const means = (map: Float64Array, s: typeof a) => {
            const acc: Record<string, [number, number]> = { pad: [0, 0], edge: [0, 0], interior: [0, 0] };
            for (let y = 0; y < s.height; y++) {
              for (let x = 0; x < s.width; x++) {
                const r = acc[regionByHand(s, y, x)];
                r[0] += map[y * s.width + x];
                r[1] += 1;
              }
            }
            const all = (acc.pad[0] + acc.edge[0] + acc.interior[0]) / (s.height * s.width);
            const original = (acc.edge[0] + acc.interior[0]) / (acc.edge[1] + acc.interior[1]);
            return { all, original, edge: acc.edge[0] / acc.edge[1], interior: acc.interior[0] / acc.interior[1], nEdge: acc.edge[1], nInt: acc.interior[1] };
          };
          const ma = means(mapA, a);
          const mb = means(mapB, b);
          const lossB = maskedB ? mb.original : mb.all;
          const tol = 1e-9;
          expect(Math.abs(g.gap - (ma.all - lossB))).toBeLessThanOrEqual(tol);
          const nO = ma.nEdge + ma.nInt;
          // an edge width of 0 leaves no edge ring: its term is 0
          const edgeTerm = ma.nEdge === 0 ? 0 : (ma.nEdge / nO) * (ma.edge - mb.edge);
          expect(Math.abs(g.samePixelEdge - edgeTerm)).toBeLessThanOrEqual(tol);
          expect(Math.abs(g.samePixelInterior - (ma.nInt / nO) * (ma.interior - mb.interior))).toBeLessThanOrEqual(tol);
          const dilution = (mb.original - lossB) - (ma.original - ma.all);
          expect(Math.abs(g.dilution - dilution)).toBeLessThanOrEqual(tol);
          expect(Math.abs(g.samePixelEdge + g.samePixelInterior + g.dilution - g.gap)).toBeLessThanOrEqual(tol);
          expect(g.originalHeight).toBe(a.originalHeight);
          expect(g.originalWidth).toBe(a.originalWidth);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('variants with different originals cannot be compared', () => {
    const a = { map: new Float64Array(12), height: 3, width: 4, pads: uniformPads(0) };
    const b = { map: new Float64Array(20), height: 4, width: 5, pads: { top: 1, bottom: 0, left: 0, right: 0 } };
    expect(() => decomposeGap(a, b, { edgeWidth: 0 })).toThrow(/original 3x4\), b is 4x5 .*original 3x5\)/);
  });

  it('pad cost and prediction for a non-square, one-sided pad (by hand)', () => {
    // 3x2 map, top row is pad: pad pixels 0.3 and 0.1 -> cost 0.2
    const map = new Float64Array([0.3, 0.1, 0.5, 0.5, 0.5, 0.5]);
    const pads = { top: 1, bottom: 0, left: 0, right: 0 };
    expect(measurePadCostFor(map, { height: 3, width: 2, pads })).toBeCloseTo(0.2, 15);
    expect(() => measurePadCostFor(map, { height: 3, width: 2, pads: uniformPads(0) })).toThrow(/no pad pixels/);
    // original 2x2 at 0.5 + 2 pad pixels at 0.2 over 6 pixels = (2 + 0.4) / 6 = 0.4
    const p = predictPaddedLossFor({ originalMap: new Float64Array(4).fill(0.5), originalHeight: 2, originalWidth: 2, pads, padCost: 0.2 });
    expect(p.predicted).toBeCloseTo(0.4, 15);
    expect(p.padPixels).toBe(2);
    expect(p.totalPixels).toBe(6);
  });
});
