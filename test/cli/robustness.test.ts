/**
 * A hostile but fair user (issue 19): damaged files, a file where a folder is expected, full disks,
 * symlinks in the output folder, two writers, signals, out-of-range options, closed pipes. Every
 * case is an exact command on a copy of one tiny synthetic experiment (2 variants x 2 seeds, 1
 * epoch), trained once in beforeAll. Each asserts the documented exit code (1 usage, 2 data or
 * files, 130/143 signals), a one-line message naming the file, no stack trace, and that nothing
 * outside the output folder changed.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cp, lstat, mkdir, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE } from '../../src/fs/output-lock.js';
import { cli, REPO_ROOT, removeTempDirs, tempDir, withEnv, type CliRun } from './helpers.js';
import { requireRealDataRoot } from '../data/helpers.js';

const SETTINGS = ['--dataset', 'synthetic', '--train-size', '128', '--test-size', '32', '--epochs', '1', '--seeds', '2', '--workers', '2'] as const;
/** A stack trace line (`    at fn (file:line:col)`), or Node's uncaught-error banner. */
const STACK = /^\s+at .+[:(]|Uncaught|node:internal|EPIPE/m;

let experiment: string;

beforeAll(async () => {
  experiment = join(await tempDir('robust'), 'exp');
  const run = await cli(['reproduce', ...SETTINGS, '--out', experiment]);
  if (run.code !== 0) throw new Error(`reproduce failed with exit ${run.code}:\n${run.stderr}`);
}, 600_000);

afterAll(removeTempDirs);

/** Every file under `dir` with its size and mtime (what "changed" means for the walk). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (path: string): Promise<void> => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      else {
        const info = await lstat(full);
        files.set(full, `${info.size}:${info.mtimeMs}`);
      }
    }
  };
  await walk(dir);
  return files;
}

/** A fresh copy of the experiment beside an untouched sibling folder (which must never change). */
async function copyExperiment(label: string): Promise<{ root: string; dir: string; sibling: string }> {
  const root = await tempDir(label);
  const dir = join(root, 'exp');
  await cp(experiment, dir, { recursive: true });
  const sibling = join(root, 'sibling');
  await mkdir(sibling);
  await writeFile(join(sibling, 'notes.txt'), 'twenty bytes of text');
  return { root, dir, sibling };
}

function expectCleanError(run: CliRun, code: number, names: string, label: string): void {
  expect(run.code, `${label}\n${run.stderr}`).toBe(code);
  expect(run.stderr, label).toContain(names);
  expect(run.stderr, label).not.toMatch(STACK);
  // One line of message (plus the usage hint for exit 1).
  const lines = run.stderr.trim().split('\n').filter((l) => l !== '(add --help for usage and examples)');
  expect(lines, label).toHaveLength(1);
}

/**
 * The damaged-file walk: each damage, each command that reads the damaged file. The run-file cases
 * (the run format of issue 15, merged) check this file's contract (exit 2, the file named, one
 * line, no stack, nothing changed); their exact wording is tested in the run-format tests.
 */
const RUN = join('runs', 'edge32', 'seed-1');
const DAMAGE: Array<{ name: string; file: string; damage: (path: string) => Promise<void>; message: RegExp }> = [
  { name: 'experiment.json invalid JSON', file: 'experiment.json', damage: (p) => writeFile(p, '{\n  "dataset": "synthetic",\n  "variants": [\n'), message: /experiment\.json is not valid JSON \(it ends early/ },
  { name: 'experiment.json wrong shape', file: 'experiment.json', damage: (p) => writeFile(p, '{"dataset": "synthetic", "variants": "edge32", "seeds": [1], "edgeWidth": 2, "command": null}\n'), message: /experiment\.json: 'variants' must be a non-empty list/ },
  { name: 'experiment.json empty', file: 'experiment.json', damage: (p) => writeFile(p, ''), message: /experiment\.json is not valid JSON \(the file is empty/ },
  { name: 'experiment.json is a folder', file: 'experiment.json', damage: async (p) => { await rm(p); await mkdir(p); }, message: /experiment\.json is a folder where a file is expected/ },
  { name: 'summary.json = {}', file: 'summary.json', damage: (p) => writeFile(p, '{}\n'), message: /summary\.json is not a summary of this tool \('schemaVersion' is missing, not 1\); rebuild it/ },
  { name: 'summary.json truncated', file: 'summary.json', damage: async (p) => writeFile(p, (await readFile(p, 'utf8')).slice(0, 500)), message: /summary\.json is not valid JSON \(/ },
  { name: 'result.json truncated', file: join(RUN, 'result.json'), damage: async (p) => writeFile(p, (await readFile(p, 'utf8')).slice(0, 40)), message: /result\.json/ },
  { name: 'history.json truncated', file: join(RUN, 'history.json'), damage: async (p) => writeFile(p, (await readFile(p, 'utf8')).slice(0, 40)), message: /history\.json/ },
  { name: 'test-loss-map.json missing', file: join(RUN, 'test-loss-map.json'), damage: (p) => rm(p), message: /test-loss-map\.json/ },
  {
    name: 'test-loss-map.json of the wrong length',
    file: join(RUN, 'test-loss-map.json'),
    damage: async (p) => {
      const map = JSON.parse(await readFile(p, 'utf8')) as { values: unknown[] };
      await writeFile(p, JSON.stringify({ ...map, values: map.values.slice(1) }));
    },
    message: /test-loss-map\.json/,
  },
  {
    name: 'test-loss-map.json with a string',
    file: join(RUN, 'test-loss-map.json'),
    damage: async (p) => {
      const map = JSON.parse(await readFile(p, 'utf8')) as { values: unknown[] };
      await writeFile(p, JSON.stringify({ ...map, values: ['0.5', ...map.values.slice(1)] }));
    },
    message: /test-loss-map\.json/,
  },
  { name: 'config.json invalid JSON', file: join(RUN, 'config.json'), damage: (p) => writeFile(p, '{"variant": "edge32",'), message: /config\.json/ },
];

const RUN_FILES_READ = DAMAGE.filter((d) => d.file.startsWith('runs')).map((d) => d.file);

/** Commands of the walk; `reads` says which files each one reads. */
const COMMANDS: Array<{ argv: (dir: string) => string[]; reads: string[]; writesInto?: boolean }> = [
  { argv: (dir) => ['analyze', dir], reads: ['experiment.json', ...RUN_FILES_READ] },
  { argv: (dir) => ['analyze', dir, '--json'], reads: ['experiment.json', ...RUN_FILES_READ] },
  { argv: (dir) => ['report', dir], reads: ['summary.json'] },
  { argv: (dir) => ['report', dir, '--rebuild'], reads: ['experiment.json', ...RUN_FILES_READ] },
  // reproduce records its command line in experiment.json before it reads the runs: it may change that file, inside its --out.
  { argv: (dir) => ['reproduce', ...SETTINGS, '--no-train', '--out', dir], reads: ['experiment.json', ...RUN_FILES_READ], writesInto: true },
];

describe('every command with every damaged file', () => {
  for (const damage of DAMAGE) {
    for (const command of COMMANDS.filter((c) => c.reads.includes(damage.file))) {
      it(`${damage.name}: ${command.argv('DIR').join(' ')}`, async () => {
        const { root, dir, sibling } = await copyExperiment('damage');
        const target = join(dir, damage.file);
        await damage.damage(target);
        const before = await snapshot(root);
        const run = await cli(command.argv(dir));
        expectCleanError(run, 2, target, damage.name);
        expect(run.stderr).toMatch(damage.message);
        expect(run.stdout).toBe('');
        // Nothing changed (the damaged file stays for the user to inspect), the sibling included; a
        // command that writes into the folder may have rewritten experiment.json there, nothing else.
        const after = await snapshot(root);
        const allowed = command.writesInto === true && damage.file !== 'experiment.json' ? new Set([join(dir, 'experiment.json')]) : new Set<string>();
        expect([...after].filter(([path, print]) => before.get(path) !== print && !allowed.has(path)).map(([path]) => path)).toEqual([]);
        expect([...before.keys()].filter((path) => !after.has(path))).toEqual([]);
        expect(await readFile(join(sibling, 'notes.txt'), 'utf8')).toBe('twenty bytes of text');
      }, 120_000);
    }
  }
});

describe('predict reads a run\'s loss map and config checked', () => {
  it('a loss map of the wrong length, with strings, or invalid JSON: exit 2 naming the file; a damaged config.json for --pad-cost floor too', async () => {
    const { root, dir } = await copyExperiment('predict');
    const run = join(dir, 'runs', 'baseline28', 'seed-1');
    const mapPath = join(run, 'test-loss-map.json');
    const map = JSON.parse(await readFile(mapPath, 'utf8')) as { values: unknown[] };
    const cases: Array<[string, string, RegExp]> = [
      ['wrong length', JSON.stringify({ ...map, values: map.values.slice(1) }), /test-loss-map\.json/],
      ['strings', JSON.stringify({ ...map, values: ['0.1', ...map.values.slice(1)] }), /test-loss-map\.json/],
      ['invalid JSON', '{"height": 28, "values": [0.1,', /test-loss-map\.json/],
    ];
    for (const [label, text, message] of cases) {
      await writeFile(mapPath, text);
      const before = await snapshot(root);
      const result = await cli(['predict', '--from', run, '--pad', '2', '--pad-cost', '0.01']);
      expectCleanError(result, 2, mapPath, label);
      expect(result.stderr, label).toMatch(message);
      expect(await snapshot(root)).toEqual(before);
    }
    await writeFile(mapPath, JSON.stringify(map));
    await writeFile(join(run, 'config.json'), '{"dataset": "cifar", "testSize": 32}');
    const config = await cli(['predict', '--from', run, '--pad', '2']);
    expectCleanError(config, 2, join(run, 'config.json'), 'config');
  }, 120_000);
});

describe('a file where a folder is expected', () => {
  it('--out FILE, analyze FILE, report --out FILE, train --out FILE: exit 2 naming the path', async () => {
    const root = await tempDir('notdir');
    const file = join(root, 'a-file');
    await writeFile(file, 'not a folder');
    const cases: Array<[string[], string]> = [
      [['reproduce', ...SETTINGS, '--out', file], `--out: ${file} is a file, not a folder`],
      [['reproduce', ...SETTINGS, '--out', join(file, 'sub')], `--out: a part of ${join(file, 'sub')} is a file, not a folder`],
      [['analyze', file], `<dir>: ${file} is a file, not a folder`],
      [['report', file], `<dir>: ${file} is a file, not a folder`],
      [['report', experiment, '--out', file], `--out: ${file} is a file, not a folder`],
      [['train', '--variant', 'edge32', '--dataset', 'synthetic', '--out', file], `--out: ${file} is a file, not a folder`],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv);
      expectCleanError(run, 2, message, argv.join(' '));
    }
    expect(await readFile(file, 'utf8')).toBe('not a folder');
  }, 120_000);
});

describe('range checks and options validated before anything is written', () => {
  it('each out-of-range option is a usage error that says why', async () => {
    const run = join(experiment, 'runs', 'baseline28', 'seed-1');
    const cases: Array<[string[], RegExp]> = [
      [['predict', '--from', run, '--pad', '100000'], /--pad must be between 1 and 28, got 100000: a pad wider than the 28-pixel image/],
      [['predict', '--from', run, '--pad', '2', '--pad-cost', '1e308'], /--pad-cost must be a number from 0 to 16\.12.*-ln\(1e-7\) = 16\.12/],
      [['predict', '--from', run, '--pad', '2', '--pad-cost', 'Infinity'], /--pad-cost must be a number from 0 to 16\.12/],
      [['analyze', experiment, '--edge-width', '99'], /--edge-width must be between 1 and 13, got 99: the 28x28 image keeps an interior of 28 - 2 x width pixels, which is empty from 14 on/],
      [['analyze', experiment, '--edge-width', '14'], /--edge-width must be between 1 and 13/],
      [['reproduce', '--edge-width', '14'], /--edge-width must be between 1 and 13/],
      [['reproduce', '--seeds', '100000'], /--seeds asks for 100,000 seeds, 200,000 runs \(2 variant\(s\) x 100,000\).*needs --many-seeds/],
      [['reproduce', '--variants', ''], /--variants names no variant, got ''/],
      [['reproduce', '--variants', ' , '], /--variants names no variant/],
      [['train', '--variant', 'edge32', '--seed', '0'], /--seed must be a positive integer, got '0'/],
      [['train', '--variant', 'edge32', '--seed', '-3'], /--seed must be a positive integer, got '-3'/],
      [['train', '--variant', 'edge32', '--seed', '4294967296'], /--seed must be between 1 and 4294967295/],
      [['reproduce', '--seeds', '0,1'], /--seeds list entries must be positive integers/],
    ];
    for (const [argv, message] of cases) {
      const result = await cli(argv);
      expect(result.code, `${argv.join(' ')}\n${result.stderr}`).toBe(1);
      expect(result.stderr, argv.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(STACK);
      expect(result.stdout).toBe('');
    }
  }, 120_000);

  it('a mistyped --seeds with --no-train is refused and experiment.json is left byte for byte', async () => {
    const { dir } = await copyExperiment('notrain');
    const before = await readFile(join(dir, 'experiment.json'), 'utf8');
    const typo = await cli(['reproduce', ...SETTINGS.filter((s, i, all) => s !== '--seeds' && all[i - 1] !== '--seeds'), '--seeds', '22', '--no-train', '--out', dir]);
    expect(typo.code, typo.stderr).toBe(1);
    expect(typo.stderr).toMatch(/--no-train trains nothing, but baseline28\/seed-3, edge32\/seed-3, baseline28\/seed-4, edge32\/seed-4 and 36 more are neither in .*experiment\.json nor on disk; check --seeds and --variants/);
    expect(await readFile(join(dir, 'experiment.json'), 'utf8')).toBe(before);
    // The same settings that match the directory still work.
    const ok = await cli(['reproduce', ...SETTINGS, '--no-train', '--no-report', '--out', dir]);
    expect(ok.code, ok.stderr).toBe(0);
  }, 120_000);
});

describe('symlinks in the output folder are never followed', () => {
  it('report replaces a symlinked report.html and tables/regions.csv; their targets are untouched', async () => {
    const { dir, sibling } = await copyExperiment('symlink');
    const target = join(sibling, 'notes.txt');
    await rm(join(dir, 'report.html'));
    await symlink(target, join(dir, 'report.html'));
    await rm(join(dir, 'tables', 'regions.csv'));
    await symlink(target, join(dir, 'tables', 'regions.csv'));
    const run = await cli(['report', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(await readFile(target, 'utf8')).toBe('twenty bytes of text');
    expect((await lstat(join(dir, 'report.html'))).isSymbolicLink()).toBe(false);
    expect(await readFile(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect((await lstat(join(dir, 'tables', 'regions.csv'))).isSymbolicLink()).toBe(false);
  }, 120_000);

  it('a symlinked figures/ folder is refused with exit 2; nothing is written through it', async () => {
    const { dir, sibling } = await copyExperiment('symdir');
    await rm(join(dir, 'figures'), { recursive: true });
    await symlink(sibling, join(dir, 'figures'));
    const run = await cli(['report', dir]);
    expectCleanError(run, 2, `${join(dir, 'figures')} is a symlink; the tool never writes through links`, 'figures symlink');
    expect(await readdir(sibling)).toEqual(['notes.txt']);
  }, 120_000);
});

describe('stale temp files', () => {
  it('a crashed writer\'s temp files are removed by the next reproduce into the folder', async () => {
    const { dir } = await copyExperiment('stale');
    // 2^22 + 1: above Linux's largest pid_max, so that writer is surely gone.
    const stale = [join(dir, '.summary.json.4194305.0badf00d.tmp'), join(dir, 'runs', 'edge32', 'seed-1', '.history.json.4194305.12345678.tmp')];
    for (const path of stale) await writeFile(path, 'half a file');
    const run = await cli(['reproduce', ...SETTINGS, '--no-train', '--no-report', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(`removed 2 temp file(s) left by an interrupted earlier run in ${dir}.`);
    for (const path of stale) expect(await stat(path).then(() => true, () => false)).toBe(false);
  }, 120_000);
});

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

describe('data verify', () => {
  // MNIST, not the synthetic set: the synthetic files are also found in the package's own fixtures.
  // Real MNIST from $BOUNDARY_EFFECTS_DATA/mnist (as .ci/run sets it); without it the test fails saying so.
  it('data verify --dataset mnist exits 2 when a file is missing or is a folder', async () => {
    const MNIST_DIR = join(requireRealDataRoot(), 'mnist');
    const absent = MNIST_FILES.filter((f) => !existsSync(join(MNIST_DIR, `${f}.gz`)));
    expect(absent, `MNIST files missing from ${MNIST_DIR}`).toEqual([]);
    const root = await tempDir('verify');
    const data = join(root, 'mnist');
    await mkdir(data);
    for (const f of MNIST_FILES.slice(0, 3)) await symlink(join(MNIST_DIR, `${f}.gz`), join(data, `${f}.gz`));
    const cache = join(root, 'cache');
    await mkdir(cache);
    const env = { BOUNDARY_EFFECTS_DATA: root, XDG_CACHE_HOME: cache };
    const missing = await withEnv(env, () => cli(['data', 'verify', '--dataset', 'mnist', '--data-dir', data], { ...process.env, ...env }));
    expect(missing.code, missing.stderr).toBe(2);
    expect(missing.stdout.match(/^ok /gm)).toHaveLength(3);
    expect(missing.stderr).toMatch(/^error: 1 dataset file\(s\) missing: mnist\/t10k-labels-idx1-ubyte; put the IDX files/);
    await mkdir(join(data, 't10k-labels-idx1-ubyte.gz'));
    const folder = await withEnv(env, () => cli(['data', 'verify', '--dataset', 'mnist', '--data-dir', data], { ...process.env, ...env }));
    expect(folder.code).toBe(2);
    expect(folder.stderr).toContain(join(data, 't10k-labels-idx1-ubyte.gz'));
    expect(folder.stdout).toContain(`${join(data, 't10k-labels-idx1-ubyte.gz')} is a folder, not a file`);
  }, 120_000);
});

/** Whether this machine lets us mount a tmpfs (root in a privileged container); the reason when not. */
function tmpfsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  try {
    const probe = execFileSync('mktemp', ['-d']).toString().trim();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe]);
    execFileSync('rmdir', [probe]);
    return null;
  } catch {
    return 'mount -t tmpfs is not permitted here';
  }
}
const noTmpfs = tmpfsUnavailable();

// 16 MB, filled to leave a few hundred KB: the tiny experiment's four runs need about 3 MB, so a
// 3 MB tmpfs could not hold the rerun that checks everything finishes once space is freed.
describe.skipIf(noTmpfs !== null)(`a full disk (tmpfs)${noTmpfs === null ? '' : `: skipped, ${noTmpfs}`}`, () => {
  let mountPoint: string;
  beforeAll(async () => {
    mountPoint = await tempDir('tmpfs');
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', mountPoint]);
  });
  afterAll(() => {
    execFileSync('umount', [mountPoint]);
  });

  /** Fills the tmpfs until `leaveBytes` are free. */
  async function fill(leaveBytes: number): Promise<void> {
    const free = Number(execFileSync('df', ['-B1', '--output=avail', mountPoint]).toString().trim().split('\n')[1]);
    await writeFile(join(mountPoint, 'filler'), Buffer.alloc(Math.max(0, free - leaveBytes)));
  }

  /** Every temp file of the atomic writer under the mount. */
  async function tempFiles(): Promise<string[]> {
    return [...(await snapshot(mountPoint)).keys()].filter((p) => /\.tmp$/.test(p));
  }

  it('report into a full disk: exit 2 naming the file, no temp file left, no truncated report.html', async () => {
    await rm(join(mountPoint, 'out'), { recursive: true, force: true });
    await fill(200_000);
    const out = join(mountPoint, 'out');
    const run = await cli(['report', experiment, '--out', out]);
    expectCleanError(run, 2, `no space left on the device holding ${join(out, 'report.html')}`, 'report ENOSPC');
    expect(await tempFiles()).toEqual([]);
    expect(await stat(join(out, 'report.html')).then(() => true, () => false)).toBe(false);
    expect(await stat(join(out, LOCK_FILE)).then(() => true, () => false)).toBe(false);
    await rm(join(mountPoint, 'filler'));
  }, 120_000);

  it('reproduce into a full disk: exit 2 naming a file, no temp files left; with space, the rerun finishes', async () => {
    await rm(join(mountPoint, 'out'), { recursive: true, force: true });
    await fill(60_000);
    const out = join(mountPoint, 'out');
    const run = await cli(['reproduce', ...SETTINGS, '--out', out]);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toMatch(/no space left on the device holding \/\S+/);
    expect(run.stderr).not.toMatch(STACK);
    expect(await tempFiles()).toEqual([]);
    await rm(join(mountPoint, 'filler'));
    const rerun = await cli(['reproduce', ...SETTINGS, '--no-report', '--out', out]);
    expect(rerun.code, rerun.stderr).toBe(0);
  }, 300_000);
});

/** Runs the real binary; resolves with its exit code/signal and output once every holder of its pipes is gone. */
function startCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): {
  pid: number;
  output: { stdout: string; stderr: string };
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
} {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...argv], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (d: string) => (output.stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (output.stderr += d));
  // 'close' waits for the pipes, which the workers share (stdio 'inherit'): it fires only when they are gone too.
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  if (child.pid === undefined) throw new Error('could not start the CLI');
  return { pid: child.pid, output, closed };
}

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The pids of a process's children (Linux /proc). */
async function childrenOf(pid: number): Promise<number[]> {
  const text = await readFile(`/proc/${pid}/task/${pid}/children`, 'utf8').catch(() => '');
  return text.trim() === '' ? [] : text.trim().split(/\s+/).map(Number);
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const LONG = ['--dataset', 'synthetic', '--train-size', '512', '--test-size', '32', '--epochs', '40', '--seeds', '1', '--workers', '2', '--no-report'] as const;

describe('signals and the one-writer lock (real processes)', () => {
  it('SIGTERM to the parent alone: workers stop quietly, epochs kept, resume command printed, exit 143; a second reproduce meanwhile exits 1 naming the holder', async () => {
    const out = join(await tempDir('sigterm'), 'exp');
    const first = startCli(['reproduce', ...LONG, '--out', out]);
    await until(() => /seed-1 epoch 1\/40 loss/.test(first.output.stderr), 240_000, 'the first finished epoch');

    // Two writers: the second is refused with who holds the folder, and writes nothing.
    const second = await cli(['reproduce', ...LONG, '--out', out]);
    expect(second.code, second.stderr).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`is in use by process ${first.pid} on \\S+ since \\S+ \\(boundary-effects reproduce`));
    expect(second.stderr).not.toMatch(STACK);

    const workers = await childrenOf(first.pid);
    expect(workers.length).toBeGreaterThan(0);
    process.kill(first.pid, 'SIGTERM');
    const end = await first.closed;
    expect(end.code, first.output.stderr).toBe(143);
    expect(first.output.stderr).toMatch(/^stopped by SIGTERM: \d+ finished run\(s\) kept; (baseline28|edge32)\/seed-1 keeps \d+ of 40 epochs/m);
    expect(first.output.stderr).toContain(`resume with: boundary-effects reproduce ${LONG.join(' ')} --out ${out}`);
    expect(first.output.stderr).not.toMatch(STACK);
    for (const pid of workers) expect(alive(pid), `worker ${pid}`).toBe(false);
    expect(await stat(join(out, LOCK_FILE)).then(() => true, () => false)).toBe(false);
    // Each kept count is on disk: history.json holds at least that many epochs (written before the epoch is reported).
    const kept = [...first.output.stderr.matchAll(/(baseline28|edge32)\/seed-1 keeps (\d+) of 40 epochs/g)].map((m) => ({ variant: m[1], epochs: Number(m[2]) }));
    expect(kept.reduce((sum, k) => sum + k.epochs, 0)).toBeGreaterThanOrEqual(1);
    for (const { variant, epochs } of kept) {
      const history: unknown = JSON.parse(await readFile(join(out, 'runs', variant, 'seed-1', 'history.json'), 'utf8'));
      expect(Array.isArray(history) ? history.length : -1, variant).toBeGreaterThanOrEqual(epochs);
    }
  }, 600_000);

  it('SIGKILL of the parent: workers leave within seconds without a stack trace; the stale lock is taken over', async () => {
    const out = join(await tempDir('sigkill'), 'exp');
    const first = startCli(['reproduce', ...LONG, '--out', out]);
    await until(() => /seed-1 epoch 1\/40 loss/.test(first.output.stderr), 240_000, 'the first finished epoch');
    const workers = await childrenOf(first.pid);
    expect(workers.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    process.kill(first.pid, 'SIGKILL');
    await first.closed; // the workers hold the same pipes: this waits for them too
    await until(() => workers.every((pid) => !alive(pid)), 30_000, 'the orphaned workers to leave');
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    expect(first.output.stderr).not.toMatch(STACK);
    // The lock of the killed parent is stale: the next writer takes it over and says so.
    const next = await cli(['reproduce', ...LONG, '--no-train', '--out', out]);
    expect(next.stderr).toContain(`removed a stale lock of ${out} (process ${first.pid} is gone).`);
  }, 600_000);

  it('a closed pipe (analyze DIR --json | head -1) is a quiet exit 0', async () => {
    // The JSON is far larger than a pipe's 64 KiB buffer, so the writer surely meets the closed pipe.
    const command = `node --import tsx src/cli/main.ts analyze '${experiment}' --json | head -1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const run = spawnSync('bash', ['-c', command], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stdout).toBe('{\n');
    expect(run.stderr.trim()).toBe('status=0');
  }, 240_000);
});
