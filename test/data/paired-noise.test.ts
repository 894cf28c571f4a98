import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { addGaussianNoise } from '../../src/data/noise.js';
import { addNoiseOriginalFirst } from '../../src/data/paired-noise.js';
import { padImages } from '../../src/data/pad.js';
import { createRng } from '../../src/data/random.js';

const clip = (v: number): number => Math.fround(Math.min(1, Math.max(0, v)));

describe('addNoiseOriginalFirst', () => {
  it('gives the original pixels the noise of the unpadded images and the pad its own stream (hand layout)', () => {
    // Two 2x2 images padded by 1 to 4x4. Original pixels of image n are the padded positions
    // (1,1) (1,2) (2,1) (2,2); they take normals 0..3 (image 0) and 4..7 (image 1) of the original
    // stream; the 12 pad positions of image 0, then of image 1, take the pad stream in index order.
    const images = new Float32Array([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8]);
    const padded = padImages(images, 2, 2, 2, { widths: 1, mode: 'edge' });
    const noisy = addNoiseOriginalFirst(padded, { count: 2, size: 4, pad: 1 }, 0.5, createRng(5), createRng(9));
    const original = createRng(5);
    const pad = createRng(9);
    const expected = new Float32Array(32);
    const inner = [5, 6, 9, 10];
    for (let n = 0; n < 2; n++) for (const p of inner) expected[n * 16 + p] = clip(padded[n * 16 + p] + 0.5 * original.normal());
    for (let n = 0; n < 2; n++) {
      for (let p = 0; p < 16; p++) if (!inner.includes(p)) expected[n * 16 + p] = clip(padded[n * 16 + p] + 0.5 * pad.normal());
    }
    expect(Array.from(noisy)).toEqual(Array.from(expected));
    // ... which is what the unpadded images get from the same stream.
    const noisy28 = addGaussianNoise(images, 0.5, createRng(5));
    expect([0, 1].flatMap((n) => inner.map((p) => noisy[n * 16 + p]))).toEqual(Array.from(noisy28));
  });

  it('is addGaussianNoise when there is no pad', () => {
    const images = new Float32Array(3 * 9).map((_, i) => (i % 7) / 7);
    const a = addNoiseOriginalFirst(images, { count: 3, size: 3, pad: 0 }, 0.5, createRng(2), createRng(3));
    expect(a).toEqual(addGaussianNoise(images, 0.5, createRng(2)));
  });

  it('refuses a layout that does not match the array', () => {
    expect(() => addNoiseOriginalFirst(new Float32Array(10), { count: 1, size: 4, pad: 1 }, 0.5, createRng(1), createRng(2))).toThrow(
      /do not hold 1 images of 4x4 with pad 1/,
    );
    expect(() => addNoiseOriginalFirst(new Float32Array(16), { count: 1, size: 4, pad: 2 }, 0.5, createRng(1), createRng(2))).toThrow(ArgumentError);
  });
});
