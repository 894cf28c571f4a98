import { describe, expect, it } from 'vitest';
import {
  analyzeLosses,
  createRegionSet,
  decomposeLoss,
  intensityByRegion,
  intensityTable,
  meanLossMap,
  perImageMeanLoss,
  regionMasks,
} from '../../src/analysis/index.js';

// Two 4x4 images with pad 1 (2x2 original), edge width 1.
const targets = Float32Array.from({ length: 32 }, (_, i) => ((i * 37) % 11) / 10);
const losses = Float32Array.from({ length: 32 }, (_, i) => ((i * 13) % 7) / 10);

describe('analyzeLosses', () => {
  it('matches the individual functions', () => {
    const a = analyzeLosses(losses, targets, 2, 4, 4, { pad: 1, edgeWidth: 1 });
    const regions = regionMasks({ size: 4, pad: 1, edgeWidth: 1 });
    expect(Array.from(a.map)).toEqual(Array.from(meanLossMap(losses, 2, 4, 4)));
    expect(Array.from(a.perImage)).toEqual(Array.from(perImageMeanLoss(losses, 2, 4, 4)));
    expect(a.decomposition).toEqual(decomposeLoss(meanLossMap(losses, 2, 4, 4), regions));
    expect(a.intensity).toEqual(intensityByRegion(intensityTable(losses, targets, 2, 4, 4), regions));
    let s = 0;
    losses.forEach((v) => (s += v));
    expect(a.meanLoss).toBeCloseTo(s / 32, 14);
    expect(a.intensity.meanLoss).toBeCloseTo(a.meanLoss, 14);
    expect(a.decomposition.total).toBeCloseTo(a.meanLoss, 14);
  });

  it('takes custom regions', () => {
    const regions = createRegionSet(4, 4, [{ name: 'top', mask: Array.from({ length: 16 }, (_, i) => (i < 8 ? 1 : 0)) }]);
    const a = analyzeLosses(losses, targets, 2, 4, 4, { regions });
    expect(a.decomposition.regions.map((r) => r.name)).toEqual(['top', 'rest']);
  });

  it('needs a pad or regions', () => {
    expect(() => analyzeLosses(losses, targets, 2, 4, 4, {})).toThrow(/options.pad/);
    expect(() => analyzeLosses(losses, targets, 2, 4, 4, { regions: regionMasks({ size: 6, pad: 1 }) })).toThrow(/6x6/);
  });
});
