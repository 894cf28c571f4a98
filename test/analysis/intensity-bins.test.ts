import { describe, expect, it } from 'vitest';
import { binIndexer, DEFAULT_INTENSITY_EDGES, intensityBins, validateIntensityBins } from '../../src/analysis/index.js';

describe('intensityBins', () => {
  it('defaults to 0, (0, 0.1], ..., (0.9, 1), 1', () => {
    const bins = intensityBins();
    expect(DEFAULT_INTENSITY_EDGES).toHaveLength(11);
    expect(bins.map((b) => b.label)).toEqual([
      '0', '(0, 0.1]', '(0.1, 0.2]', '(0.2, 0.3]', '(0.3, 0.4]', '(0.4, 0.5]',
      '(0.5, 0.6]', '(0.6, 0.7]', '(0.7, 0.8]', '(0.8, 0.9]', '(0.9, 1)', '1',
    ]);
    expect(bins[0]).toEqual({ label: '0', lo: 0, hi: 0, loInclusive: true, hiInclusive: true });
    expect(bins[10]).toEqual({ label: '(0.9, 1)', lo: 0.9, hi: 1, loInclusive: false, hiInclusive: false });
  });

  it('builds custom bins with or without point ends', () => {
    expect(intensityBins([0, 0.5, 1]).map((b) => b.label)).toEqual(['0', '(0, 0.5]', '(0.5, 1)', '1']);
    expect(intensityBins([0, 1]).map((b) => b.label)).toEqual(['0', '(0, 1)', '1']);
    expect(intensityBins([0, 0.5, 1], { pointEnds: false }).map((b) => b.label)).toEqual(['[0, 0.5]', '(0.5, 1]']);
    expect(() => intensityBins([0, 0.5, 0.5, 1])).toThrow(/strictly ascending/);
    expect(() => intensityBins([0])).toThrow(/at least two/);
  });

  it('assigns values to bins at the boundaries', () => {
    const binOf = binIndexer(intensityBins());
    expect([0, 1e-12, 0.1, 0.10000001, 0.5, 0.9, 0.95, 1 - 1e-12, 1].map(binOf)).toEqual([0, 1, 1, 2, 5, 9, 10, 10, 11]);
    expect([-1e-12, 1.0000001, Number.NaN].map(binOf)).toEqual([-1, -1, -1]);
    const closed = binIndexer(intensityBins([0, 0.5, 1], { pointEnds: false }));
    expect([0, 0.5, 0.6, 1, 1.1].map(closed)).toEqual([0, 0, 1, 1, -1]);
    // uint8 / 255 grey levels fall in the expected deciles
    const f32 = (v: number): number => Math.fround(v);
    expect(binOf(f32(26 / 255))).toBe(2); // 0.10196 -> (0.1, 0.2]
    expect(binOf(f32(25 / 255))).toBe(1); // 0.09804 -> (0, 0.1]
  });

  it('validates hand-made bins', () => {
    const bins = intensityBins([0, 0.5, 1]);
    expect(() => validateIntensityBins(bins)).not.toThrow();
    expect(() => validateIntensityBins([bins[0], bins[2]])).toThrow(/not contiguous/);
    expect(() => validateIntensityBins([{ ...bins[0], hiInclusive: false }])).toThrow(/point/);
    expect(() => validateIntensityBins([])).toThrow(/no intensity bins/);
  });
});
