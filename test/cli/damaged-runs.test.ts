/**
 * A finished run is recognisable as whole or damaged (issue 19, item 1). One tiny experiment
 * (2 variants x 2 seeds on the synthetic fixtures, 1 epoch) is trained once; each case applies one
 * exact damage to edge32/seed-2 of a copy. Readers (analyze, report --rebuild, reproduce --no-train)
 * stop with exit code 2 naming the run, the file and what to do, never leaving the run out;
 * reproduce (training) repairs the run, says so, and gives the undamaged summary again.
 */
import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, removeTempDirs, tempDir } from './helpers.js';

const SETTINGS = ['--dataset', 'synthetic', '--train-size', '256', '--test-size', '64', '--epochs', '1', '--seeds', '2', '--workers', '2'] as const;
const RUN = join('runs', 'edge32', 'seed-2');
/** summary.json without its command line (a copy's reproduce adds its own --out to the provenance). */
const withoutCommand = (text: string): string => text.replace(/\n {4}"command": .*\n/, '\n');

let outDir: string;
let summary: string;

beforeAll(async () => {
  outDir = join(await tempDir('damaged'), 'exp');
  const first = await cli(['reproduce', ...SETTINGS, '--out', outDir, '--no-report']);
  if (first.code !== 0) throw new Error(`reproduce failed with exit ${first.code}:\n${first.stderr}`);
  summary = await readFile(join(outDir, 'summary.json'), 'utf8');
}, 300_000);

afterAll(removeTempDirs);

const edit = async (path: string, change: (text: string) => string): Promise<void> => writeFile(path, change(await readFile(path, 'utf8')));
const editJson = async (path: string, change: (json: Record<string, unknown>) => void): Promise<void> =>
  edit(path, (text) => {
    const json = JSON.parse(text) as Record<string, unknown>;
    change(json);
    return JSON.stringify(json, null, 2);
  });
const values = (json: Record<string, unknown>): unknown[] => {
  const v = json.values;
  if (!Array.isArray(v)) throw new Error('no values');
  return v;
};

/** Each damage, applied to the run directory, and what the error must say about it. */
const CASES: Array<{ name: string; damage: (run: string) => Promise<void>; file: string; says: RegExp }> = [
  { name: 'truncated result.json', damage: (run) => edit(join(run, 'result.json'), (t) => t.slice(0, Math.floor(t.length / 2))), file: 'result.json', says: /does not match the sha256 in run-manifest\.json/ },
  { name: 'truncated history.json', damage: (run) => edit(join(run, 'history.json'), (t) => t.slice(0, 40)), file: 'history.json', says: /does not match the sha256/ },
  { name: 'missing test-loss-map.json', damage: (run) => rm(join(run, 'test-loss-map.json')), file: 'test-loss-map.json', says: /is missing, though the run has a manifest and so finished/ },
  { name: 'a loss map one value short', damage: (run) => editJson(join(run, 'test-loss-map.json'), (j) => void values(j).pop()), file: 'test-loss-map.json', says: /does not match the sha256/ },
  { name: 'a loss map with a string', damage: (run) => editJson(join(run, 'test-loss-map.json'), (j) => void (values(j)[5] = 'x')), file: 'test-loss-map.json', says: /does not match the sha256/ },
  { name: 'one digit of finalTestLoss changed (valid JSON)', damage: (run) => edit(join(run, 'result.json'), (t) => t.replace(/("finalTestLoss": \d\.\d)(\d)/, (_, a: string, d: string) => `${a}${(Number(d) + 1) % 10}`)), file: 'result.json', says: /does not match the sha256/ },
  { name: 'a run without manifest (legacy) whose loss map is one value short', damage: async (run) => { await rm(join(run, 'run-manifest.json')); await editJson(join(run, 'test-loss-map.json'), (j) => void values(j).pop()); }, file: 'test-loss-map.json', says: /values has 1023 entries, expected 1024 \(height 32 x width 32\)/ },
  { name: 'a legacy run whose loss map has a string', damage: async (run) => { await rm(join(run, 'run-manifest.json')); await editJson(join(run, 'test-loss-map.json'), (j) => void (values(j)[5] = 'x')); }, file: 'test-loss-map.json', says: /values\[5\] is "x", expected a finite number >= 0/ },
  { name: 'a legacy run with a truncated history.json', damage: async (run) => { await rm(join(run, 'run-manifest.json')); await edit(join(run, 'history.json'), (t) => t.slice(0, 40)); }, file: 'history.json', says: /is not valid JSON/ },
  { name: 'a legacy run whose history disagrees with its result', damage: async (run) => { await rm(join(run, 'run-manifest.json')); await edit(join(run, 'history.json'), (t) => t.replace(/("trainLoss": \d\.\d)(\d)/, (_, a: string, d: string) => `${a}${(Number(d) + 1) % 10}`)); }, file: 'result.json', says: /finalTrainLoss is .* but the last epoch of history\.json has/ },
];

