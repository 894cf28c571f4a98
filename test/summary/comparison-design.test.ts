import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/run-format/run-record.js';
import { pairedDesign, pairingOfExperiment } from '../../src/summary/comparison-design.js';
import { SummaryError } from '../../src/summary/errors.js';

/** Only what pairingOfExperiment reads: the variant, the source and the recorded design. */
function run(variant: string, seed: number, pairing: string | undefined): RunRecord {
  return {
    source: `runs/${variant}/seed-${seed}`,
    variant,
    seed,
    loss: 'bce',
    lossMap: { height: 1, width: 1, pads: { top: 0, bottom: 0, left: 0, right: 0 }, values: new Float64Array(1) },
    lossRegion: 'all',
    intensity: null,
    finalTrainLoss: 0,
    finalTestLoss: 0,
    history: null,
    samples: null,
    training: { backend: 'wasm', trainSeconds: 1, testSeconds: 1, settings: pairing === undefined ? { epochs: 10 } : { epochs: 10, pairing } },
  };
}

const vsBaseline = [
  { a: 'baseline28', b: 'edge32' },
  { a: 'baseline28', b: 'zero32' },
  { a: 'zero32', b: 'edge32' },
];

describe('pairedDesign', () => {
  it('is the less shared of two designs (a weights-only run shares only its weights with any run)', () => {
    expect(pairedDesign('weights', 'weights+shuffles')).toBe('weights');
    expect(pairedDesign('weights+shuffles+noise', 'weights')).toBe('weights');
    expect(pairedDesign('weights+shuffles+noise', 'weights+shuffles')).toBe('weights+shuffles');
    expect(pairedDesign('weights+shuffles+noise', 'weights+shuffles+noise')).toBe('weights+shuffles+noise');
  });
});

describe('pairingOfExperiment', () => {
  it('names the one design when every run has it, with no per-variant list', () => {
    const runs = [run('baseline28', 1, 'weights+shuffles'), run('edge32', 1, 'weights+shuffles'), run('zero32', 1, 'weights+shuffles')];
    expect(pairingOfExperiment(runs, vsBaseline)).toEqual({ pairing: 'weights+shuffles', byVariant: null });
  });

  it('gives null for runs that record no design (the open format)', () => {
    expect(pairingOfExperiment([run('a', 1, undefined), run('b', 1, undefined)], [{ a: 'a', b: 'b' }])).toEqual({ pairing: null, byVariant: null });
  });

  it('accepts variants of different designs when every comparison pairs under the same one', () => {
    // baseline28 and edge32 under 'weights', the ablation zero32 under 'weights+shuffles':
    // each comparison involves a 'weights' variant, so each shares the initial weights only.
    const runs = [run('baseline28', 1, 'weights'), run('edge32', 1, 'weights'), run('zero32', 1, 'weights+shuffles'), run('zero32', 2, 'weights+shuffles')];
    expect(pairingOfExperiment(runs, vsBaseline.slice(0, 2))).toEqual({
      pairing: 'weights',
      byVariant: { baseline28: 'weights', edge32: 'weights', zero32: 'weights+shuffles' },
    });
  });

  it('refuses comparisons that would pair under different designs, naming each', () => {
    const runs = [run('baseline28', 1, 'weights+shuffles'), run('edge32', 1, 'weights+shuffles'), run('zero32', 1, 'weights')];
    expect(() => pairingOfExperiment(runs, vsBaseline)).toThrow(SummaryError);
    expect(() => pairingOfExperiment(runs, vsBaseline)).toThrow('baseline28 vs edge32: weights+shuffles; baseline28 vs zero32: weights');
  });

  it('refuses a variant whose seeds were trained under different designs, naming both runs', () => {
    const runs = [run('baseline28', 1, 'weights'), run('baseline28', 2, 'weights+shuffles'), run('edge32', 1, 'weights')];
    expect(() => pairingOfExperiment(runs, vsBaseline.slice(0, 1))).toThrow(
      /runs of baseline28 were trained under different pairing designs: runs\/baseline28\/seed-2 under "weights\+shuffles", runs\/baseline28\/seed-1 under "weights"/,
    );
  });

  it('refuses a mix of runs with and without a recorded design', () => {
    expect(() => pairingOfExperiment([run('a', 1, 'weights'), run('b', 1, undefined)], [{ a: 'a', b: 'b' }])).toThrow(/some runs record a pairing design and others do not/);
  });
});
