import { describe, expect, it } from 'vitest';
import { AnalysisError, mapMean, meanLossMap, perImageMeanLoss } from '../../src/analysis/index.js';

// Two 2x2 images.
const losses = new Float32Array([1, 2, 3, 4, 3, 2, 1, 8]);

describe('meanLossMap', () => {
  it('averages over images per location', () => {
    expect(Array.from(meanLossMap(losses, 2, 2, 2))).toEqual([2, 2, 2, 6]);
    expect(Array.from(meanLossMap(new Float64Array([1, 2, 3, 6]), 2, 1, 2))).toEqual([2, 4]);
  });

  it('names the image, row and column of a NaN', () => {
    const bad = new Float32Array(2 * 4 * 4);
    bad[16 + 2 * 4 + 3] = Number.NaN;
    expect(() => meanLossMap(bad, 2, 4, 4)).toThrow(/image 1, row 2, column 3/);
    bad[16 + 2 * 4 + 3] = Number.POSITIVE_INFINITY;
    expect(() => perImageMeanLoss(bad, 2, 4, 4)).toThrow(AnalysisError);
  });

  it('checks lengths and dimensions', () => {
    expect(() => meanLossMap(losses, 3, 2, 2)).toThrow(/length 8, but count x height x width = 3 x 2 x 2 = 12/);
    expect(() => meanLossMap(losses, 0, 2, 2)).toThrow(/count must be a positive integer/);
    expect(() => meanLossMap(losses, 2, 2.5, 2)).toThrow(/height/);
  });
});

describe('perImageMeanLoss', () => {
  it('averages over pixels per image', () => {
    expect(Array.from(perImageMeanLoss(losses, 2, 2, 2))).toEqual([2.5, 3.5]);
  });

  it('has the same mean as the map', () => {
    const perImage = perImageMeanLoss(losses, 2, 2, 2);
    expect((perImage[0] + perImage[1]) / 2).toBe(mapMean(meanLossMap(losses, 2, 2, 2), 2, 2));
  });
});

describe('mapMean', () => {
  it('averages a map', () => {
    expect(mapMean(new Float64Array([1, 2, 3, 6]), 2, 2)).toBe(3);
    expect(() => mapMean(new Float64Array(3), 2, 2)).toThrow(/expected height x width = 2 x 2 = 4/);
    expect(() => mapMean(new Float64Array([0, Number.NaN, 0, 0]), 2, 2)).toThrow(/row 0, column 1/);
  });
});
