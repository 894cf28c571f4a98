/** Shared test/bench helpers: a minimal seed model and a seeded random source (no tfjs RNG state). */
import { tf } from '../../src/engine/tf.js';
import type { Tensor } from '../../src/engine/tf.js';

/** Mulberry32: tiny deterministic PRNG for test data (tests must not depend on Math.random). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The largest |got[i] - want[i]| and the largest |want[i]| (for closeness relative to the reference's scale). */
export function maxAbsDifference(got: ArrayLike<number>, want: ArrayLike<number>): { diff: number; scale: number } {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < want.length; i++) {
    scale = Math.max(scale, Math.abs(want[i]));
    diff = Math.max(diff, Math.abs(want[i] - got[i]));
  }
  return { diff, scale };
}

/** Uniform [-1, 1) values (or [0, 1) with `unit`) of the given size. */
export function randomValues(n: number, seed: number, unit = false): Float32Array {
  const r = seeded(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = unit ? r() : 2 * r() - 1;
  return out;
}

/** The seed question's autoencoder (channels = 32 by default), weights from `seed`. */
export function buildSeedModel(size: number, seed: number, channels = 32): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 1] });
  const conv = (filters: number, activation: 'relu' | 'sigmoid') =>
    tf.layers.conv2d({ filters, kernelSize: 3, activation, padding: 'same' });
  let x = conv(channels, 'relu').apply(input) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = conv(channels, 'relu').apply(x) as tf.SymbolicTensor;
  x = tf.layers.maxPooling2d({ poolSize: 2, padding: 'same' }).apply(x) as tf.SymbolicTensor;
  x = conv(channels, 'relu').apply(x) as tf.SymbolicTensor;
  x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
  x = conv(channels, 'relu').apply(x) as tf.SymbolicTensor;
  x = tf.layers.upSampling2d({ size: [2, 2] }).apply(x) as tf.SymbolicTensor;
  const out = conv(1, 'sigmoid').apply(x) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: out });
  // Deterministic weights independent of tfjs's RNG: uniform glorot-like scale from our seed.
  model.setWeights(
    model.getWeights().map((w, i) => {
      const fanIn = w.shape.length === 4 ? w.shape[0] * w.shape[1] * w.shape[2] : 1;
      const scale = w.shape.length === 4 ? Math.sqrt(6 / (fanIn + w.shape[3])) : 0.01;
      return tf.tensor(randomValues(w.size, seed * 1000 + i).map((u) => u * scale), w.shape);
    }),
  );
  return model;
}

/** Keras binary cross-entropy (pred clipped to [1e-7, 1 - 1e-7]), mean over all pixels. */
export function bce(target: Tensor, pred: Tensor): tf.Scalar {
  return tf.tidy(() => {
    const p = tf.clipByValue(pred, 1e-7, 1 - 1e-7);
    const l = tf.add(tf.mul(target, tf.log(p)), tf.mul(tf.sub(1, target), tf.log(tf.sub(1, p))));
    return tf.neg(tf.mean(l)) as tf.Scalar;
  });
}

/** One Adam step of `model` on (x, target); returns the loss value. */
export function trainStep(model: tf.LayersModel, opt: tf.Optimizer, x: Tensor, target: Tensor): number {
  const loss = opt.minimize(() => bce(target, model.apply(x, { training: true }) as Tensor), true, model.trainableWeights.map((w) => w.read() as tf.Variable));
  const v = loss!.dataSync()[0];
  loss!.dispose();
  return v;
}
