import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PadError, padImage, padImages, padIndexMap, padInto, planPad, type PadMode, type PadSpec } from '../../src/data/pad.js';

const f32 = (values: number[]): Float32Array => new Float32Array(values);
/** Pads a 1 x n row like np.pad(a, (before, after), mode). */
const pad1d = (a: number[], before: number, after: number, mode: PadMode, constantValue?: number): number[] =>
  Array.from(padImage(f32(a), 1, a.length, { widths: { top: 0, bottom: 0, left: before, right: after }, mode, constantValue }));
/** Splits a flat row-major array into rows of `w`. */
const rows = (a: Float32Array, w: number): number[][] => Array.from({ length: a.length / w }, (_, i) => Array.from(a.subarray(i * w, (i + 1) * w)));

describe('padImage: numpy documentation examples, a = [1, 2, 3, 4, 5], pad (2, 3)', () => {
  const a = [1, 2, 3, 4, 5];
  it('reflect', () => expect(pad1d(a, 2, 3, 'reflect')).toEqual([3, 2, 1, 2, 3, 4, 5, 4, 3, 2]));
  it('symmetric', () => expect(pad1d(a, 2, 3, 'symmetric')).toEqual([2, 1, 1, 2, 3, 4, 5, 5, 4, 3]));
  it('wrap', () => expect(pad1d(a, 2, 3, 'wrap')).toEqual([4, 5, 1, 2, 3, 4, 5, 1, 2, 3]));
  it('edge', () => expect(pad1d(a, 2, 3, 'edge')).toEqual([1, 1, 1, 2, 3, 4, 5, 5, 5, 5]));
  it('constant (one value; numpy with constant_values=(4, 6) gives 4 4 ... 6 6 6)', () => {
    expect(pad1d(a, 2, 3, 'constant', 4)).toEqual([4, 4, 1, 2, 3, 4, 5, 4, 4, 4]);
    expect(pad1d(a, 2, 3, 'constant', 6)).toEqual([6, 6, 1, 2, 3, 4, 5, 6, 6, 6]);
    expect(pad1d(a, 2, 3, 'constant')).toEqual([0, 0, 1, 2, 3, 4, 5, 0, 0, 0]);
  });
});

describe('padImage: widths larger than the image (numpy pads iteratively), a = [1, 2, 3], pad (5, 4)', () => {
  // Worked by hand: reflect repeats with period 2(n-1) = 4, symmetric with 2n = 6, wrap with n = 3.
  it('reflect', () => expect(pad1d([1, 2, 3], 5, 4, 'reflect')).toEqual([2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]));
  it('symmetric', () => expect(pad1d([1, 2, 3], 5, 4, 'symmetric')).toEqual([2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1]));
  it('wrap', () => expect(pad1d([1, 2, 3], 5, 4, 'wrap')).toEqual([2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1]));
  it('edge and constant', () => {
    expect(pad1d([1, 2, 3], 5, 4, 'edge')).toEqual([1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3]);
    expect(pad1d([1, 2, 3], 5, 4, 'constant', 9)).toEqual([9, 9, 9, 9, 9, 1, 2, 3, 9, 9, 9, 9]);
  });
  it('reflect on length 2 (period 2) and wrap 7 on length 2', () => {
    expect(pad1d([1, 2], 3, 3, 'reflect')).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
    expect(pad1d([1, 2], 7, 0, 'wrap')).toEqual([2, 1, 2, 1, 2, 1, 2, 1, 2]);
  });
});

