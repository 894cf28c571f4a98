import { beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed } from '../../src/data/random.js';
import { initEngine } from '../../src/engine/backend.js';
import { makeRunConfig, type RunConfig } from '../../src/train/config.js';
import { epochOrder, runStreams, type PairingDesign } from '../../src/train/pairing-design.js';
import { prepareRunData } from '../../src/train/run-data.js';
import { initialModel } from '../../src/train/initial-model.js';
import { parseVariant } from '../../src/train/variants.js';

beforeAll(async () => {
  await initEngine({ backend: 'wasm' });
});

const config = (variant: string, pairing?: PairingDesign): RunConfig =>
  makeRunConfig({
    dataset: 'synthetic',
    variant,
    seed: 4,
    trainSize: 200,
    testSize: 50,
    backend: 'wasm',
    ...(pairing === undefined ? {} : { pairing }),
  });

function weightsOf(c: RunConfig): number[][] {
  const model = initialModel(c);
  const values = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return values;
}

/** Whether two float arrays hold the same bytes (toEqual on 150,000 values diffs for minutes when they differ). */
const sameBytes = (a: Float32Array | Uint32Array, b: Float32Array | Uint32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

/** Original-pixel values of a split, image by image, row by row. */
function originalPixels(values: Float32Array, count: number, size: number, pad: number): Float32Array {
  const inner = size - 2 * pad;
  const out = new Float32Array(count * inner * inner);
  let k = 0;
  for (let n = 0; n < count; n++) for (let y = 0; y < inner; y++) for (let x = 0; x < inner; x++) out[k++] = values[n * size * size + (y + pad) * size + x + pad];
  return out;
}

describe('what baseline28 and edge32 share with the same seed', () => {
  it("'weights+shuffles' (and a run with no design recorded): identical initial weights and identical batches in every epoch", () => {
    const legacy = 'weights+shuffles';
    const [w28, w32] = [weightsOf(config('baseline28', legacy)), weightsOf(config('edge32', legacy))];
    expect(w28).toHaveLength(10); // five conv layers: kernel and bias each
    expect(w32).toEqual(w28);
    for (const epoch of [1, 2, 10]) {
      expect(sameBytes(epochOrder(config('edge32', legacy), epoch, 60000), epochOrder(config('baseline28', legacy), epoch, 60000))).toBe(true);
    }
    expect(sameBytes(epochOrder(config('edge32', legacy), 1, 60000), epochOrder(config('edge32', legacy), 2, 60000))).toBe(false);
    // and the streams are the ones every run trained so far has used
    const streams = runStreams({ seed: 4, variant: 'edge32' });
    expect([streams.weights, streams.shuffle(3), streams.noise('test').seed]).toEqual([
      deriveSeed(4, 'weights'),
      deriveSeed(4, 'shuffle', 3),
      deriveSeed(4, 'noise', 'test'),
    ]);
  });

  it("'weights' (the default for new runs) shares the initial weights only", () => {
    expect(config('edge32').pairing).toBe('weights');
    expect(weightsOf(config('edge32', 'weights'))).toEqual(weightsOf(config('baseline28', 'weights')));
    expect(sameBytes(epochOrder(config('edge32', 'weights'), 1, 1000), epochOrder(config('baseline28', 'weights'), 1, 1000))).toBe(false);
  });

  it("'weights+shuffles+noise' gives edge32 baseline28's exact noisy digits on the original pixels", async () => {
    const design = 'weights+shuffles+noise';
    const [d28, d32] = await Promise.all([
      prepareRunData(config('baseline28', design), parseVariant('baseline28')),
      prepareRunData(config('edge32', design), parseVariant('edge32')),
    ]);
    for (const split of ['train', 'test'] as const) {
      const inner = originalPixels(d32[split].inputs, d32[split].count, 32, 2);
      expect(sameBytes(inner, d28[split].inputs)).toBe(true);
    }
    expect(sameBytes(epochOrder(config('edge32', design), 1, 1000), epochOrder(config('baseline28', design), 1, 1000))).toBe(true);
    // baseline28 is the same run under this design and weights+shuffles
    const today = await prepareRunData(config('baseline28', 'weights+shuffles'), parseVariant('baseline28'));
    expect(sameBytes(today.train.inputs, d28.train.inputs)).toBe(true);
    // weights+shuffles draws edge32's noise over the padded image: the original pixels differ
    const d32Today = await prepareRunData(config('edge32', 'weights+shuffles'), parseVariant('edge32'));
    expect(sameBytes(originalPixels(d32Today.train.inputs, 200, 32, 2), d28.train.inputs)).toBe(false);
  });

  it('no design changes the law of one run: edge32 pad noise is N(0, 0.5^2) clipped under every design', async () => {
    // Pad targets of the synthetic digits are mostly black: there the input is clip(0.5 z, 0, 1), so
    // P(input = 0) = P(z <= 0) = 1/2 and E[input | z > 0] = E[min(0.5 z, 1) | z > 0]
    //   = (0.5 (phi(0) - phi(2)) + P(z > 2)) / (1/2) = (0.5 (0.398942 - 0.053991) + 0.022750) / 0.5 = 0.39045.
    for (const design of ['weights', 'weights+shuffles', 'weights+shuffles+noise'] as const) {
      const data = await prepareRunData(config('edge32', design), parseVariant('edge32'));
      const { inputs, targets } = data.train;
      let black = 0;
      let zeros = 0;
      let positiveSum = 0;
      for (let i = 0; i < inputs.length; i++) {
        if (targets[i] !== 0) continue;
        black += 1;
        if (inputs[i] === 0) zeros += 1;
        else positiveSum += inputs[i];
      }
      expect(black).toBeGreaterThan(100_000);
      expect(Math.abs(zeros / black - 0.5)).toBeLessThan(5 * Math.sqrt(0.25 / black));
      expect(positiveSum / (black - zeros)).toBeCloseTo(0.39045, 2);
    }
  });
});
