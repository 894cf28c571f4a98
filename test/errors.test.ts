import { describe, expect, it } from 'vitest';
import { AnalysisError } from '../src/analysis/errors.js';
import { BoundaryEffectsError as AnalysisEntryRoot } from '../src/analysis/index.js';
import { UsageError } from '../src/cli/exit-codes.js';
import { DataError } from '../src/data/errors.js';
import { IdxError } from '../src/data/idx.js';
import { PadError } from '../src/data/pad.js';
import { EngineError } from '../src/engine/errors.js';
import { ArgumentError, BoundaryEffectsError } from '../src/errors.js';
import { ModelError } from '../src/model/errors.js';
import { ReportAssetError } from '../src/report/assets.js';
import { ReportRenderError } from '../src/report/render.js';
import { StatsError } from '../src/stats/errors.js';
import { BoundaryEffectsError as StatsEntryRoot } from '../src/stats/index.js';
import { SummaryError } from '../src/summary/build.js';
import { DamagedRunError, RunFileError } from '../src/run-format/errors.js';
import { TrainingError } from '../src/train/errors.js';

/** One error of each area, constructed as the library throws it, with the name and code it must keep. */
const cases: Array<[error: BoundaryEffectsError, name: string, code: string]> = [
  [new AnalysisError('length', 'm'), 'AnalysisError', 'length'],
  [new StatsError('length-mismatch', 'm'), 'StatsError', 'length-mismatch'],
  [new DataError('checksum', 'm', { file: 'f', expected: 'a', found: 'b' }), 'DataError', 'checksum'],
  [new IdxError('f.gz', 'bad-magic', 'm'), 'IdxError', 'format'],
  [new PadError('m'), 'PadError', 'pad'],
  [new EngineError('backend-unavailable', 'm'), 'EngineError', 'backend-unavailable'],
  [new ModelError('bad-size', 'm'), 'ModelError', 'bad-size'],
  [new TrainingError('non-finite-loss', 'm', { epoch: 2, batch: 17 }), 'TrainingError', 'non-finite-loss'],
  [new SummaryError('m'), 'SummaryError', 'summary'],
  [new RunFileError('runs/edge32/seed-1/result.json', 'bad-field', 'm'), 'RunFileError', 'bad-field'],
  [new DamagedRunError('runs/edge32/seed-1', 'result.json', 'missing', 'd', 'm'), 'DamagedRunError', 'damaged-run'],
  [new ReportAssetError('m'), 'ReportAssetError', 'asset'],
  [new ReportRenderError('rasterise', 'm'), 'ReportRenderError', 'rasterise'],
  [new UsageError('m'), 'UsageError', 'usage'],
  [new ArgumentError('m'), 'ArgumentError', 'bad-argument'],
];

describe('BoundaryEffectsError', () => {
  it.each(cases.map(([error, name, code]) => [name, error, code] as const))(
    '%s is a BoundaryEffectsError and an Error, keeping its own name and code',
    (name, error, code) => {
      expect(error).toBeInstanceOf(BoundaryEffectsError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(name);
      expect(error.code).toBe(code);
      expect(error.message).toContain('m');
      expect(String(error)).toMatch(new RegExp(`^${name}: `));
    },
  );

  it('keeps the extra fields of the subclasses', () => {
    const training = new TrainingError('non-finite-loss', 'm', { epoch: 2, batch: 17 });
    expect([training.epoch, training.batch, training.setting]).toEqual([2, 17, undefined]);
    const data = new DataError('checksum', 'm', { file: 'f', expected: 'a', found: 'b' });
    expect([data.file, data.expected, data.found]).toEqual(['f', 'a', 'b']);
    const idx = new IdxError('f.gz', 'bad-magic', 'm');
    expect(idx).toBeInstanceOf(DataError);
    expect([idx.fault, idx.file]).toEqual(['bad-magic', 'f.gz']);
    const damaged = new DamagedRunError('runs/edge32/seed-1', 'result.json', 'missing', 'd', 'm');
    expect([damaged.runDir, damaged.file, damaged.fault, damaged.detail]).toEqual(['runs/edge32/seed-1', 'result.json', 'missing', 'd']);
    expect(new RunFileError('h.json', 'bad-field', 'x').message).toBe('h.json: x');
  });

  it('passes cause through', () => {
    const cause = new Error('low-level');
    expect(new BoundaryEffectsError('CustomError', 'custom', 'm', { cause }).cause).toBe(cause);
    expect(new DataError('download', 'm', { cause }).cause).toBe(cause);
    expect(new IdxError('f.gz', 'gzip', 'm', cause).cause).toBe(cause);
    expect(new PadError('m', { cause }).cause).toBe(cause);
    expect(new SummaryError('m', { cause }).cause).toBe(cause);
    expect(new UsageError('m', { cause }).cause).toBe(cause);
    expect(new StatsError('non-finite', 'm').cause).toBeUndefined();
    expect('cause' in new DataError('download', 'm')).toBe(false);
  });

  it('can be caught once and switched on by code', () => {
    const codes = cases.map(([error]) => {
      try {
        throw error;
      } catch (e) {
        if (!(e instanceof BoundaryEffectsError)) throw e;
        return e.code;
      }
    });
    expect(codes).toEqual(cases.map(([, , code]) => code));
  });

  it('is the same class from the analysis and stats entry points', () => {
    expect(AnalysisEntryRoot).toBe(BoundaryEffectsError);
    expect(StatsEntryRoot).toBe(BoundaryEffectsError);
  });
});
