import { describe, expect, it } from 'vitest';
import { DistributedError } from '../../src/distributed/errors.js';
import { parseRunJobData, runJobData, runJobId } from '../../src/distributed/job-id.js';
import { IDENTITY_SETTINGS, makeRunConfig } from '../../src/train/config.js';
import { TrainingError } from '../../src/train/errors.js';

const seedRun = makeRunConfig({ variant: 'edge32', seed: 1 });

describe('runJobId', () => {
  it('is the readable run name plus the SHA-256 of the identity settings (computed with Python hashlib)', () => {
    // A run of the legacy design (weights+shuffles) keeps the id it had before designs existed:
    // python3: hashlib.sha256(json.dumps([["dataset","mnist"],["variant","edge32"],["seed",1],["epochs",10],
    //   ["batchSize",128],["noiseFactor",0.5],["trainSize",None],["testSize",None],["backend","auto"]],
    //   separators=(',',':')).encode()).hexdigest()[:16]
    expect(runJobId({ ...seedRun, pairing: 'weights+shuffles' })).toBe('mnist.edge32.seed-1.8ee9409e3ebbed1e');
    // The default design since the full-setting pilot is part of the id: the same list plus ["pairing","weights"].
    expect(runJobId(seedRun)).toBe('mnist.edge32.seed-1.9ceace955d5a1146');
  });

  it('changes with every identity setting, not with the data location, and never contains ":"', () => {
    const changed: Record<(typeof IDENTITY_SETTINGS)[number], Partial<typeof seedRun>> = {
      dataset: { dataset: 'synthetic' },
      variant: { variant: 'zero32' },
      seed: { seed: 2 },
      epochs: { epochs: 11 },
      batchSize: { batchSize: 64 },
      noiseFactor: { noiseFactor: 0.4 },
      trainSize: { trainSize: 1000 },
      testSize: { testSize: 100 },
      backend: { backend: 'wasm' },
      pairing: { pairing: 'weights+shuffles+noise' },
    };
    const ids = new Set([runJobId(seedRun), ...IDENTITY_SETTINGS.map((key) => runJobId({ ...seedRun, ...changed[key] }))]);
    expect(ids.size).toBe(IDENTITY_SETTINGS.length + 1);
    expect(runJobId({ ...seedRun, dataDir: '/data' })).toBe(runJobId(seedRun));
    for (const id of ids) expect(id).not.toContain(':');
  });
});

describe('parseRunJobData', () => {
  it('reads back what runJobData wrote, without the data location', () => {
    const config = { ...seedRun, dataDir: '/somewhere' };
    const data = JSON.parse(JSON.stringify(runJobData(config))) as unknown;
    const { dataDir, ...identity } = config;
    expect(dataDir).toBe('/somewhere');
    expect(parseRunJobData(data, runJobId(config))).toEqual(identity);
  });

  it('refuses data of another format, a missing setting, another run id and a bad setting', () => {
    const id = runJobId(seedRun);
    expect(() => parseRunJobData({ config: seedRun }, id)).toThrow(DistributedError);
    expect(() => parseRunJobData({ ...runJobData(seedRun), config: { ...seedRun, epochs: '10' } }, id)).toThrow(/has no number epochs/);
    expect(() => parseRunJobData(runJobData(seedRun), 'mnist.edge32.seed-1.0000000000000000')).toThrow(/under another id/);
    const zeroEpochs = { ...seedRun, epochs: 0 };
    expect(() => parseRunJobData(runJobData(zeroEpochs), runJobId(zeroEpochs))).toThrow(TrainingError);
  });
});
