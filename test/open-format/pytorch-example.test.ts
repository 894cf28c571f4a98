import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeOpenExperiment, readOpenExperiment } from '../../src/open-format/index.js';
import { findPython } from './python.js';

const python = findPython(['numpy', 'torch']);
const mnist = path.join(process.env.BOUNDARY_EFFECTS_DATA ?? '', 'mnist');
const haveData = existsSync(path.join(mnist, 'train-images-idx3-ubyte.gz')) && existsSync(path.join(mnist, 't10k-images-idx3-ubyte.gz'));
const out = mkdtempSync(path.join(tmpdir(), 'be-pytorch-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

interface Expected {
  runs: Record<string, { testLoss: number; pad: number | null; edge: number; interior: number; original: number; counts: Record<string, number> }>;
  gaps: Record<string, { gap: number; samePixelEdge: number; samePixelInterior: number; samePixel: number; dilution: number }>;
}

function num(value: unknown, what: string): number {
  if (typeof value !== 'number') throw new Error(`expected.json: ${what} is not a number`);
  return value;
}

// The example trains real models (about 20 s of CPU on one core); it needs Debian's python3-numpy and python3-torch and MNIST.
describe.skipIf(python === null || !haveData)('examples/pytorch: the tool agrees with NumPy on a PyTorch experiment', () => {
  it('trains, exports, and the reader + analysis reproduce NumPy region means and gap terms to 1e-6', async () => {
    const r = spawnSync(python ?? 'python3', ['examples/pytorch/train_export.py', '--out', out, '--data', mnist], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const expectedJson: unknown = JSON.parse(readFileSync(path.join(out, 'expected.json'), 'utf8'));
    const expected = expectedJson as Expected; // test-side view of our own fixture; every number is checked with num() below
    const experiment = await readOpenExperiment(out);
    const analysis = analyzeOpenExperiment(experiment);
    expect(experiment.runs.map((run) => `${run.variant}/${run.seed}`)).toEqual(['baseline28/1', 'baseline28/2', 'edge32/1', 'edge32/2']);
    const rows: string[] = [];
    for (const region of analysis.regions) {
      const key = `${region.variant}/${region.seed}`;
      const want = expected.runs[key];
      const byName = new Map(region.decomposition.regions.map((g) => [g.name, g]));
      expect(Math.abs(region.finalTestLoss - num(want.testLoss, `${key}.testLoss`))).toBeLessThanOrEqual(1e-6);
      expect(Math.abs(region.decomposition.total - want.testLoss)).toBeLessThanOrEqual(1e-6);
      for (const name of ['edge', 'interior'] as const) {
        expect(Math.abs((byName.get(name)?.mean ?? Number.NaN) - num(want[name], `${key}.${name}`))).toBeLessThanOrEqual(1e-6);
        expect(byName.get(name)?.count).toBe(want.counts[name]);
      }
      expect(byName.get('pad')?.mean ?? null).toSatisfy((m: number | null) => (want.pad === null ? m === null : m !== null && Math.abs(m - want.pad) <= 1e-6));
      rows.push(`${key}: test ${region.finalTestLoss} (numpy ${want.testLoss}), edge ${byName.get('edge')?.mean} (numpy ${want.edge}), interior ${byName.get('interior')?.mean} (numpy ${want.interior}), pad ${byName.get('pad')?.mean} (numpy ${want.pad})`);
    }
    const pairs = analysis.comparisons[0].pairs;
    expect(pairs.map((p) => p.seed)).toEqual([1, 2]);
    for (const { seed, gap } of pairs) {
      const want = expected.gaps[String(seed)];
      for (const term of ['gap', 'samePixelEdge', 'samePixelInterior', 'samePixel', 'dilution'] as const) {
        expect(Math.abs(gap[term] - num(want[term], `gaps.${seed}.${term}`))).toBeLessThanOrEqual(1e-6);
        rows.push(`seed ${seed} ${term}: tool ${gap[term]} numpy ${want[term]}`);
      }
    }
    // the edge32 seed-2 run came from one .npz (numpy's zip64 headers), the others from .npy files
    expect(experiment.runs[3].source).toBe('edge32/seed-2/run.npz:targets.npy');
    expect(experiment.runs[0].intensity?.floorKind).toBe('binary-entropy');
    expect(experiment.runs[0].samples?.length).toBe(4);
    console.log(rows.join('\n'));
  }, 600_000);
});
