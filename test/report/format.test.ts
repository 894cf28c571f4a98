import { describe, expect, it } from 'vitest';
import { decimalsFor, fmtPercent } from '../../src/report/format.js';

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
    expect(fmtPercent(-0.0004)).toBe('-0.04%');
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
