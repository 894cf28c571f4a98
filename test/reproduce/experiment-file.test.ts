import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentRuns, writeExperimentFile, type ExperimentFile } from '../../src/reproduce/experiment-file.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'be-experiment-'));
  dirs.push(dir);
  return dir;
}
const base = { dataset: 'mnist', edgeWidth: 2, command: null } as const;

describe('experimentRuns', () => {
  it('gives every variant every seed for a file without seedsByVariant (written by older versions)', () => {
    const old: ExperimentFile = { ...base, variants: ['baseline28', 'edge32'], seeds: [1, 2] };
    expect(experimentRuns(old)).toEqual([
      { variant: 'baseline28', seed: 1 },
      { variant: 'baseline28', seed: 2 },
      { variant: 'edge32', seed: 1 },
      { variant: 'edge32', seed: 2 },
    ]);
  });
});

describe('writeExperimentFile', () => {
  it('adds 3 seeds of an ablation to 5 seeds of the seed models without asking for ablation seeds 4 and 5', async () => {
    const dir = await freshDir();
    // An experiment.json as the first release wrote it: no seedsByVariant.
    await writeFile(join(dir, 'experiment.json'), JSON.stringify({ ...base, variants: ['baseline28', 'edge32'], seeds: [1, 2, 3, 4, 5] }));
    const merged = await writeExperimentFile(dir, { ...base, variants: ['baseline28', 'edge32', 'zero32'], seeds: [1, 2, 3], command: 'again' });
    expect(merged.variants).toEqual(['baseline28', 'edge32', 'zero32']);
    expect(merged.seeds).toEqual([1, 2, 3, 4, 5]);
    expect(merged.seedsByVariant).toEqual({ baseline28: [1, 2, 3, 4, 5], edge32: [1, 2, 3, 4, 5], zero32: [1, 2, 3] });
    expect(merged.command).toBe('again');
    expect(merged.commands).toEqual(['again']);
    expect(JSON.parse(await readFile(join(dir, 'experiment.json'), 'utf8'))).toEqual(merged);
    expect(merged.seedsByVariant?.zero32).toEqual([1, 2, 3]);
    const third = await writeExperimentFile(dir, { ...base, variants: ['edge36'], seeds: [1], command: 'third' });
    expect(third.commands).toEqual(['again', 'third']);
    expect((await writeExperimentFile(dir, { ...base, variants: ['edge36'], seeds: [1], command: 'again' })).commands).toEqual(['again', 'third']);
    expect(experimentRuns(merged).filter((r) => r.variant === 'zero32').map((r) => r.seed)).toEqual([1, 2, 3]);
  });

  it('writes the file as given when the directory has none, with its runs per variant', async () => {
    const dir = await freshDir();
    const written = await writeExperimentFile(dir, { ...base, variants: ['edge32'], seeds: [7, 2] });
    expect(written.seedsByVariant).toEqual({ edge32: [2, 7] });
    expect(written.seeds).toEqual([2, 7]);
  });
});
