import { describe, expect, it } from 'vitest';
import { configDifferences, configMismatch, makeRunConfig, runLabel, validateRunConfig, type RunConfig } from '../../src/train/config.js';
import { TrainingError } from '../../src/train/errors.js';

const base: RunConfig = makeRunConfig({ variant: 'edge32', seed: 3 });

describe('makeRunConfig', () => {
  it("fills in the seed's settings", () => {
    expect(base).toEqual({
      dataset: 'mnist',
      variant: 'edge32',
      seed: 3,
      epochs: 10,
      batchSize: 128,
      noiseFactor: 0.5,
      trainSize: null,
      testSize: null,
      backend: 'auto',
      pairing: 'weights',
    });
  });
});

describe('validateRunConfig', () => {
  it.each([
    ['epochs', 0],
    ['epochs', 1.5],
    ['batchSize', -1],
    ['seed', -1],
    ['seed', 2 ** 32],
    ['noiseFactor', Number.NaN],
    ['trainSize', 0],
    ['dataset', 'cifar'],
    ['backend', 'gpu'],
    ['pairing', 'shuffles'],
  ])('names the bad setting %s = %s', (setting, value) => {
    let error: unknown;
    try {
      validateRunConfig({ ...base, [setting]: value } as RunConfig);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).setting).toBe(setting);
    expect((error as TrainingError).message).toMatch(new RegExp(`^${setting} `));
  });

  it('rejects a bad variant name', () => {
    expect(() => validateRunConfig({ ...base, variant: 'edge31' })).toThrow(/unknown variant 'edge31'/);
  });
});

describe('configDifferences', () => {
  it('lists differing identity settings, ignoring dataDir', () => {
    expect(configDifferences(base, { ...base })).toEqual([]);
    expect(configDifferences(base, { ...base, dataDir: '/elsewhere' })).toEqual([]);
    expect(configDifferences(base, { ...base, epochs: 20, seed: 4 })).toEqual(['seed', 'epochs']);
  });

  it('takes a run without a recorded pairing design for one trained before designs existed (weights+shuffles)', () => {
    const { pairing: _, ...legacy } = base;
    expect(configDifferences(legacy, { ...base, pairing: 'weights+shuffles' })).toEqual([]);
    // New runs default to 'weights': resuming a legacy run under the new default is a different run.
    expect(base.pairing).toBe('weights');
    expect(configDifferences(legacy, base)).toEqual(['pairing']);
    expect(configDifferences(legacy, { ...base, pairing: 'weights+shuffles+noise' })).toEqual(['pairing']);
  });

  it('names the stored legacy design and the flag in the mismatch error', () => {
    const { pairing: _, ...legacy } = base;
    const error = configMismatch('out/runs/edge32/seed-3', legacy, base);
    expect(error?.setting).toBe('pairing');
    expect(error?.message).toContain('with pairing = "weights+shuffles", but pairing = "weights" was asked for (flag --pairing)');
  });
});

describe('runLabel', () => {
  it('is variant/seed-n', () => {
    expect(runLabel(base)).toBe('edge32/seed-3');
  });
});
