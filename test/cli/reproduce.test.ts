/**
 * End-to-end tests of `boundary-effects reproduce` and the commands that read its output directory
 * (analyze, report, predict, train), in-process through runCli on the committed synthetic fixtures.
 * One tiny experiment (2 variants x 2 seeds, 256 train / 64 test images, 1 epoch) is trained once in
 * beforeAll and shared; tests that need a changed directory work on copies of it.
 */
import { cp, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIGURE_NAMES } from '../../src/report/index.js';
import { formatSummaryJson, summarizeExperiment } from '../../src/reproduce/summarize-experiment.js';
import type { Summary } from '../../src/summary/types.js';
import { cli, removeTempDirs, SYNTHETIC_DIR, tempDir, type CliRun } from './helpers.js';

const VARIANTS = ['baseline28', 'edge32'] as const;
const SEEDS = [1, 2] as const;
const RUN_FILE_NAMES = ['config', 'environment', 'history', 'result', 'test-loss-map', 'test-intensity-table', 'samples'] as const;
const TABLE_NAMES = ['final-losses', 'comparisons', 'predictions', 'regions', 'gap-terms', 'intensity'] as const;
const SETTINGS = ['--dataset', 'synthetic', '--train-size', '256', '--test-size', '64', '--epochs', '1'] as const;

const reproduceArgs = (out: string, extra: readonly string[] = []): string[] => [
  'reproduce',
  ...SETTINGS,
  '--seeds',
  '2',
  '--workers',
  '2',
  '--out',
  out,
  ...extra,
];

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;
const runDir = (root: string, variant: string, seed: number): string => join(root, 'runs', variant, `seed-${seed}`);

/** mtime and bytes of a file, to prove it was not rewritten. */
async function fingerprint(path: string): Promise<{ mtimeMs: number; text: string }> {
  return { mtimeMs: (await stat(path)).mtimeMs, text: await readFile(path, 'utf8') };
}

/** Every file a run's resume could touch, keyed by path. */
async function runFingerprints(root: string): Promise<Map<string, { mtimeMs: number; text: string }>> {
  const prints = new Map<string, { mtimeMs: number; text: string }>();
  for (const variant of VARIANTS) {
    for (const seed of SEEDS) {
      for (const file of ['history.json', 'result.json', 'config.json', 'test-loss-map.json', join('checkpoint', 'checkpoint.json')]) {
        const path = join(runDir(root, variant, seed), file);
        prints.set(path, await fingerprint(path));
      }
    }
  }
  return prints;
}

/** Flips one byte of a file in place. */
async function flipByte(path: string, at: number): Promise<void> {
  const bytes = await readFile(path);
  bytes[at] ^= 0xff;
  await writeFile(path, bytes);
}

const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Turns a finished run into one killed after its last epoch: its final files (written after training, manifest last) are gone. */
async function unfinish(dir: string): Promise<void> {
  for (const f of ['run-manifest', 'result', 'test-loss-map', 'test-intensity-table', 'samples']) await rm(join(dir, `${f}.json`));
}

let outDir: string;
let first: CliRun;

beforeAll(async () => {
  outDir = join(await tempDir('reproduce'), 'exp');
  first = await cli(reproduceArgs(outDir));
  if (first.code !== 0) throw new Error(`reproduce failed with exit ${first.code}:\n${first.stderr}`);
}, 300_000);

afterAll(removeTempDirs);

