import { describe, expect, it } from 'vitest';
import {
  binaryEntropy,
  intensityBins,
  intensityTable,
  intensityTableFromJSON,
  intensityTableToJSON,
  meanLossMap,
  mergeIntensityTables,
  tableLossMap,
} from '../../src/analysis/index.js';

// Two 2x2 images.
const targets = new Float64Array([0, 0.5, 1, 0.05, /* image 1 */ 0, 0.5, 0.95, 1]);
const losses = new Float64Array([0.1, 0.8, 0.2, 0.3, /* image 1 */ 0.3, 0.7, 0.4, 0.1]);
const P = 4; // plane
const cell = (b: number, i: number): number => b * P + i;

describe('intensityTable', () => {
  it('sums count, loss and floor per bin and location (hand-worked)', () => {
    const t = intensityTable(losses, targets, 2, 2, 2);
    expect(t.bins).toHaveLength(12);
    expect(t.images).toBe(2);
    expect(t.count).toHaveLength(12 * P);
    const nonZero = (a: Float64Array): Array<[number, number]> =>
      Array.from(a).flatMap((v, k) => (v !== 0 ? [[k, v] as [number, number]] : []));
    expect(nonZero(t.count)).toEqual([
      [cell(0, 0), 2],
      [cell(1, 3), 1],
      [cell(5, 1), 2],
      [cell(10, 2), 1],
      [cell(11, 2), 1],
      [cell(11, 3), 1],
    ]);
    expect(t.lossSum[cell(0, 0)]).toBeCloseTo(0.4, 15);
    expect(t.lossSum[cell(5, 1)]).toBeCloseTo(1.5, 15);
    expect(t.lossSum[cell(10, 2)]).toBe(0.4);
    expect(t.floorSum[cell(5, 1)]).toBeCloseTo(2 * Math.LN2, 15);
    expect(t.floorSum[cell(10, 2)]).toBeCloseTo(binaryEntropy(0.95), 15);
    expect(t.floorSum[cell(1, 3)]).toBeCloseTo(binaryEntropy(0.05), 15);
    expect(t.floorSum[cell(0, 0)]).toBe(0);
    expect(t.floorSum[cell(11, 3)]).toBe(0);
  });

  it('uses custom bins', () => {
    const t = intensityTable(losses, targets, 2, 2, 2, intensityBins([0, 0.5, 1], { pointEnds: false }));
    expect(t.bins).toHaveLength(2);
    expect(Array.from(t.count)).toEqual([2, 2, 0, 1, /* (0.5, 1] */ 0, 0, 2, 1]);
  });

  it('recovers the mean loss map', () => {
    const map = tableLossMap(intensityTable(losses, targets, 2, 2, 2));
    const direct = meanLossMap(losses, 2, 2, 2);
    map.forEach((v, i) => expect(v).toBeCloseTo(direct[i], 15));
  });

  it('merges tables of batches', () => {
    const whole = intensityTable(losses, targets, 2, 2, 2);
    const merged = mergeIntensityTables(
      intensityTable(losses.subarray(0, 4), targets.subarray(0, 4), 1, 2, 2),
      intensityTable(losses.subarray(4), targets.subarray(4), 1, 2, 2),
    );
    expect(merged.images).toBe(2);
    expect(Array.from(merged.count)).toEqual(Array.from(whole.count));
    merged.lossSum.forEach((v, i) => expect(v).toBeCloseTo(whole.lossSum[i], 15));
    expect(() => mergeIntensityTables(whole, intensityTable(new Float64Array(2), new Float64Array(2), 1, 1, 2))).toThrow(/sizes must match/);
    expect(() =>
      mergeIntensityTables(whole, intensityTable(losses, targets, 2, 2, 2, intensityBins([0, 0.5, 1]))),
    ).toThrow(/different intensity bins/);
  });

  it('round-trips exactly through JSON', () => {
    const t = intensityTable(new Float32Array(losses), new Float32Array(targets), 2, 2, 2);
    const json = JSON.stringify(intensityTableToJSON(t));
    const back = intensityTableFromJSON(json);
    expect(back).toEqual(t);
    expect(intensityTableFromJSON(JSON.parse(json))).toEqual(t);
  });

  it('says what is wrong with bad JSON', () => {
    const good = intensityTableToJSON(intensityTable(losses, targets, 2, 2, 2));
    expect(() => intensityTableFromJSON('{')).toThrow(/not valid JSON/);
    expect(() => intensityTableFromJSON({ ...good, format: 'x' })).toThrow(/expected format/);
    expect(() => intensityTableFromJSON({ ...good, height: 0 })).toThrow(/'height' must be a positive integer/);
    expect(() => intensityTableFromJSON({ ...good, lossSum: good.lossSum.slice(1) })).toThrow(/'lossSum' must be an array of 48/);
    expect(() => intensityTableFromJSON({ ...good, count: good.count.map((v, i) => (i === 3 ? 'a' : v)) })).toThrow(/'count' has a non-number at index 3/);
    expect(() => intensityTableFromJSON({ ...good, bins: [good.bins[0], good.bins[2]] })).toThrow(/'bins' is invalid/);
  });

  it('rejects targets outside the bins and non-finite losses, naming the pixel', () => {
    const t = Float64Array.from(targets);
    t[6] = 1.2;
    expect(() => intensityTable(losses, t, 2, 2, 2)).toThrow(/1.2 at index 6 \(image 1, row 1, column 0\), outside every intensity bin/);
    t[6] = Number.NaN;
    expect(() => intensityTable(losses, t, 2, 2, 2)).toThrow(/NaN at index 6/);
    const l = Float64Array.from(losses);
    l[5] = Number.NaN;
    expect(() => intensityTable(l, targets, 2, 2, 2)).toThrow(/losses has NaN at index 5 \(image 1, row 0, column 1\)/);
    expect(() => intensityTable(losses, targets.subarray(1), 2, 2, 2)).toThrow(/targets has length 7/);
  });
});
