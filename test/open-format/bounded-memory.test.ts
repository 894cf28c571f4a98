// Bounded memory: `analyze` on an experiment whose two arrays hold 295 MB (sparse files: no disk used) runs in a
// child process with a V8 heap limit of 96 MB and a peak RSS within 64 MB of the same command on 10 images, and
// below the 400 MB bound of issue 26. A reader that held a file (or the per-pixel losses) whole would need the
// 295 MB on top. Speed is measured by `npm run bench:analysis`, not here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeGeneratedExperiment } from '../../scripts/generate-open-experiment.js';
import { REPO_ROOT } from '../cli/helpers.js';

const root = mkdtempSync(path.join(tmpdir(), 'be-bounded-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface ChildReport {
  code: number;
  seconds: number;
  peakRssMB: number;
  error: string | null;
}

function analyzeInChild(images: number): ChildReport {
  const dir = path.join(root, `n${images}`);
  // one unpadded run of 64x64x3 float32 zeros: 147 MB per array at 3,000 images
  const bytes = writeGeneratedExperiment({ dir, images, size: 64, channels: 3, seeds: 1, kind: 'sparse' });
  expect(bytes).toBe(2 * images * 64 * 64 * 3 * 4);
  const r = spawnSync(process.execPath, ['--max-old-space-size=96', '--import', 'tsx', 'scripts/analyze-with-rss.ts', dir], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const report: unknown = JSON.parse(r.stdout);
  if (typeof report !== 'object' || report === null || !('peakRssMB' in report) || typeof report.peakRssMB !== 'number' || !('code' in report)) {
    throw new Error(`unexpected child output: ${r.stdout}`);
  }
  return { code: Number(report.code), seconds: 'seconds' in report ? Number(report.seconds) : Number.NaN, peakRssMB: report.peakRssMB, error: 'error' in report && typeof report.error === 'string' ? report.error : null };
}

describe('analyze of a large open-format experiment in bounded memory', () => {
  it('295 MB of arrays under a 96 MB heap limit, with the peak RSS of 10 images (+ <= 64 MB) and <= 400 MB', () => {
    const small = analyzeInChild(10);
    const large = analyzeInChild(3000);
    expect([small.code, small.error]).toEqual([0, null]);
    expect([large.code, large.error]).toEqual([0, null]);
    expect(large.peakRssMB - small.peakRssMB).toBeLessThanOrEqual(64);
    expect(large.peakRssMB).toBeLessThanOrEqual(400);
  });
});
