/**
 * The run files' parse functions: each field checked, the error naming the file and the field
 * (messages written out by hand here, as a user reads them).
 */
import { describe, expect, it } from 'vitest';
import { RunFileError } from '../../src/run-format/errors.js';
import { parseRunConfig } from '../../src/run-format/config-file.js';
import { parseHistory } from '../../src/run-format/history-file.js';
import { parseIntensityTableFile } from '../../src/run-format/intensity-table-file.js';
import { parseLossMap } from '../../src/run-format/loss-map-file.js';
import { parseRunManifest } from '../../src/run-format/manifest.js';
import { parseRunResult } from '../../src/run-format/result-file.js';
import { parseSamples } from '../../src/run-format/samples-file.js';

const H = 'reports/mnist/runs/edge32/seed-1/history.json';
const epoch = (n: number, trainLoss: unknown = 0.1) => ({ epoch: n, trainLoss, testLoss: 0.09, testLossOriginal: 0.1, seconds: 1, imagesPerSecond: 100, testSeconds: 0.5 });
const config = { dataset: 'mnist', variant: 'edge32', seed: 1, epochs: 2, batchSize: 128, noiseFactor: 0.5, trainSize: null, testSize: null, backend: 'auto' };
const errorOf = (f: () => unknown): RunFileError => {
  try {
    f();
  } catch (e) {
    if (e instanceof RunFileError) return e;
    throw e;
  }
  throw new Error('no error');
};

describe('parseHistory', () => {
  it('returns the epochs typed', () => {
    expect(parseHistory([epoch(1), epoch(2)], H).map((r) => r.epoch)).toEqual([1, 2]);
  });

  it('names the file, the epoch and the field of a bad value', () => {
    expect(() => parseHistory([epoch(1), epoch(2), epoch(3, 'x')], H)).toThrow(`${H}: epoch 3 trainLoss is "x", expected a finite number`);
    expect(() => parseHistory([epoch(1, -0.1)], H)).toThrow(`${H}: epoch 1 trainLoss is -0.1, expected a finite number >= 0`);
    expect(() => parseHistory([epoch(1), epoch(3)], H)).toThrow(`${H}: entry 2 has epoch 3, expected 2 (epochs in order from 1)`);
    expect(() => parseHistory({}, H)).toThrow(`${H}: history is {}, expected an array`);
    const { trainLoss: _, ...missing } = epoch(1);
    expect(() => parseHistory([missing], H)).toThrow(`${H}: epoch 1 trainLoss is missing, expected a finite number`);
    expect(errorOf(() => parseHistory([epoch(1, null)], H))).toMatchObject({ path: H, code: 'bad-field', detail: 'epoch 1 trainLoss is null, expected a finite number' });
  });
});

describe('parseLossMap', () => {
  const P = 'runs/x/seed-1/test-loss-map.json';
  it('checks the length and every value', () => {
    expect(parseLossMap({ height: 2, width: 2, pad: 0, values: [0.1, 0.2, 0.3, 0.4] }, P).values).toEqual([0.1, 0.2, 0.3, 0.4]);
    expect(() => parseLossMap({ height: 2, width: 2, pad: 0, values: [0.1, 0.2, 0.3] }, P)).toThrow(`${P}: values has 3 entries, expected 4 (height 2 x width 2)`);
    expect(() => parseLossMap({ height: 2, width: 2, pad: 0, values: [0.1, '0.2', 0.3, 0.4] }, P)).toThrow(`${P}: values[1] is "0.2", expected a finite number >= 0`);
    expect(() => parseLossMap({ height: 4, width: 4, pad: 2, values: new Array(16).fill(0) }, P)).toThrow(`${P}: pad is 2 in a 4x4 map, expected 2 * pad < 4`);
  });
});

describe('parseRunConfig and parseRunResult', () => {
  it('check the literal unions and ranges', () => {
    expect(parseRunConfig(config, 'config.json')).toEqual(config);
    expect(() => parseRunConfig({ ...config, dataset: 'cifar' }, 'config.json')).toThrow('config.json: dataset is "cifar", expected one of "mnist", "fashion-mnist", "synthetic"');
    expect(() => parseRunConfig({ ...config, epochs: 0 }, 'config.json')).toThrow('config.json: epochs is 0, expected an integer >= 1');
    const result = {
      config, variant: { name: 'edge32', pad: 2, padMode: 'edge', constantValue: 0, lossRegion: 'all', size: 32 }, backend: 'wasm', parameters: 28353,
      trainImages: 60000, testImages: 10000, epochs: 2, finalTrainLoss: 0.1, finalTestLoss: 0.09, finalTestLossOriginal: 0.1, trainSeconds: 2, testSeconds: 1, imagesPerSecond: 100,
    };
    expect(parseRunResult(result, 'result.json').variant.padMode).toBe('edge');
    expect(() => parseRunResult({ ...result, variant: { ...result.variant, padMode: 'mirror' } }, 'result.json')).toThrow(
      'result.json: variant.padMode is "mirror", expected one of "edge", "constant", "reflect", "symmetric", "wrap"',
    );
    expect(() => parseRunResult({ ...result, config: { ...config, seed: -1 } }, 'result.json')).toThrow('result.json: config.seed is -1, expected an integer >= 0');
  });
});

describe('parseIntensityTableFile, parseSamples, parseRunManifest', () => {
  const bins = [
    { label: '0', lo: 0, hi: 0, loInclusive: true, hiInclusive: true },
    { label: '(0, 1]', lo: 0, hi: 1, loInclusive: false, hiInclusive: true },
  ];
  const table = { pad: 0, format: 'boundary-effects/intensity-table', version: 1, height: 1, width: 2, images: 3, bins, count: [1, 3, 2, 0], lossSum: [0, 0.1, 0.2, 0], floorSum: [0, 0, 0.1, 0] };
  it('checks that each location counts every image once', () => {
    expect(parseIntensityTableFile(table, 't.json').table.images).toBe(3);
    expect(() => parseIntensityTableFile({ ...table, count: [1, 2, 2, 0] }, 't.json')).toThrow(
      't.json: the counts at row 0, column 1 add up to 2, expected one per image (3)',
    );
    expect(() => parseIntensityTableFile({ ...table, count: [1, 3, 'x', 0] }, 't.json')).toThrow(/^t\.json: field 'count' has a non-number at index 2/);
  });

  it('checks the samples\' image sizes and the manifest\'s hashes', () => {
    const sample = { index: 0, label: 7, noisy: [0, 1, 0, 1], output: [0, 1, 0, 1], target: [0, 1, 0] };
    expect(() => parseSamples({ size: 2, pad: 0, samples: [sample] }, 's.json')).toThrow('s.json: samples[0].target has 3 entries, expected 4');
    const files = Object.fromEntries(['config.json', 'environment.json', 'history.json', 'result.json', 'test-loss-map.json', 'test-intensity-table.json', 'samples.json'].map((f) => [f, 'a'.repeat(64)]));
    expect(parseRunManifest({ format: 'boundary-effects/run-manifest', version: 1, files }, 'm.json').files['result.json']).toBe('a'.repeat(64));
    expect(() => parseRunManifest({ format: 'boundary-effects/run-manifest', version: 1, files: { ...files, 'result.json': 'abc' } }, 'm.json')).toThrow(
      'm.json: files["result.json"] is "abc", expected a sha256 of 64 hex digits',
    );
  });
});
