import { describe, expect, it } from 'vitest';
import {
  AnalysisError,
  channelPixelLosses,
  intensityByRegion,
  intensityTableWithFloors,
  imageRegionMasks,
  lossFloorOf,
  pixelLoss,
} from '../../src/analysis/index.js';

describe('pixel losses (bce, mse, l1) and channels', () => {
  it('matches hand values', () => {
    expect(pixelLoss('bce', 1, 0.5)).toBeCloseTo(Math.LN2, 15);
    expect(pixelLoss('bce', 0.25, 0.25)).toBeCloseTo(-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75)), 15);
    // Keras clip: p = 0 becomes 1e-7, so t = 1 costs -ln(1e-7) = 16.118...
    expect(pixelLoss('bce', 1, 0)).toBeCloseTo(16.11809565095832, 12);
    expect(pixelLoss('mse', 0.2, 0.7)).toBeCloseTo(0.25, 15);
    expect(pixelLoss('l1', 0.2, 0.7)).toBeCloseTo(0.5, 15);
    expect(pixelLoss('mse', 2, -1)).toBe(9); // MSE and L1 accept any finite target
    expect(() => pixelLoss('bce', 1.5, 0.5)).toThrow(AnalysisError);
    expect(() => pixelLoss('l1', 0.5, Number.NaN)).toThrow(/NaN/);
  });

  it('says that mse and l1 have no floor, and why', () => {
    expect(lossFloorOf('bce').kind).toBe('binary-entropy');
    for (const kind of ['mse', 'l1'] as const) {
      const f = lossFloorOf(kind);
      expect(f.kind).toBeNull();
      if (f.kind === null) expect(f.reason).toMatch(/reaches 0 at p = t/);
    }
  });

  it('per-pixel loss is the mean over channels; per-channel means are kept (RGB by hand)', () => {
    // 1 image, 1x2 pixels, 3 channels (NHWC)
    const t = new Float64Array([0, 0.5, 1, 0.5, 0.5, 0.5]);
    const p = new Float64Array([0.5, 0.5, 0.5, 0.5, 0.5, 1.5]);
    const l1 = channelPixelLosses('l1', t, p, 1, 1, 2, 3);
    expect(Array.from(l1.loss)).toEqual([(0.5 + 0 + 0.5) / 3, (0 + 0 + 1) / 3]);
    expect(Array.from(l1.channelMeanLoss)).toEqual([0.25, 0, 0.75]);
    expect(Array.from(l1.target)).toEqual([0.5, 0.5]);
    expect(l1.floor).toBeNull();
    expect(l1.channelMeanFloor).toBeNull();
    const bce = channelPixelLosses('bce', t, new Float64Array(6).fill(0.5), 1, 1, 2, 3);
    // floor of pixel 0 = mean(H(0), H(0.5), H(1)) = ln2 / 3; of pixel 1 = ln 2
    expect(bce.floor?.[0]).toBeCloseTo(Math.LN2 / 3, 15);
    expect(bce.floor?.[1]).toBeCloseTo(Math.LN2, 15);
    expect(bce.loss[0]).toBeCloseTo(Math.LN2, 15);
  });

  it('names image, row, column and channel of a bad value, and checks lengths', () => {
    const t = new Float64Array([0, 0, 0, 0, 2, 0]);
    expect(() => channelPixelLosses('bce', t, new Float64Array(6), 1, 1, 2, 3)).toThrow(/image 0, row 0, column 1\), channel 1: target is 2/);
    expect(() => channelPixelLosses('mse', t, new Float64Array(5), 1, 1, 2, 3)).toThrow(/predictions has length 5/);
  });

  it('an MSE intensity table has no floor (floorKind none) and its regions still add up', () => {
    const targets = new Float64Array([0, 1, 0.5, 0, 0, 1, 0.5, 0.2]);
    const preds = new Float64Array([0.1, 0.9, 0.5, 0.3, 0, 0.6, 0.4, 0.2]);
    const l = channelPixelLosses('mse', targets, preds, 2, 2, 2, 1);
    const table = intensityTableWithFloors(l.loss, l.target, l.floor, 2, 2, 2);
    expect(table.floorKind).toBe('none');
    expect(Array.from(table.floorSum).every((v) => v === 0)).toBe(true);
    const r = intensityByRegion(table, imageRegionMasks({ height: 2, width: 2, pads: { top: 1, bottom: 0, left: 0, right: 0 }, edgeWidth: 0 }));
    // mean of squared errors by hand: (0.01 + 0.01 + 0 + 0.09 + 0 + 0.16 + 0.01 + 0) / 8 = 0.035
    expect(r.meanLoss).toBeCloseTo(0.035, 15);
  });
});
