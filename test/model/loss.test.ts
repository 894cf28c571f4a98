import { beforeAll, describe, expect, it } from 'vitest';
import { initEngine } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { BCE_EPSILON, maskedMeanLoss, pixelBinaryCrossEntropy } from '../../src/model/loss.js';
import { regionMask, regionMaskValues } from '../../src/model/region-mask.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** float64 reference of Keras's BCE: clip p to [eps, 1 - eps], then -(t ln p + (1 - t) ln(1 - p)). */
function referenceBce(t: number, p: number): number {
  const q = Math.min(1 - BCE_EPSILON, Math.max(BCE_EPSILON, p));
  return -(t * Math.log(q) + (1 - t) * Math.log(1 - q));
}

describe('pixelBinaryCrossEntropy', () => {
  it('matches hand-worked values', () => {
    const losses = tf.tidy(() => pixelBinaryCrossEntropy(tf.tensor([1, 0, 1, 0.5]), tf.tensor([0.5, 0.5, 0.25, 0.5])));
    const v = losses.dataSync();
    expect(v[0]).toBeCloseTo(Math.LN2, 6); // -ln 0.5
    expect(v[1]).toBeCloseTo(Math.LN2, 6);
    expect(v[2]).toBeCloseTo(Math.log(4), 6); // -ln 0.25
    expect(v[3]).toBeCloseTo(Math.LN2, 6); // t = 0.5 at p = 0.5: the entropy floor ln 2
    losses.dispose();
  });

  it('clips predictions to [1e-7, 1 - 1e-7] like Keras', () => {
    const losses = tf.tidy(() => pixelBinaryCrossEntropy(tf.tensor([1, 0, 0, 1]), tf.tensor([0, 1, 0, 1])));
    const v = losses.dataSync();
    expect(v[0]).toBeCloseTo(-Math.log(1e-7), 3); // 16.118
    // In float32, 1 - 1e-7 is 0.99999988 (as in Keras's float32 graph), so 1 - p = 1.19e-7.
    expect(v[1]).toBeCloseTo(-Math.log(1 - Math.fround(1 - 1e-7)), 3); // 15.942
    expect(v[2]).toBeLessThan(2e-7);
    expect(v[3]).toBeLessThan(2e-7);
    expect(Array.from(v).every(Number.isFinite)).toBe(true);
    losses.dispose();
  });

  it('agrees with a float64 reference on many (t, p) pairs', () => {
    const t: number[] = [];
    const p: number[] = [];
    for (let i = 0; i <= 20; i++) {
      for (let j = 0; j <= 20; j++) {
        t.push(i / 20);
        p.push(0.001 + (0.998 * j) / 20);
      }
    }
    const losses = tf.tidy(() => pixelBinaryCrossEntropy(tf.tensor(t), tf.tensor(p)));
    const v = losses.dataSync();
    t.forEach((ti, k) => expect(Math.abs(v[k] - referenceBce(ti, p[k]))).toBeLessThan(1e-5 * Math.max(1, referenceBce(ti, p[k]))));
    losses.dispose();
  });

  it('rejects tensors of different shapes', () => {
    expect(() => tf.tidy(() => pixelBinaryCrossEntropy(tf.zeros([2]), tf.zeros([3])))).toThrow(/differs from prediction shape/);
  });
});

describe('maskedMeanLoss', () => {
  // One 1 x 2 x 2 x 1 image: losses ln2, ln4, ln2, -ln(0.9).
  const target = (): tf.Tensor4D => tf.tensor4d([1, 1, 0, 1], [1, 2, 2, 1]);
  const prediction = (): tf.Tensor4D => tf.tensor4d([0.5, 0.25, 0.5, 0.9], [1, 2, 2, 1]);
  const perPixel = [Math.LN2, Math.log(4), Math.LN2, -Math.log(0.9)];

  it('is the mean over all pixels without a mask', () => {
    const loss = tf.tidy(() => maskedMeanLoss(target(), prediction(), null));
    expect(loss.dataSync()[0]).toBeCloseTo(perPixel.reduce((a, b) => a + b) / 4, 6);
    loss.dispose();
  });

  it('is the mean over masked pixels only with a mask', () => {
    const loss = tf.tidy(() => maskedMeanLoss(target(), prediction(), tf.tensor4d([1, 0, 0, 1], [1, 2, 2, 1])));
    expect(loss.dataSync()[0]).toBeCloseTo((perPixel[0] + perPixel[3]) / 2, 6);
    loss.dispose();
  });

  it('broadcasts a [1, H, W, 1] mask over the batch (mean over masked pixels of every image)', () => {
    const loss = tf.tidy(() => {
      const t = tf.concat([target(), target()]);
      const p = tf.concat([prediction(), tf.fill([1, 2, 2, 1], 0.5)]);
      return maskedMeanLoss(t, p, tf.tensor4d([0, 1, 0, 0], [1, 2, 2, 1]));
    });
    // masked pixel (0, 1): image 1 has ln 4, image 2 (p = 0.5, t = 1) has ln 2.
    expect(loss.dataSync()[0]).toBeCloseTo((Math.log(4) + Math.LN2) / 2, 6);
    loss.dispose();
  });

  it('gives no gradient to outputs outside the mask', () => {
    const p = prediction();
    const t = target();
    const mask = tf.tensor4d([1, 0, 0, 1], [1, 2, 2, 1]);
    const grad = tf.grad((x: tf.Tensor) => maskedMeanLoss(t, x, mask))(p);
    const g = grad.dataSync();
    expect(g[1]).toBe(0);
    expect(g[2]).toBe(0);
    // d/dp of -(ln p)/2 at p = 0.5 is -1/(2 * 0.5) = -1.
    expect(g[0]).toBeCloseTo(-1, 5);
    tf.dispose([p, t, mask, grad]);
  });

  it('with the 28x28 region of a 32x32 image equals the mean loss of the central crop', () => {
    const values = tf.tidy(() => {
      const t = tf.tensor4d(Float32Array.from({ length: 2 * 1024 }, (_, i) => (i % 7) / 6), [2, 32, 32, 1]);
      const p = tf.tensor4d(Float32Array.from({ length: 2 * 1024 }, (_, i) => 0.05 + 0.9 * ((i * 13) % 11) / 10), [2, 32, 32, 1]);
      const masked = maskedMeanLoss(t, p, regionMask(32, 2));
      const crop = maskedMeanLoss(tf.slice(t, [0, 2, 2, 0], [2, 28, 28, 1]), tf.slice(p, [0, 2, 2, 0], [2, 28, 28, 1]), null);
      return tf.stack([masked, crop]);
    });
    const [masked, crop] = values.dataSync();
    expect(masked).toBeCloseTo(crop, 6);
    values.dispose();
  });
});

describe('regionMaskValues', () => {
  it('marks the central square', () => {
    expect(Array.from(regionMaskValues(4, 1))).toEqual([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]);
    expect(regionMaskValues(32, 2).reduce((a, b) => a + b, 0)).toBe(784);
    expect(regionMaskValues(28, 0).reduce((a, b) => a + b, 0)).toBe(784);
  });

  it('rejects a pad that leaves nothing', () => {
    expect(() => regionMaskValues(4, 2)).toThrow(/does not leave a region/);
  });
});
