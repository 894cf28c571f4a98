/**
 * One rule for folders: every path an open-format manifest names resolves (realpath) to a file
 * inside the experiment folder. `../`, absolute paths and symlinks out of the folder (to a file or
 * to a folder) stop `analyze` with exit 2 naming the manifest entry, and nothing outside is read;
 * links that stay inside the folder are fine. Also: `train` and `reproduce` refuse a symlinked
 * `runs/` (outputs only inside --out), as the report refuses a symlinked `figures/`.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../cli/helpers.js';

/** A little-endian float64 `.npy` file (format 1.0), written by hand: magic, header length, dict, data. */
function npy(shape: number[], values: number[]): Buffer {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  // The data starts at a multiple of 64 bytes; the header ends with a newline.
  header = header.padEnd(Math.ceil((10 + header.length + 1) / 64) * 64 - 10 - 1, ' ') + '\n';
  const prefix = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(prefix);
  prefix.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => data.writeDoubleLE(v, i * 8));
  return Buffer.concat([prefix, Buffer.from(header, 'latin1'), data]);
}

let root = '';
let outside = '';
let counter = 0;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'be-open-confine-'));
  outside = path.join(root, 'outside');
  await mkdir(outside);
  // A valid loss map outside every experiment folder: read, it would give exit 0.
  await writeFile(path.join(outside, 'a.npy'), npy([3, 3], new Array<number>(9).fill(0.3)));
});
afterAll(() => rm(root, { recursive: true, force: true }));

/** A loss-map experiment (l1, a: 3x3, b: 3x5 with one pad column each side) whose run of `a` is at `aPath`. */
async function experiment(aPath: string): Promise<string> {
  const dir = path.join(root, `exp${counter++}`);
  await mkdir(dir);
  await writeFile(path.join(dir, 'a.npy'), npy([3, 3], new Array<number>(9).fill(0.3)));
  await writeFile(path.join(dir, 'b.npy'), npy([3, 5], [0, 0.3, 0.3, 0.3, 0, 0, 0.3, 0.3, 0.3, 0, 0, 0.3, 0.3, 0.3, 0]));
  const manifest = {
    format: 'boundary-effects/open-experiment',
    version: 1,
    question: 'q',
    dataset: { name: 'toy' },
    loss: 'l1',
    edgeWidth: 1,
    reference: 'a',
    variants: [
      { id: 'a', height: 3, width: 3, pads: { top: 0, bottom: 0, left: 0, right: 0 }, runs: [{ seed: 7, files: { lossMap: aPath } }] },
      { id: 'b', height: 3, width: 5, padMode: 'constant', pads: { top: 0, bottom: 0, left: 1, right: 1 }, runs: [{ seed: 7, files: { lossMap: 'b.npy' } }] },
    ],
    comparisons: [{ a: 'a', b: 'b' }],
  };
  await writeFile(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

function expectRefused(run: CliRun, dir: string, entry: string): void {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1); // one line, no stack trace
  expect(lines[0]).toContain(`error: ${path.join(dir, 'manifest.json')}: variant 'a', seed 7, lossMap: '${entry}'`);
  expect(lines[0]).toContain('a manifest names only files inside its own folder');
  expect(run.stdout).toBe('');
}

describe('open-format paths stay inside the experiment folder', () => {
  it('reads a file of the folder, also through a link that stays inside it (the control)', async () => {
    const dir = await experiment('a.npy');
    expect((await cli(['analyze', dir])).code).toBe(0);
    const linked = await experiment('inner/a.npy');
    await symlink(linked, path.join(linked, 'inner'));
    const run = await cli(['analyze', linked]);
    expect(run.code, run.stderr).toBe(0);
  });

  it('refuses ../ out of the folder, naming the entry', async () => {
    const dir = await experiment('../outside/a.npy');
    expectRefused(await cli(['analyze', dir]), dir, '../outside/a.npy');
  });

  it('refuses an absolute path, also to a system file', async () => {
    const dir = await experiment('/etc/passwd');
    const run = await cli(['analyze', dir]);
    expectRefused(run, dir, '/etc/passwd');
    expect(run.stderr).toContain('is an absolute path');
    const abs = await experiment(path.join(outside, 'a.npy'));
    expectRefused(await cli(['analyze', abs]), abs, path.join(outside, 'a.npy'));
  });

  it('refuses a symlink inside the folder to a file or a folder outside it', async () => {
    const file = await experiment('link.npy');
    await symlink(path.join(outside, 'a.npy'), path.join(file, 'link.npy'));
    const run = await cli(['analyze', file]);
    expectRefused(run, file, 'link.npy');
    expect(run.stderr).toContain(`resolves to ${path.join(outside, 'a.npy')}, outside the folder`);
    const folder = await experiment('data/a.npy');
    await symlink(outside, path.join(folder, 'data'));
    expectRefused(await cli(['analyze', folder]), folder, 'data/a.npy');
  });

  it('refuses ../ to a file that does not exist as leaving the folder, not as missing', async () => {
    const dir = await experiment('../nowhere.npy');
    const run = await cli(['analyze', dir]);
    expectRefused(run, dir, '../nowhere.npy');
    expect(run.stderr).toContain('leads outside the folder');
  });
});

describe('outputs stay inside --out', () => {
  for (const command of ['train', 'reproduce'] as const) {
    it(`${command} refuses a symlinked runs/ with exit 2 and writes nothing through it`, async () => {
      const out = path.join(root, `out-${command}`);
      const target = path.join(root, `target-${command}`);
      await mkdir(out);
      await mkdir(target);
      await symlink(target, path.join(out, 'runs'));
      const argv =
        command === 'train'
          ? ['train', '--variant', 'edge32', '--dataset', 'synthetic', '--train-size', '32', '--test-size', '8', '--epochs', '1', '--out', out]
          : ['reproduce', '--dataset', 'synthetic', '--train-size', '32', '--test-size', '8', '--epochs', '1', '--seeds', '1', '--no-report', '--out', out];
      const run = await cli(argv);
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr.trim()).toBe(`error: ${path.join(out, 'runs')} is a symlink; the tool never writes through links (it would change files outside the output folder). Remove the link (or pass another --out) and rerun.`);
      expect(await readdir(target)).toEqual([]);
      expect(await readFile(path.join(out, '.boundary-effects.lock'), 'utf8').catch(() => null)).toBeNull();
    });
  }
});
