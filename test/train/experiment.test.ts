import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/fs/atomic-file.js';
import { TrainingError } from '../../src/train/errors.js';
import { defaultWorkerEntry, runDirectory, runExperiment, type RunOutcome } from '../../src/train/experiment.js';
import { silentReporter } from '../../src/train/progress.js';
import { readRun } from '../../src/train/run.js';
import { tempDir, tinyConfig } from './helpers.js';

describe('runDirectory and defaultWorkerEntry', () => {
  it('puts runs under runs/<variant>/seed-<n> and finds the TS worker beside the module', () => {
    expect(runDirectory('out', { variant: 'edge32', seed: 3 })).toBe(join('out', 'runs', 'edge32', 'seed-3'));
    expect(defaultWorkerEntry()).toBe(fileURLToPath(new URL('../../src/train/worker.ts', import.meta.url)));
  });
});

describe('runExperiment', () => {
  it('trains configs on two worker processes and reuses finished runs', async () => {
    const outDir = await tempDir('exp');
    const configs = [tinyConfig({ variant: 'baseline28', epochs: 1 }), tinyConfig({ variant: 'edge32', epochs: 1 })];
    const outcomes = await runExperiment(configs, outDir, { workers: 2, reporter: silentReporter });
    expect(outcomes.map((o) => o.status)).toEqual(['trained', 'trained']);
    for (const [i, outcome] of outcomes.entries()) {
      expect(outcome.runDir).toBe(runDirectory(outDir, configs[i]));
      const run = await readRun(outcome.runDir);
      expect(run.result).toEqual(outcome.result);
      expect(run.history).toHaveLength(1);
    }
    expect(outcomes[0].result?.variant.size).toBe(28);
    expect(outcomes[1].result?.variant.size).toBe(32);

    const again = await runExperiment(configs, outDir, { workers: 2, reporter: silentReporter });
    expect(again.map((o) => o.status)).toEqual(['reused', 'reused']);
    expect(again.map((o) => o.result)).toEqual(outcomes.map((o) => o.result));
  });

  it('refuses, before any worker starts, a run directory that holds other settings', async () => {
    const outDir = await tempDir('mismatch');
    const stored = tinyConfig({ variant: 'edge32', epochs: 3 });
    await writeJsonAtomic(join(runDirectory(outDir, stored), 'config.json'), stored);
    const requested = [tinyConfig({ variant: 'baseline28', epochs: 1 }), tinyConfig({ variant: 'edge32', epochs: 1 })];
    const error = await runExperiment(requested, outDir, { workers: 2, reporter: silentReporter }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toMatchObject({ code: 'config-mismatch', setting: 'epochs', run: 'edge32/seed-11' });
    // Nothing was trained: not even the baseline28 run, whose directory had no conflict.
    expect(existsSync(runDirectory(outDir, requested[0]))).toBe(false);
  });

  it('names a run whose worker crashed and still finishes the others', async () => {
    const outDir = await tempDir('crash');
    const crashing = tinyConfig({ variant: 'baseline28', epochs: 1, seed: 99 });
    const healthy = tinyConfig({ variant: 'baseline28', epochs: 1, seed: 2 });
    const workerEntry = fileURLToPath(new URL('./fixtures/crashing-worker.ts', import.meta.url));
    const error = await runExperiment([crashing, healthy], outDir, { workers: 1, reporter: silentReporter, workerEntry }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TrainingError);
    expect(error).toMatchObject({ code: 'runs-failed', run: 'baseline28/seed-99' });
    expect((error as Error).message).toMatch(/1 of 2 runs failed:\n {2}baseline28\/seed-99: the worker training baseline28\/seed-99 died \(signal SIGKILL\)/);
    const outcomes = (error as TrainingError & { outcomes: RunOutcome[] }).outcomes;
    expect(outcomes.map((o) => o.status)).toEqual(['failed', 'trained']);
    expect(outcomes[0].error?.code).toBe('worker-crashed');
    expect(existsSync(join(runDirectory(outDir, healthy), 'result.json'))).toBe(true);
  });

  it('rejects two configs sharing a run directory', async () => {
    const config = tinyConfig();
    await expect(runExperiment([config, { ...config, epochs: 5 }], await tempDir('dup'), { reporter: silentReporter })).rejects.toThrow(
      /share edge32\/seed-11/,
    );
  });
});
