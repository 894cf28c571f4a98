import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { decodeJobError, encodeJobError } from '../../src/distributed/job-error.js';
import { TrainingError } from '../../src/train/errors.js';
import { makeRunConfig } from '../../src/train/config.js';
import { parseRunJobData, runJobData, runJobId } from '../../src/distributed/job-id.js';

describe('encodeJobError and decodeJobError', () => {
  it('do not retry a fault of the run itself: NaN loss, corrupt data, changed settings', () => {
    expect(encodeJobError(new TrainingError('non-finite-loss', 'loss is NaN at epoch 2.'))).toEqual({ reason: '[TrainingError/non-finite-loss] loss is NaN at epoch 2.', retry: false });
    expect(encodeJobError(new DataError('checksum', 'bad file.')).retry).toBe(false);
    expect(encodeJobError(new TrainingError('config-mismatch', 'other settings.')).retry).toBe(false);
  });

  it('fail a queued run with a pad past the limit once, before it trains (edge100000 is the job\'s fault, not the worker\'s)', () => {
    const config = { ...makeRunConfig({ dataset: 'synthetic', variant: 'edge32', seed: 1 }), variant: 'edge100000' };
    let thrown: unknown = null;
    try {
      parseRunJobData(runJobData(config), runJobId(config));
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TrainingError);
    expect(encodeJobError(thrown)).toMatchObject({ retry: false });
    expect(encodeJobError(thrown).reason).toMatch(/^\[TrainingError\/bad-variant\] unknown variant 'edge100000': size 100000 is more than 84/);
  });

  it('retry a fault of the worker: missing data on that machine, a failed download, anything unexpected', () => {
    expect(encodeJobError(new DataError('not-found', 'no mnist here.')).retry).toBe(true);
    expect(encodeJobError(new DataError('download', 'offline.')).retry).toBe(true);
    expect(encodeJobError(new Error('ENOSPC: no space left on device'))).toEqual({ reason: '[Error] ENOSPC: no space left on device', retry: true });
  });

  it('decode the reason into name, code and message; BullMQ reasons are worker crashes', () => {
    expect(decodeJobError('[TrainingError/non-finite-loss] loss is NaN.\nsecond line')).toEqual({ name: 'TrainingError', code: 'non-finite-loss', message: 'loss is NaN.\nsecond line' });
    expect(decodeJobError('[Error] disk full')).toEqual({ name: 'Error', code: null, message: 'disk full' });
    expect(decodeJobError('job stalled more than allowable limit')).toEqual({ name: 'TrainingError', code: 'worker-crashed', message: 'job stalled more than allowable limit' });
  });
});
