import { describe, expect, it } from 'vitest';
import { cohensDav, cohensDs, cohensDz, hedgesCorrection, hedgesGav, hedgesGs } from '../../src/stats/index.js';
import { LAKENS_MOVIE1, LAKENS_MOVIE2 } from './data.js';

// Lakens (2013), doi:10.3389/fpsyg.2013.00863, movie-rating example: means 8.7 (sd 0.82) and
// 7.7 (sd 0.95), reported d_z = 1.50, d_av = 1.13, d_s = 1.13, g_s = 1.08. Exact values below are
// worked by hand from the raw data: sum of squares 6.1 and 8.1, differences' SS = 4.
const sd1 = Math.sqrt(6.1 / 9);
const sd2 = Math.sqrt(8.1 / 9);

describe('effect sizes (Lakens 2013)', () => {
  it('Cohen d_z = mean diff / sd diff = 1 / (2/3) = 1.5', () => {
    expect(cohensDz(LAKENS_MOVIE1, LAKENS_MOVIE2)).toBeCloseTo(1.5, 12);
  });

  it('Cohen d_av = 1 / ((sd1 + sd2)/2) ≈ 1.13 and Hedges g_av = d_av x (1 - 3/35)', () => {
    const dav = 1 / ((sd1 + sd2) / 2);
    expect(cohensDav(LAKENS_MOVIE1, LAKENS_MOVIE2)).toBeCloseTo(dav, 12);
    expect(dav).toBeCloseTo(1.13, 2);
    expect(hedgesGav(LAKENS_MOVIE1, LAKENS_MOVIE2)).toBeCloseTo(dav * (1 - 3 / 35), 12);
  });

  it('Cohen d_s = 1 / sqrt(14.2/18) ≈ 1.13 and Hedges g_s = d_s x (1 - 3/71) ≈ 1.08', () => {
    const ds = 1 / Math.sqrt((6.1 + 8.1) / 18);
    expect(cohensDs(LAKENS_MOVIE1, LAKENS_MOVIE2)).toBeCloseTo(ds, 12);
    expect(hedgesGs(LAKENS_MOVIE1, LAKENS_MOVIE2)).toBeCloseTo(ds * (1 - 3 / 71), 12);
    expect(hedgesGs(LAKENS_MOVIE1, LAKENS_MOVIE2)).toBeCloseTo(1.08, 2);
  });

  it('J = 1 - 3/(4 df - 1)', () => {
    expect(hedgesCorrection(9)).toBeCloseTo(32 / 35, 14);
  });

  it('is null for zero spread or fewer than 2 values', () => {
    expect(cohensDz([1, 2, 3], [0, 1, 2])).toBeNull();
    expect(cohensDav([1, 1, 1], [2, 2, 2])).toBeNull();
    expect(cohensDs([1], [2, 3])).toBeNull();
    expect(() => cohensDz([1, 2], [1])).toThrow(/equal lengths/);
  });
});