async function damagedCopy(label: string, damage: (run: string) => Promise<void>): Promise<string> {
  const copy = join(await tempDir(label), 'exp');
  await cp(outDir, copy, { recursive: true });
  await damage(join(copy, RUN));
  return copy;
}

describe.each(CASES)('$name', ({ damage, file, says }) => {
  it('analyze, report --rebuild and reproduce --no-train stop with exit 2 naming the run and the file', async () => {
    const copy = await damagedCopy('read', damage);
    const commands = [
      ['analyze', copy],
      ['report', copy, '--rebuild'],
      ['reproduce', ...SETTINGS, '--out', copy, '--no-train', '--no-report'],
    ];
    for (const argv of commands) {
      const run = await cli(argv);
      expect(run.code, `${argv[0]}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(`error: ${join(copy, RUN, file)}: `);
      expect(run.stderr).toMatch(says);
      expect(run.stderr).toContain(`The run ${join(copy, RUN)} is damaged: repair it with 'boundary-effects reproduce'`);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    // Nothing was summarised from the damaged directory.
    expect(await readFile(join(copy, 'summary.json'), 'utf8')).toBe(summary);
  }, 60_000);

  it('reproduce repairs the run from its checkpoint, says so, and gives the undamaged summary', async () => {
    const copy = await damagedCopy('repair', damage);
    const run = await cli(['reproduce', ...SETTINGS, '--out', copy, '--no-report']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`edge32/seed-2: damaged \\(${file.replace('.', '\\.')}: .*\\); recomputing its final files from its checkpoint`));
    // Bit for bit the same final files, so the same summary (but for the command that repaired it).
    expect(withoutCommand(await readFile(join(copy, 'summary.json'), 'utf8'))).toBe(withoutCommand(summary));
    const again = await cli(['analyze', copy]);
    expect(again.code, again.stderr).toBe(0);
  }, 120_000);
});

it('a damaged run without a checkpoint (as in the committed reports) is retrained, with the same numbers', async () => {
  const copy = await damagedCopy('retrain', async (run) => {
    await rm(join(run, 'checkpoint'), { recursive: true });
    await rm(join(run, 'test-loss-map.json'));
  });
  const run = await cli(['reproduce', ...SETTINGS, '--out', copy, '--no-report']);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stderr).toContain('edge32/seed-2: damaged (test-loss-map.json: is missing, though the run has a manifest and so finished); retraining it (no checkpoint is kept)');
  // Retrained on the same backend: the same numbers; only the timings differ.
  const untimed = (text: string): string => withoutCommand(text).replace(/"(seconds|trainSeconds)": [\d.e+-]+/g, '').replace(/"trainSeconds": \[[^\]]*\]/g, '');
  expect(untimed(await readFile(join(copy, 'summary.json'), 'utf8'))).toBe(untimed(summary));
}, 120_000);
