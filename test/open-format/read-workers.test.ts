// Reading runs in worker threads: the experiment's numbers are bit-identical for 1, 2 and 3 workers (each run is
// read whole by one worker, in one sequential pass), and an error inside a worker reaches the caller as the same
// OpenFormatError (code, file, message) as when reading in the calling thread.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGeneratedExperiment } from '../../scripts/generate-open-experiment.js';
import { OpenFormatError, readOpenExperiment, type OpenExperiment } from '../../src/open-format/index.js';

const dir = mkdtempSync(path.join(tmpdir(), 'be-read-workers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// 2 variants (12x12 and edge-padded 16x16) x 3 seeds of 5 RGB images: 6 runs
writeGeneratedExperiment({ dir, images: 5, size: 12, channels: 3, seeds: 3, kind: 'dense' });

function numbers(e: OpenExperiment): unknown {
  return e.runs.map((r) => ({
    id: `${r.variant}/${r.seed}`,
    source: r.source,
    map: Array.from(r.lossMap.values),
    test: r.finalTestLoss,
    lossSum: Array.from(r.intensity?.lossSum ?? []),
    floorSum: Array.from(r.intensity?.floorSum ?? []),
    count: Array.from(r.intensity?.count ?? []),
    samples: r.samples,
  }));
}

async function errorOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe('readOpenExperiment with worker threads', () => {
  it('gives the same bits with 1, 2 and 3 workers, runs in manifest order', async () => {
    const one = await readOpenExperiment(dir, { workers: 1 });
    expect(one.runs.map((r) => `${r.variant}/${r.seed}`)).toEqual(['plain/1', 'plain/2', 'plain/3', 'edge/1', 'edge/2', 'edge/3']);
    expect(one.runs[0].finalTestLoss).toBeGreaterThan(0);
    expect(numbers(await readOpenExperiment(dir, { workers: 2 }))).toEqual(numbers(one));
    expect(numbers(await readOpenExperiment(dir, { workers: 3 }))).toEqual(numbers(one));
    expect((await readOpenExperiment(dir, { workers: 2 })).details).toEqual(one.details);
  });

  it('reports the first failing run in manifest order, as the same OpenFormatError, whatever the worker count', async () => {
    const file = path.join(dir, 'edge', 'seed-2', 'predictions.npy');
    const whole = readFileSync(file);
    try {
      writeFileSync(file, whole.subarray(0, whole.length - 4));
      const inThread = await errorOf(readOpenExperiment(dir, { workers: 1 }));
      const inWorkers = await errorOf(readOpenExperiment(dir, { workers: 2 }));
      expect(inThread).toBeInstanceOf(OpenFormatError);
      expect(inWorkers).toBeInstanceOf(OpenFormatError);
      if (!(inThread instanceof OpenFormatError) || !(inWorkers instanceof OpenFormatError)) return;
      expect(inThread.code).toBe('npy-truncated');
      expect(inThread.file).toBe(file);
      expect([inWorkers.code, inWorkers.file, inWorkers.message]).toEqual([inThread.code, inThread.file, inThread.message]);
    } finally {
      writeFileSync(file, whole);
    }
  });
});