describe('padImage: 2-D, a = [[1, 2, 3], [4, 5, 6]], widths ((1, 2), (2, 1))', () => {
  const a = f32([1, 2, 3, 4, 5, 6]);
  const widths = { top: 1, bottom: 2, left: 2, right: 1 };
  const pad2d = (mode: PadMode, constantValue?: number): number[][] => rows(padImage(a, 2, 3, { widths, mode, constantValue }), 6);
  it('edge', () =>
    expect(pad2d('edge')).toEqual([
      [1, 1, 1, 2, 3, 3],
      [1, 1, 1, 2, 3, 3],
      [4, 4, 4, 5, 6, 6],
      [4, 4, 4, 5, 6, 6],
      [4, 4, 4, 5, 6, 6],
    ]));
  it('reflect', () =>
    expect(pad2d('reflect')).toEqual([
      [6, 5, 4, 5, 6, 5],
      [3, 2, 1, 2, 3, 2],
      [6, 5, 4, 5, 6, 5],
      [3, 2, 1, 2, 3, 2],
      [6, 5, 4, 5, 6, 5],
    ]));
  it('symmetric', () =>
    expect(pad2d('symmetric')).toEqual([
      [2, 1, 1, 2, 3, 3],
      [2, 1, 1, 2, 3, 3],
      [5, 4, 4, 5, 6, 6],
      [5, 4, 4, 5, 6, 6],
      [2, 1, 1, 2, 3, 3],
    ]));
  it('wrap', () =>
    expect(pad2d('wrap')).toEqual([
      [5, 6, 4, 5, 6, 4],
      [2, 3, 1, 2, 3, 1],
      [5, 6, 4, 5, 6, 4],
      [2, 3, 1, 2, 3, 1],
      [5, 6, 4, 5, 6, 4],
    ]));
  it('constant 9', () =>
    expect(pad2d('constant', 9)).toEqual([
      [9, 9, 9, 9, 9, 9],
      [9, 9, 1, 2, 3, 9],
      [9, 9, 4, 5, 6, 9],
      [9, 9, 9, 9, 9, 9],
      [9, 9, 9, 9, 9, 9],
    ]));
  it('one number pads all four sides (the seed: 28 -> 32 with 2)', () => {
    const out = padImage(f32([1, 2, 3, 4]), 2, 2, { widths: 1, mode: 'edge' });
    expect(rows(out, 4)).toEqual([
      [1, 1, 2, 2],
      [1, 1, 2, 2],
      [3, 3, 4, 4],
      [3, 3, 4, 4],
    ]);
    expect(padImage(new Float32Array(28 * 28), 28, 28, { widths: 2, mode: 'edge' }).length).toBe(32 * 32);
  });
});

describe('padImage: edge cases numpy defines', () => {
  it('reflect/symmetric on a length-1 axis extend the edge value (numpy legacy behaviour)', () => {
    expect(Array.from(padImage(f32([7]), 1, 1, { widths: 2, mode: 'reflect' }))).toEqual(new Array<number>(25).fill(7));
    expect(rows(padImage(f32([1, 2, 3]), 1, 3, { widths: 1, mode: 'reflect' }), 5)).toEqual([
      [2, 1, 2, 3, 2],
      [2, 1, 2, 3, 2],
      [2, 1, 2, 3, 2],
    ]);
    expect(pad1d([7], 2, 1, 'symmetric')).toEqual([7, 7, 7, 7]);
    expect(pad1d([7], 2, 1, 'wrap')).toEqual([7, 7, 7, 7]);
  });

  it('zero widths return a copy', () => {
    const src = f32([1, 2, 3, 4]);
    const out = padImage(src, 2, 2, { widths: 0, mode: 'reflect' });
    expect(out).toEqual(src);
    expect(out).not.toBe(src);
  });

  it('an empty axis can only be extended by constant mode', () => {
    expect(Array.from(padImage(new Float32Array(0), 0, 2, { widths: 1, mode: 'constant', constantValue: 3 }))).toEqual(new Array<number>(8).fill(3));
    for (const mode of ['edge', 'reflect', 'symmetric', 'wrap'] as const) {
      expect(() => padImage(new Float32Array(0), 0, 2, { widths: 1, mode })).toThrow(PadError);
      expect(() => padImage(new Float32Array(0), 0, 2, { widths: 1, mode })).toThrow(/empty/);
    }
    // numpy allows extending the non-empty axis of an empty array: the result is still empty
    expect(padImage(new Float32Array(0), 0, 2, { widths: { top: 0, bottom: 0, left: 1, right: 1 }, mode: 'edge' }).length).toBe(0);
  });

  it('rejects negative and non-integer widths, unknown modes and stray constant values', () => {
    const img = f32([1, 2, 3, 4]);
    expect(() => padImage(img, 2, 2, { widths: -1, mode: 'edge' })).toThrow(/non-negative integers/);
    expect(() => padImage(img, 2, 2, { widths: { top: 1, bottom: 1.5, left: 0, right: 0 }, mode: 'edge' })).toThrow(/bottom = 1.5/);
    expect(() => padImage(img, 2, 2, { widths: 1, mode: 'mean' as PadMode })).toThrow(/Unknown pad mode 'mean'/);
    expect(() => padImage(img, 2, 2, { widths: 1, mode: 'edge', constantValue: 0.5 })).toThrow(/only applies to mode 'constant'/);
    expect(() => padImage(img, 2, 2, { widths: 1, mode: 'constant', constantValue: Number.NaN })).toThrow(PadError);
    expect(() => padImage(img, 3, 2, { widths: 1, mode: 'edge' })).toThrow(/has 4 values but 1 x 3 x 2 = 6/);
  });
});

