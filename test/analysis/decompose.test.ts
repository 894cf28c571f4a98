import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRegionSet, decomposeLoss, regionMasks } from '../../src/analysis/index.js';

describe('decomposeLoss', () => {
  it('splits a 4x4 map into pad ring and original (hand-worked)', () => {
    // prettier-ignore
    const map = new Float64Array([
      1, 1, 1, 1,
      1, 3, 3, 1,
      1, 3, 3, 1,
      1, 1, 1, 1]);
    const d = decomposeLoss(map, regionMasks({ size: 4, pad: 1, edgeWidth: 1 }));
    expect(d.total).toBe(1.5);
    expect(d.pixels).toBe(16);
    expect(d.regions).toEqual([
      { name: 'pad', count: 12, weight: 0.75, mean: 1, contribution: 0.75, share: 0.5 },
      { name: 'edge', count: 4, weight: 0.25, mean: 3, contribution: 0.75, share: 0.5 },
      { name: 'interior', count: 0, weight: 0, mean: null, contribution: 0, share: 0 },
    ]);
    expect(d.identityError).toBe(0);
  });

  it('splits a 4x4 unpadded map into edge ring and interior (hand-worked)', () => {
    // edge ring (12 px) = 0.2, interior (4 px) = 0.1 -> mean (2.4 + 0.4) / 16 = 0.175
    // prettier-ignore
    const map = new Float64Array([
      0.2, 0.2, 0.2, 0.2,
      0.2, 0.1, 0.1, 0.2,
      0.2, 0.1, 0.1, 0.2,
      0.2, 0.2, 0.2, 0.2]);
    const d = decomposeLoss(map, regionMasks({ size: 4, pad: 0, edgeWidth: 1 }));
    expect(d.total).toBeCloseTo(0.175, 15);
    const [pad, edge, interior] = d.regions;
    expect(pad).toEqual({ name: 'pad', count: 0, weight: 0, mean: null, contribution: 0, share: 0 });
    expect(edge.mean).toBeCloseTo(0.2, 15);
    expect(edge.contribution).toBeCloseTo(0.15, 15);
    expect(edge.share).toBeCloseTo(0.15 / 0.175, 14);
    expect(interior.mean).toBeCloseTo(0.1, 15);
    expect(interior.contribution).toBeCloseTo(0.025, 15);
  });

  it('accepts user masks (with a rest region)', () => {
    const set = createRegionSet(2, 2, [{ name: 'diag', mask: [1, 0, 0, 1] }]);
    const d = decomposeLoss(new Float32Array([1, 2, 4, 3]), set);
    expect(d.regions.map((r) => [r.name, r.mean])).toEqual([
      ['diag', 2],
      ['rest', 3],
    ]);
    expect(d.total).toBe(2.5);
  });

  it('rejects a map of the wrong size or with NaN', () => {
    const set = regionMasks({ size: 4, pad: 1 });
    expect(() => decomposeLoss(new Float64Array(15), set)).toThrow(/length 15, expected .* = 16/);
    const bad = new Float64Array(16);
    bad[5] = Number.NaN;
    expect(() => decomposeLoss(bad, set)).toThrow(/row 1, column 1/);
  });

  it('property: contributions add up to the mean within 1e-9 for random maps and geometries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.double({ min: 1e-3, max: 20, noNaN: true }),
        (original, pad, edgeWidth, seed, scale) => {
          const size = original + 2 * pad;
          let s = seed | 1;
          const map = Float64Array.from({ length: size * size }, () => {
            s = (Math.imul(s, 1103515245) + 12345) | 0;
            return (((s >>> 8) & 0xffff) / 65536) * scale;
          });
          const d = decomposeLoss(map, regionMasks({ size, pad, edgeWidth }));
          const parts = d.regions.reduce((a, r) => a + (r.mean === null ? 0 : r.weight * r.mean), 0);
          expect(Math.abs(parts - d.total)).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(d.identityError)).toBeLessThanOrEqual(1e-9);
          expect(d.regions.reduce((a, r) => a + r.count, 0)).toBe(size * size);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: holds for arbitrary user partitions', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 5 }),
        fc.array(fc.double({ min: 0, max: 16.2, noNaN: true }), { minLength: 36, maxLength: 36 }),
        fc.array(fc.nat(), { minLength: 36, maxLength: 36 }),
        (h, w, k, values, labels) => {
          const map = Float64Array.from(values.slice(0, h * w));
          const masks = Array.from({ length: k }, (_, r) => ({
            name: `r${r}`,
            mask: Array.from({ length: h * w }, (_, i) => (labels[i] % k === r ? 1 : 0)),
          }));
          const d = decomposeLoss(map, createRegionSet(h, w, masks));
          const parts = d.regions.reduce((a, r) => a + r.contribution, 0);
          expect(Math.abs(parts - d.total)).toBeLessThanOrEqual(1e-9);
        },
      ),
    );
  });
});
