import { describe, expect, it } from 'vitest';
import {
  AnalysisError,
  createRegionSet,
  originalMask,
  regionMasks,
  resolveGeometry,
  validateRegionSet,
} from '../../src/analysis/index.js';

const count = (m: Uint8Array): number => m.reduce((a, b) => a + b, 0);

describe('resolveGeometry', () => {
  it('fills in the original size or the output size', () => {
    expect(resolveGeometry({ size: 32, pad: 2 })).toEqual({ size: 32, pad: 2, originalSize: 28, edgeWidth: 2 });
    expect(resolveGeometry({ pad: 4 })).toEqual({ size: 36, pad: 4, originalSize: 28, edgeWidth: 2 });
    expect(resolveGeometry({ pad: 1, originalSize: 4, edgeWidth: 1 })).toEqual({ size: 6, pad: 1, originalSize: 4, edgeWidth: 1 });
  });

  it('rejects impossible geometry', () => {
    expect(() => resolveGeometry({ size: 4, pad: 2 })).toThrow(/leaves no original/);
    expect(() => resolveGeometry({ size: 32, pad: 2, originalSize: 30 })).toThrow(/imply an original of 28/);
    expect(() => resolveGeometry({ size: 32, pad: -1 })).toThrow(/pad must be a non-negative integer/);
    expect(() => resolveGeometry({ size: 32, pad: 2, edgeWidth: 1.5 })).toThrow(/edgeWidth/);
  });
});

describe('regionMasks', () => {
  it('marks pad, edge and interior of a 4x4 original in a 6x6 output', () => {
    const set = regionMasks({ size: 6, pad: 1, edgeWidth: 1 });
    expect(set.height).toBe(6);
    expect(set.regions.map((r) => r.name)).toEqual(['pad', 'edge', 'interior']);
    const [pad, edge, interior] = set.regions.map((r) => Array.from(r.mask));
    // prettier-ignore
    expect(pad).toEqual([
      1,1,1,1,1,1,
      1,0,0,0,0,1,
      1,0,0,0,0,1,
      1,0,0,0,0,1,
      1,0,0,0,0,1,
      1,1,1,1,1,1]);
    // prettier-ignore
    expect(edge).toEqual([
      0,0,0,0,0,0,
      0,1,1,1,1,0,
      0,1,0,0,1,0,
      0,1,0,0,1,0,
      0,1,1,1,1,0,
      0,0,0,0,0,0]);
    // prettier-ignore
    expect(interior).toEqual([
      0,0,0,0,0,0,
      0,0,0,0,0,0,
      0,0,1,1,0,0,
      0,0,1,1,0,0,
      0,0,0,0,0,0,
      0,0,0,0,0,0]);
  });

  it('counts pixels of the MNIST geometries', () => {
    const counts = (size: number, pad: number, edgeWidth?: number): number[] =>
      regionMasks({ size, pad, edgeWidth }).regions.map((r) => count(r.mask));
    expect(counts(28, 0)).toEqual([0, 784 - 576, 576]); // pad empty for baseline28
    expect(counts(32, 2)).toEqual([1024 - 784, 784 - 576, 576]);
    expect(counts(36, 4)).toEqual([1296 - 784, 208, 576]);
    expect(counts(32, 2, 0)).toEqual([240, 0, 784]);
    expect(counts(32, 2, 14)).toEqual([240, 784, 0]);
    expect(counts(32, 2, 20)).toEqual([240, 784, 0]);
  });

  it('gives a valid partition', () => {
    expect(validateRegionSet(regionMasks({ size: 8, pad: 2, edgeWidth: 1 }))).toEqual([48, 12, 4]);
  });
});

describe('originalMask', () => {
  it('marks the original inside the pad', () => {
    expect(Array.from(originalMask({ size: 4, pad: 1 }))).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
  });
});

describe('createRegionSet', () => {
  it('accepts 0/1 or boolean masks and adds a rest region', () => {
    const set = createRegionSet(2, 2, [
      { name: 'top', mask: [1, 1, 0, 0] },
      { name: 'corner', mask: [false, false, true, false] },
    ]);
    expect(set.regions.map((r) => r.name)).toEqual(['top', 'corner', 'rest']);
    expect(Array.from(set.regions[2].mask)).toEqual([0, 0, 0, 1]);
    expect(createRegionSet(1, 2, [{ name: 'a', mask: [1, 1] }]).regions).toHaveLength(1);
  });

  it('says what is wrong with bad masks', () => {
    expect(() => createRegionSet(2, 2, [{ name: 'a', mask: [1, 1, 0] }])).toThrow(/'a' has length 3, expected .* = 4/);
    expect(() =>
      createRegionSet(2, 2, [
        { name: 'a', mask: [1, 1, 0, 0] },
        { name: 'b', mask: [0, 1, 1, 0] },
      ]),
    ).toThrow(/'a' and 'b' overlap at row 0, column 1/);
    expect(() => createRegionSet(2, 2, [{ name: 'a', mask: [1, 2, 0, 0] }])).toThrow(/0\/1/);
    expect(() =>
      createRegionSet(2, 2, [
        { name: 'a', mask: [1, 0, 0, 0] },
        { name: 'a', mask: [0, 1, 0, 0] },
      ]),
    ).toThrow(/unique/);
    expect(() => createRegionSet(2, 2, [{ name: '', mask: [1, 0, 0, 0] }])).toThrow(/non-empty name/);
    expect(() => createRegionSet(2, 2, [{ name: 'a', mask: [1, 0, 0, 0] }], { restName: null })).toThrow(
      /3 pixels are in no region \(first at row 0, column 1\)/,
    );
    expect(() => createRegionSet(2, 2, [{ name: 'rest', mask: [1, 0, 0, 0] }])).toThrow(/restName/);
    expect(() => createRegionSet(2, 2, [{ name: 'a', mask: [1, 2, 0, 0] }])).toThrow(AnalysisError);
  });
});