describe('padIndexMap matches the closed form of numpy modes for any widths', () => {
  /** Ideal infinite extension: reflect is periodic with 2(n-1), symmetric 2n, wrap n. */
  function ideal(n: number, before: number, after: number, mode: 'reflect' | 'symmetric' | 'wrap'): number[] {
    const out: number[] = [];
    for (let j = -before; j < n + after; j++) {
      const period = mode === 'wrap' ? n : mode === 'reflect' ? 2 * (n - 1) : 2 * n;
      const k = ((j % period) + period) % period;
      out.push(k < n ? k : mode === 'reflect' ? period - k : period - 1 - k);
    }
    return out;
  }
  it('property: n in 2..12, widths in 0..40', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        fc.constantFrom('reflect' as const, 'symmetric' as const, 'wrap' as const),
        (n, before, after, mode) => {
          expect(Array.from(padIndexMap(n, before, after, mode))).toEqual(ideal(n, before, after, mode));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('padImages', () => {
  it('pads each image of a batch like padImage', () => {
    const batch = Float32Array.from({ length: 3 * 4 * 5 }, (_, i) => i / 60);
    const spec: PadSpec = { widths: { top: 1, bottom: 0, left: 2, right: 3 }, mode: 'symmetric' };
    const out = padImages(batch, 3, 4, 5, spec);
    expect(out.length).toBe(3 * 5 * 10);
    for (let n = 0; n < 3; n++) {
      expect(out.subarray(n * 50, (n + 1) * 50)).toEqual(padImage(batch.subarray(n * 20, (n + 1) * 20), 4, 5, spec));
    }
  });

  it('60,000 images 28x28 -> 32x32 edge: padImages and padInto with a plan agree', () => {
    const n = 60_000;
    const images = new Float32Array(n * 28 * 28);
    for (let i = 0; i < images.length; i += 97) images[i] = (i % 255) / 255;
    const out = padImages(images, n, 28, 28, { widths: 2, mode: 'edge' });
    expect(out.length).toBe(n * 32 * 32);
    // spot checks on the last image: corners (0, 0) and (31, 31) are the source corners
    expect(out[(n - 1) * 1024]).toBe(images[(n - 1) * 784]);
    expect(out[(n - 1) * 1024 + 1023]).toBe(images[(n - 1) * 784 + 783]);
    // Its speed is a benchmark figure (`npm run bench`: padding.bestMs), not a timed assertion.
    const plan = planPad(28, 28, { widths: 2, mode: 'edge' });
    const again = new Float32Array(out.length);
    padInto(images, n, plan, again);
    // Byte comparison: toEqual on 61 million elements takes minutes.
    expect(Buffer.from(again.buffer).equals(Buffer.from(out.buffer))).toBe(true);
  });
});
