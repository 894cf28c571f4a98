import { describe, expect, it } from 'vitest';
import { CUT_MARK, decimalsFor, decimalsFromCi, fmtEstimate, fmtLossEstimate, fmtNumber, fmtPercent, fmtValue, nonNegativeInterval } from '../../src/report/format.js';

describe('fmtPercent', () => {
  it('uses one decimal by default', () => {
    expect(fmtPercent(0.1234)).toBe('12.3%');
    expect(fmtPercent(1.0104)).toBe('101.0%');
  });

  it('never rounds a share that is not exactly 0 or 1 to 0.0% or 100.0%', () => {
    expect(fmtPercent(1 - 0.00027)).toBe('99.97%');
    expect(fmtPercent(0.00027)).toBe('0.03%');
    expect(fmtPercent(1)).toBe('100.0%');
    expect(fmtPercent(0)).toBe('0.0%');
    expect(fmtPercent(-0.0004)).toBe('−0.04%');
  });
});

describe('decimalsFor', () => {
  it('keeps 4 decimals for losses and gaps of MNIST size', () => {
    expect(decimalsFor([0.0225, 0.0218, 0.0233])).toBe(4);
    expect(decimalsFor([0.0009])).toBe(5);
  });

  it('shows tiny effects with two significant digits', () => {
    expect(decimalsFor([0.000035, 0.000019, 0.000051])).toBe(6);
    expect((0.000035).toFixed(decimalsFor([0.000035]))).toBe('0.000035');
  });

  it('falls back to the minimum for zeros and non-finite values, and caps at 8', () => {
    expect(decimalsFor([0, Number.NaN])).toBe(4);
    expect(decimalsFor([1e-12])).toBe(8);
  });
});

describe('decimalsFromCi and fmtEstimate (expectations worked out by hand with the PDG rule)', () => {
  it('keeps a tiny but non-zero term readable', () => {
    // width 0.000032: first three digits 320 ≤ 354 → two significant digits → 6 decimals
    expect(decimalsFromCi(0.000035, [0.000019, 0.000051])).toBe(6);
    expect(fmtEstimate(0.000035, [0.000019, 0.000051], true)).toBe('+0.000035 [+0.000019, +0.000051]');
    expect(fmtEstimate(0.000035, [0.000019, 0.000051])).toBe('0.000035 [0.000019, 0.000051]');
  });

  it('uses one significant digit of a wide-ish CI and two of a 100–354 one', () => {
    // width 0.0006: 600 → one digit at 1e-4 → 4 decimals
    expect(fmtEstimate(0.0748, [0.0745, 0.0751])).toBe('0.0748 [0.0745, 0.0751]');
    // width 0.0015: 150 → two digits → 4 decimals
    expect(fmtEstimate(0.0225, [0.0218, 0.0233], true)).toBe('+0.0225 [+0.0218, +0.0233]');
    // width 0.0017 → 4 decimals, signs on every number of a difference
    expect(fmtEstimate(-0.0002, [-0.0011, 0.0006], true)).toBe('−0.0002 [−0.0011, +0.0006]');
    // width 0.00019: 190 → two digits at 1e-5 → 5 decimals
    expect(decimalsFromCi(0.02277, [0.02268, 0.02287])).toBe(5);
  });

  it('never prints a non-zero mean as zero, however wide its CI', () => {
    // width 0.02 → 2 decimals, but the mean 0.00003 needs 5 to show a digit
    expect(fmtEstimate(0.00003, [-0.01, 0.01], true)).toBe('+0.00003 [−0.01000, +0.01000]');
    expect(fmtEstimate(0.0748, null)).toBe('0.0748');
  });
});

describe('loss intervals', () => {
  it('cut a t CI that reaches below 0 at 0 and mark it', () => {
    expect(nonNegativeInterval({ mean: 0.2289, ci95: [-0.0702, 0.5279] })).toEqual({ lo: 0, hi: 0.5279, kind: 't-cut-at-0' });
    expect(nonNegativeInterval({ mean: 0.0973, ci95: [0.0968, 0.0979] })).toEqual({ lo: 0.0968, hi: 0.0979, kind: 't' });
    expect(nonNegativeInterval({ mean: 0.0973, ci95: null })).toBeNull();
    // width of the CI as computed, 0.598 → one digit → 1 decimal
    expect(fmtLossEstimate({ mean: 0.2289, ci95: [-0.0702, 0.5279] })).toBe(`0.2 [0, 0.5]${CUT_MARK}`);
    expect(fmtLossEstimate({ mean: 0.0973, ci95: [0.0968, 0.0979] })).toBe('0.0973 [0.0968, 0.0979]');
  });
});

describe('fmtValue and fmtNumber', () => {
  it('show three significant digits of small values and a true minus sign', () => {
    expect(fmtValue(0.000368)).toBe('0.000368');
    expect(fmtValue(0.0973)).toBe('0.0973');
    expect(fmtNumber(-0.07, 2)).toBe('−0.07');
    expect(fmtNumber(-0.00001, 2)).toBe('0.00');
  });
});