describe('reproduce on the synthetic fixtures', () => {
  it('exits 0 and writes every expected file of the report directory', async () => {
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`summary: ${join(outDir, 'summary.json')}`);
    expect(first.stdout).toContain(`report:  ${join(outDir, 'report.html')}`);
    expect(first.stdout).toMatch(/baseline28 +test loss \d\.\d+/);

    const top = await readdir(outDir);
    expect(top).toEqual(expect.arrayContaining(['summary.json', 'experiment.json', 'report.html', 'figures', 'tables', 'runs']));
    expect(await readFile(join(outDir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);

    expect(FIGURE_NAMES).toHaveLength(11);
    const figures = await readdir(join(outDir, 'figures'));
    for (const name of FIGURE_NAMES) {
      expect(figures).toEqual(expect.arrayContaining([`${name}.vl.json`, `${name}.svg`, `${name}.png`]));
      const spec = await readJson<{ $schema?: string }>(join(outDir, 'figures', `${name}.vl.json`));
      expect(spec.$schema).toMatch(/vega-lite/);
      expect(await readFile(join(outDir, 'figures', `${name}.svg`), 'utf8')).toContain('<svg');
      const png = await readFile(join(outDir, 'figures', `${name}.png`));
      expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    }

    const tables = await readdir(join(outDir, 'tables'));
    for (const name of TABLE_NAMES) {
      expect(tables).toEqual(expect.arrayContaining([`${name}.csv`, `${name}.md`, `${name}.tex`]));
    }
    expect(await readFile(join(outDir, 'tables', 'final-losses.csv'), 'utf8')).toMatch(/baseline28[\s\S]*edge32/);

    for (const variant of VARIANTS) {
      for (const seed of SEEDS) {
        const files = await readdir(runDir(outDir, variant, seed));
        expect(files).toEqual(expect.arrayContaining(RUN_FILE_NAMES.map((f) => `${f}.json`)));
      }
    }
    const experiment = await readJson<{ dataset: string; variants: string[]; seeds: number[] }>(join(outDir, 'experiment.json'));
    expect(experiment).toMatchObject({ dataset: 'synthetic', variants: [...VARIANTS], seeds: [...SEEDS] });
  });

  it('writes a summary.json with both variants over two seeds and an exact gap decomposition', async () => {
    const summary = await readJson<Summary>(join(outDir, 'summary.json'));
    expect(summary.dataset).toBe('synthetic');
    expect(summary.settings).toMatchObject({ epochs: 1, trainSize: 256, testSize: 64 });
    expect(summary.variants.map((v) => v.variant)).toEqual([...VARIANTS]);
    for (const v of summary.variants) {
      expect(v.testLoss.n).toBe(2);
      expect(v.testLoss.seeds).toEqual([...SEEDS]);
      // The summary's per-seed test losses are the runs' own final test losses.
      for (const [i, seed] of v.testLoss.seeds.entries()) {
        const result = await readJson<{ finalTestLoss: number }>(join(runDir(outDir, v.variant, seed), 'result.json'));
        expect(v.testLoss.values[i]).toBe(result.finalTestLoss);
      }
    }

    const comparison = summary.comparisons.find((c) => c.a === 'baseline28' && c.b === 'edge32');
    expect(comparison).toBeDefined();
    const term = (name: string): number[] => {
      const t = comparison!.terms.find((x) => x.term === name);
      expect(t, `term ${name}`).toBeDefined();
      expect(t!.estimate.seeds).toEqual([...SEEDS]);
      return t!.estimate.values;
    };
    const gap = term('gap');
    const edge = term('samePixelEdge');
    const interior = term('samePixelInterior');
    const dilution = term('dilution');
    const a = summary.variants[0].testLoss.values;
    const b = summary.variants[1].testLoss.values;
    for (let i = 0; i < SEEDS.length; i++) {
      expect(Math.abs(edge[i] + interior[i] + dilution[i] - gap[i])).toBeLessThan(1e-9);
      expect(Math.abs(gap[i] - (a[i] - b[i]))).toBeLessThan(1e-9);
    }
  });

  it('resumes on a second run: nothing retrained, same files, byte-identical summary.json', async () => {
    const before = await runFingerprints(outDir);
    const summaryBefore = await readFile(join(outDir, 'summary.json'), 'utf8');
    const second = await cli(reproduceArgs(outDir));
    expect(second.code, second.stderr).toBe(0);
    // No run started: the progress reporter saw no epoch and no run.
    expect(second.stderr).not.toMatch(/epoch 1\/1/);
    expect(second.stderr).not.toMatch(/done in/);
    for (const [path, print] of await runFingerprints(outDir)) {
      expect(print, path).toEqual(before.get(path));
    }
    expect(await readFile(join(outDir, 'summary.json'), 'utf8')).toBe(summaryBefore);
    // Only summarising and the report are redone, far less than training four runs.
    expect(second.seconds).toBeLessThan(first.seconds);
  });

  it('analyze DIR --json prints summary.json byte for byte; analyze DIR prints tables', async () => {
    const json = await cli(['analyze', outDir, '--json']);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toBe(await readFile(join(outDir, 'summary.json'), 'utf8'));

    const text = await cli(['analyze', outDir]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^baseline28 +test loss \d\.\d+ \[\d\.?\d*, \d\.\d+\]\*? \(n = 2\)/m);
    expect(text.stdout).toMatch(/^baseline28 − edge32: gap [+−]\d\.\d+ \[[+−]\d\.\d+, [+−]\d\.\d+\]; /m);
    expect(text.stdout).not.toMatch(/samePixel|0\.0000 \[/);
    expect(text.stdout).toMatch(/^variant +region +pixels +mean loss +contribution +floor$/m);
    expect(text.stdout).toMatch(/^baseline28 +interior +576 /m);
    expect(text.stdout).toMatch(/^edge32 +pad +240 /m);
  });

  it('the library gives the same document from a relative, ./-prefixed experiment path', async () => {
    const fromRelative = await summarizeExperiment(`./${relative(process.cwd(), outDir)}`);
    expect(formatSummaryJson(fromRelative)).toBe(await readFile(join(outDir, 'summary.json'), 'utf8'));
    expect(fromRelative.provenance.runs.map((r) => r.dir)).toContain(join('runs', 'edge32', 'seed-1'));
  });

  it('report DIR --out OTHER writes the report into OTHER', async () => {
    const other = join(await tempDir('report'), 'out');
    const run = await cli(['report', outDir, '--out', other]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`report: ${join(other, 'report.html')}`);
    expect(await readFile(join(other, 'report.html'), 'utf8')).toMatch(/^<!doctype html>[\s\S]*baseline28/i);
    expect(await readdir(join(other, 'figures'))).toContain('headline.svg');
  });

  it('report DIR --rebuild summarises the finished runs again and rewrites summary.json to match the report', async () => {
    const copy = join(await tempDir('rebuild'), 'exp');
    await cp(outDir, copy, { recursive: true });
    // An unfinished run (killed before its final files): only seed 1 of edge32 is summarised.
    await unfinish(runDir(copy, 'edge32', 2));
    const run = await cli(['report', copy, '--rebuild']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`summary: ${join(copy, 'summary.json')}`);
    const rebuilt = await readJson<Summary>(join(copy, 'summary.json'));
    expect(rebuilt.variants.map((v) => [v.variant, v.testLoss.n])).toEqual([
      ['baseline28', 2],
      ['edge32', 1],
    ]);
    expect(await readFile(join(copy, 'summary.json'), 'utf8')).not.toBe(await readFile(join(outDir, 'summary.json'), 'utf8'));
  });

  it('reproduce --no-train trains nothing, summarises the finished runs and lists the unfinished ones', async () => {
    const copy = join(await tempDir('no-train'), 'exp');
    await cp(outDir, copy, { recursive: true });
    await unfinish(runDir(copy, 'edge32', 2));
    // zero32 is training elsewhere (its run folders exist); a run neither asked for nor on disk is refused (test/cli/robustness).
    await mkdir(runDir(copy, 'zero32', 1), { recursive: true });
    await mkdir(runDir(copy, 'zero32', 2), { recursive: true });
    const run = await cli(reproduceArgs(copy, ['--variants', 'baseline28,edge32,zero32', '--no-train']));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/epoch 1\/1/);
    expect(run.stdout).toContain(
      `not in the summary (unfinished): 3 run(s): ${[join('runs', 'edge32', 'seed-2'), join('runs', 'zero32', 'seed-1'), join('runs', 'zero32', 'seed-2')].join(', ')}`,
    );
    await expect(stat(join(runDir(copy, 'edge32', 2), 'result.json'))).rejects.toThrow();
    expect(await readdir(runDir(copy, 'zero32', 1))).toEqual([]);
    const summary = await readJson<Summary>(join(copy, 'summary.json'));
    expect(summary.variants.map((v) => [v.variant, v.testLoss.n])).toEqual([
      ['baseline28', 2],
      ['edge32', 1],
    ]);
    expect((await readJson<{ variants: string[] }>(join(copy, 'experiment.json'))).variants).toEqual(['baseline28', 'edge32', 'zero32']);
  });

  it('predict --pad-cost <number> gives (784 * mean28 + 240 * cost) / 1024 of the run\'s loss map', async () => {
    const from = runDir(outDir, 'baseline28', 1);
    const map = await readJson<{ height: number; pad: number; values: number[] }>(join(from, 'test-loss-map.json'));
    expect(map).toMatchObject({ height: 28, pad: 0 });
    const mean28 = mean(map.values);
    const run = await cli(['predict', '--from', from, '--pad', '2', '--pad-cost', '0.01', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { predicted: number; originalMean: number; padPixels: number; totalPixels: number; padCost: number };
    expect(out).toMatchObject({ padPixels: 240, totalPixels: 1024, padCost: 0.01 });
    expect(out.originalMean).toBeCloseTo(mean28, 12);
    expect(out.predicted).toBeCloseTo((784 * mean28 + 240 * 0.01) / 1024, 12);

    const text = await cli(['predict', '--from', from, '--pad', '2', '--pad-cost', '0.01']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`predicted padded loss  ${((784 * mean28 + 240 * 0.01) / 1024).toFixed(5)}`);
  });

  it('predict --pad-cost measured:<edge32 run> uses the mean loss of that run\'s pad ring', async () => {
    const from = runDir(outDir, 'baseline28', 1);
    const padded = runDir(outDir, 'edge32', 1);
    const map28 = await readJson<{ values: number[] }>(join(from, 'test-loss-map.json'));
    const map32 = await readJson<{ height: number; pad: number; values: number[] }>(join(padded, 'test-loss-map.json'));
    expect(map32).toMatchObject({ height: 32, pad: 2 });
    const ring = map32.values.filter((_, i) => {
      const y = Math.floor(i / 32);
      const x = i % 32;
      return y < 2 || y >= 30 || x < 2 || x >= 30;
    });
    expect(ring).toHaveLength(240);
    const padCost = mean(ring);
    const run = await cli(['predict', '--from', from, '--pad', '2', '--pad-cost', `measured:${padded}`, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { predicted: number; padCost: number; padCostSource: string };
    expect(out.padCost).toBeCloseTo(padCost, 12);
    expect(out.predicted).toBeCloseTo((784 * mean(map28.values) + 240 * padCost) / 1024, 12);
    expect(out.padCostSource).toContain(padded);

    // A padded run as --from, or a pad width that does not match the measured run: usage errors.
    const wrongFrom = await cli(['predict', '--from', padded, '--pad', '2']);
    expect(wrongFrom.code).toBe(1);
    expect(wrongFrom.stderr).toMatch(/is a padded run \(pad 2\).*baseline28/);
    const wrongPad = await cli(['predict', '--from', from, '--pad', '4', '--pad-cost', `measured:${padded}`]);
    expect(wrongPad.code).toBe(1);
    expect(wrongPad.stderr).toContain('that run has pad 2, not --pad 4');
    const wrongCost = await cli(['predict', '--from', from, '--pad', '2', '--pad-cost', 'cheap']);
    expect(wrongCost.code).toBe(1);
    expect(wrongCost.stderr).toContain("--pad-cost must be a number from 0 to 16.12, 'floor' or 'measured:<run dir>', got 'cheap'");
  });

  it('predict --pad-cost floor --data-dir fixtures/synthetic uses the entropy floor of the edge-padded test targets', async () => {
    // The floor computed here from the raw fixture bytes: the first 64 test images (the run's
    // --test-size), edge-padded to 32x32, mean binary entropy of the 240 pad pixels.
    const raw = gunzipSync(await readFile(join(SYNTHETIC_DIR, 'synthetic-test-images.idx3.gz')));
    expect(raw.readUInt32BE(0)).toBe(0x803);
    expect([raw.readUInt32BE(8), raw.readUInt32BE(12)]).toEqual([28, 28]);
    let entropy = 0;
    let pixels = 0;
    for (let n = 0; n < 64; n++) {
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          if (y >= 2 && y < 30 && x >= 2 && x < 30) continue;
          const sy = Math.min(27, Math.max(0, y - 2));
          const sx = Math.min(27, Math.max(0, x - 2));
          const t = raw[16 + n * 784 + sy * 28 + sx] / 255;
          if (t > 0 && t < 1) entropy -= t * Math.log(t) + (1 - t) * Math.log(1 - t);
          pixels++;
        }
      }
    }
    const floor = entropy / pixels;
    const from = runDir(outDir, 'baseline28', 1);
    const mean28 = mean((await readJson<{ values: number[] }>(join(from, 'test-loss-map.json'))).values);
    const run = await cli(['predict', '--from', from, '--pad', '2', '--pad-cost', 'floor', '--data-dir', SYNTHETIC_DIR, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as { predicted: number; padCost: number; padCostSource: string };
    expect(out.padCostSource).toBe('entropy floor of edge-padded test targets');
    expect(out.padCost).toBeCloseTo(floor, 9);
    expect(out.predicted).toBeCloseTo((784 * mean28 + 240 * floor) / 1024, 9);
  });

  it('a changed setting for an existing run is a usage error naming it, and leaves the directory alone', async () => {
    const experimentBefore = await readFile(join(outDir, 'experiment.json'), 'utf8');
    const summaryBefore = await readFile(join(outDir, 'summary.json'), 'utf8');
    const runsBefore = await runFingerprints(outDir);
    const changed = await cli(reproduceArgs(outDir).map((a, i, all) => (all[i - 1] === '--epochs' ? '2' : a)));
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/error: .*epochs = 1.*epochs = 2/);
    expect(changed.stderr).toContain('(add --help for usage and examples)');
    expect(await readFile(join(outDir, 'experiment.json'), 'utf8')).toBe(experimentBefore);
    expect(await readFile(join(outDir, 'summary.json'), 'utf8')).toBe(summaryBefore);
    for (const [path, print] of await runFingerprints(outDir)) expect(print, path).toEqual(runsBefore.get(path));

    // train names the setting the same way (exit 1).
    const train = await cli(['train', '--variant', 'edge32', '--seed', '1', ...SETTINGS.map((a, i, all) => (all[i - 1] === '--epochs' ? '3' : a)), '--out', outDir]);
    expect(train.code).toBe(1);
    expect(train.stderr).toMatch(/holds edge32\/seed-1 with epochs = 1, but epochs = 3 was asked for/);
  });

  it('continues an unfinished run from its checkpoint without redoing finished epochs', async () => {
    // A run killed after epoch 1 of 2: the finished 1-epoch run with its final files removed and
    // epochs = 2 in its config (epoch 1 of a 2-epoch run computes exactly the same).
    const root = join(await tempDir('continue'), 'exp');
    const dir = runDir(root, 'baseline28', 1);
    await cp(runDir(outDir, 'baseline28', 1), dir, { recursive: true });
    await unfinish(dir);
    const config = await readJson<Record<string, unknown>>(join(dir, 'config.json'));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, epochs: 2 }));
    const epoch1 = (await readJson<unknown[]>(join(dir, 'history.json')))[0];

    const run = await cli(['reproduce', ...SETTINGS.map((a, i, all) => (all[i - 1] === '--epochs' ? '2' : a)), '--variants', 'baseline28', '--seeds', '1', '--workers', '1', '--out', root, '--no-report']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/baseline28\/seed-1 epoch 2\/2 loss/);
    expect(run.stderr).not.toMatch(/epoch 1\/2 loss/);
    const history = await readJson<Array<{ epoch: number }>>(join(dir, 'history.json'));
    expect(history.map((r) => r.epoch)).toEqual([1, 2]);
    expect(history[0]).toEqual(epoch1);
    expect((await readJson<{ epochs: number }>(join(dir, 'result.json'))).epochs).toBe(2);
    expect((await readJson<Summary>(join(root, 'summary.json'))).variants.map((v) => [v.variant, v.testLoss.n])).toEqual([['baseline28', 1]]);
    expect(await readdir(root)).not.toContain('report.html');
  });

  it('a training failure (a corrupt checkpoint) exits 3, names the run and keeps the other results', async () => {
    const root = join(await tempDir('failure'), 'exp');
    await cp(outDir, root, { recursive: true });
    const broken = runDir(root, 'edge32', 2);
    await rm(join(broken, 'result.json'));
    const index = await readJson<{ files: { weights: string } }>(join(broken, 'checkpoint', 'checkpoint.json'));
    await flipByte(join(broken, 'checkpoint', index.files.weights), 100);

    const run = await cli(reproduceArgs(root));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/error: 1 of 4 runs failed:\n {2}edge32\/seed-2: checkpoint file .* does not match its sha256/);
    expect(run.stderr).toContain("delete the run's checkpoint/ to start over");
    // The summary and report are still written from the three finished runs.
    const summary = await readJson<Summary>(join(root, 'summary.json'));
    expect(summary.variants.map((v) => [v.variant, v.testLoss.n])).toEqual([
      ['baseline28', 2],
      ['edge32', 1],
    ]);
    expect((await stat(join(root, 'report.html'))).isFile()).toBe(true);

    // The same run through `train`, in this process: also exit 3 with the message.
    const train = await cli(['train', '--variant', 'edge32', '--seed', '2', ...SETTINGS, '--out', root]);
    expect(train.code).toBe(3);
    expect(train.stderr).toMatch(/error: checkpoint file .*epoch-0001\.model\.weights\.bin does not match its sha256/);
  });
});
