import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random.js';
import { initEngine } from '../../src/engine/backend.js';
import { tf } from '../../src/engine/tf.js';
import { buildAutoencoder } from '../../src/model/autoencoder.js';
import { regionMask } from '../../src/model/region-mask.js';
import { createTrainer } from '../../src/model/trainer.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

/** A fixed batch: noisy-ish inputs and clean targets from a seeded rng. */
function batch(size: number, n: number, seed: number): { inputs: tf.Tensor4D; targets: tf.Tensor4D } {
  const rng = createRng(seed);
  const targets = Float32Array.from({ length: n * size * size }, () => (rng.uniform() < 0.2 ? 1 : 0));
  const inputs = targets.map((t) => Math.min(1, Math.max(0, t + 0.5 * rng.normal())));
  return { inputs: tf.tensor4d(inputs, [n, size, size, 1]), targets: tf.tensor4d(targets, [n, size, size, 1]) };
}

describe('createTrainer', () => {
  it('starts near ln 2 and lowers the loss on a fixed batch', () => {
    const trainer = createTrainer(buildAutoencoder(12, createRng(1)));
    const { inputs, targets } = batch(12, 8, 2);
    const losses = Array.from({ length: 15 }, () => trainer.step(inputs, targets));
    expect(losses[0]).toBeGreaterThan(0.6);
    expect(losses[0]).toBeLessThan(0.8);
    expect(losses[14]).toBeLessThan(losses[0] - 0.05);
    tf.dispose([inputs, targets]);
    trainer.dispose();
    trainer.model.dispose();
  });

  it('keeps the number of tensors flat over steps', () => {
    const trainer = createTrainer(buildAutoencoder(16, createRng(1)), { mask: regionMask(16, 2) });
    const { inputs, targets } = batch(16, 4, 3);
    trainer.step(inputs, targets); // creates Adam's moment slots
    const after1 = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) trainer.step(inputs, targets);
    const out = trainer.predict(inputs);
    out.dispose();
    expect(tf.memory().numTensors).toBe(after1);
    tf.dispose([inputs, targets]);
    trainer.dispose();
    trainer.model.dispose();
  });

  it('restores weights and Adam state so training continues bit for bit', () => {
    const { inputs, targets } = batch(12, 6, 4);
    const straight = createTrainer(buildAutoencoder(12, createRng(7)));
    for (let i = 0; i < 3; i++) straight.step(inputs, targets);
    const saved = straight.exportState();
    expect(saved.adam.iterations).toBe(3);
    // tfjs keeps beta^t as repeated float32 products, which pow() would not reproduce exactly.
    expect(saved.adam.accBeta1).toBe(Math.fround(Math.fround(Math.fround(Math.fround(0.9) * Math.fround(0.9)) * Math.fround(0.9)) * Math.fround(0.9)));
    const continued = Array.from({ length: 3 }, () => straight.step(inputs, targets));

    // A fresh trainer from a different init, then the saved state.
    const resumed = createTrainer(buildAutoencoder(12, createRng(99)));
    resumed.importState(saved);
    const replayed = Array.from({ length: 3 }, () => resumed.step(inputs, targets));
    expect(replayed).toEqual(continued);
    expect(resumed.exportState().weights).toEqual(straight.exportState().weights);
    expect(resumed.exportState().adam.iterations).toBe(6);

    tf.dispose([inputs, targets]);
    for (const t of [straight, resumed]) {
      t.dispose();
      t.model.dispose();
    }
  });

  it('only the masked region drives training: pad-pixel targets do not change the masked loss path', () => {
    // Two target sets that differ only outside the mask give identical training.
    const size = 12;
    const { inputs, targets } = batch(size, 4, 5);
    const alt = tf.tidy(() => {
      const m = regionMask(size, 2);
      return tf.add(tf.mul(targets, m), tf.mul(tf.sub(1, m), tf.onesLike(targets))) as tf.Tensor4D;
    });
    const run = (t: tf.Tensor4D): number[] => {
      const trainer = createTrainer(buildAutoencoder(size, createRng(3)), { mask: regionMask(size, 2) });
      const losses = Array.from({ length: 3 }, () => trainer.step(inputs, t));
      trainer.dispose();
      trainer.model.dispose();
      return losses;
    };
    expect(run(alt)).toEqual(run(targets));
    tf.dispose([inputs, targets, alt]);
  });
});
