import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random.js';
import { initEngine } from '../../src/engine/index.js';
import { buildAutoencoder } from '../../src/model/autoencoder.js';
import { summarizeEpochOverhead } from '../../src/bench/benchmark.js';
import { convStepFlops } from '../../src/bench/step-flops.js';

describe('convStepFlops', () => {
  it('counts forward, filter and input gradients of each conv (none for the input layer)', async () => {
    await initEngine({ backend: 'cpu' });
    // By hand, 2 * batch * OH * OW * 9 * CI * CO per pass, batch 128:
    // 28x28 1->32: 57,802,752 x 2 (no input gradient); 14x14 32->32: 462,422,016 x 3 (twice);
    // 7x7 32->32: 115,605,504 x 3; 28x28 32->1: 57,802,752 x 3.
    const byHand = 57_802_752 * 2 + 462_422_016 * 3 * 2 + 115_605_504 * 3 + 57_802_752 * 3;
    expect(byHand).toBe(3_410_362_368);
    const model = buildAutoencoder(28, createRng(1));
    expect(convStepFlops(model, 128)).toBe(byHand);
    model.dispose();
  });
});

describe('summarizeEpochOverhead', () => {
  it('gives each part as a share of steps plus overhead, and a run estimate', () => {
    const summary = summarizeEpochOverhead({
      type: 'overhead', variant: 'baseline28', trainImages: 60000, testImages: 10000, batches: 469,
      stepMs: 200, steps: 5, stepsMs: 93_800, shuffleMs: 10, gatherMs: 190, testEvaluationMs: 5_800, checkpointMs: 200,
      prepareDataMs: 6_000, epochs: 10,
    });
    // Epoch = 93,800 + 10 + 190 + 5,800 + 200 = 100,000 ms.
    expect(summary.secondsPerEpoch).toBe(100);
    expect(summary.overheadShare).toBe(0.062);
    expect(summary.shareOfEpoch).toEqual({ shuffle: 0.0001, gatherBatches: 0.0019, testEvaluation: 0.058, checkpoint: 0.002 });
    expect(summary.meetsOverheadTarget).toBe(false);
    // 10 epochs x 100 s + 6 s of data preparation = 1006 s = 16.8 min.
    expect(summary.fullRunMinutesEstimate).toBe(16.8);
  });
});
