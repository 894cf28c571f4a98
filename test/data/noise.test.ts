import { describe, expect, it } from 'vitest';
import { addGaussianNoise } from '../../src/data/noise.js';
import { createRng } from '../../src/data/random.js';

describe('addGaussianNoise', () => {
  it('is reproducible from its seed and differs for another seed', () => {
    const clean = new Float32Array(1000).fill(0.3);
    const a = addGaussianNoise(clean, 0.5, createRng(1));
    const b = addGaussianNoise(clean, 0.5, createRng(1));
    const c = addGaussianNoise(clean, 0.5, createRng(2));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a).not.toBe(clean);
    expect(clean.every((v) => v === Math.fround(0.3))).toBe(true); // input untouched
  });

  it('equals clip(x + factor * rng.normal(), 0, 1) drawn in index order', () => {
    const clean = new Float32Array([0, 0.25, 0.5, 0.75, 1, 0.1]);
    const noisy = addGaussianNoise(clean, 0.5, createRng(77));
    const rng = createRng(77);
    const expected = Array.from(clean, (x) => Math.fround(Math.min(1, Math.max(0, x + 0.5 * rng.normal()))));
    expect(Array.from(noisy)).toEqual(expected);
  });

  it('has mean x and variance factor^2 when clipping is negligible (x = 0.5, factor = 0.05)', () => {
    const n = 200_000;
    const factor = 0.05; // 10 standard deviations from either clip bound
    const noisy = addGaussianNoise(new Float32Array(n).fill(0.5), factor, createRng(3));
    let sum = 0;
    let sum2 = 0;
    for (const v of noisy) {
      sum += v;
      sum2 += v * v;
    }
    const mean = sum / n;
    const variance = sum2 / n - mean * mean;
    expect(Math.abs(mean - 0.5)).toBeLessThan((5 * factor) / Math.sqrt(n));
    expect(Math.abs(variance / factor ** 2 - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
  });

  it('clips into [0, 1] with the seed factor 0.5 (about half the zeros stay 0)', () => {
    const n = 100_000;
    const noisy = addGaussianNoise(new Float32Array(n), 0.5, createRng(4));
    let zeros = 0;
    let outside = 0;
    for (const v of noisy) {
      if (!(v >= 0 && v <= 1)) outside++;
      if (v === 0) zeros++;
    }
    expect(outside).toBe(0);
    // P(N(0, 0.25) <= 0) = 1/2
    expect(Math.abs(zeros / n - 0.5)).toBeLessThan(0.01);
  });

  it('factor 0 returns an exact copy; writes into `out` when given', () => {
    const clean = new Float32Array([0.2, 0.4]);
    expect(addGaussianNoise(clean, 0, createRng(1))).toEqual(clean);
    const out = new Float32Array(2);
    expect(addGaussianNoise(clean, 0.1, createRng(1), out)).toBe(out);
    expect(() => addGaussianNoise(clean, 0.1, createRng(1), new Float32Array(3))).toThrow(/same length/);
    expect(() => addGaussianNoise(clean, -1, createRng(1))).toThrow(/factor/);
  });
});
