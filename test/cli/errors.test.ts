/**
 * The command line's error paths and exit codes (1 usage, 2 data), its help texts, `data verify`,
 * and the real binary (src/cli/main.ts) run as a subprocess. Nothing here trains a model.
 */
import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, cliProcess, removeTempDirs, REPO_ROOT, SYNTHETIC_DIR, tempDir, withEnv } from './helpers.js';

afterAll(removeTempDirs);

const HINT = '(add --help for usage and examples)';

/** The four `<sha256>  <file>` lines of the fixtures' SHA256SUMS. */
async function pinnedSums(): Promise<Array<{ sha: string; file: string }>> {
  const text = await readFile(join(SYNTHETIC_DIR, 'SHA256SUMS'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [sha, file] = line.trim().split(/\s+/);
      return { sha, file };
    });
}

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);

describe('usage errors exit 1 with a message and the help hint', () => {
  it('an unknown variant lists the valid forms', async () => {
    const out = join(await tempDir('usage'), 'out');
    const run = await cli(['reproduce', '--dataset', 'synthetic', '--variants', 'baseline28,edge31', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: unknown variant 'edge31'/);
    expect(run.stderr).toContain("valid forms: 'baseline28'");
    expect(run.stderr).toMatch(/edge, zero, reflect, symmetric, wrap/);
    expect(run.stderr).toContain(HINT);
    expect(await exists(out)).toBe(false);
  });

  it('bad option values name the option', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['reproduce', '--seeds', '0'], /--seeds must be a positive integer, got '0'/],
      [['reproduce', '--seeds', '1,1'], /--seeds has a repeated seed/],
      [['reproduce', '--epochs', 'ten'], /--epochs must be a positive integer, got 'ten'/],
      [['reproduce', '--noise', '-1'], /--noise must be a positive number/],
      [['reproduce', '--dataset', 'cifar'], /argument 'cifar' is invalid.*Allowed choices are mnist, fashion-mnist, synthetic/],
      [['predict', '--from', '/nonexistent/run', '--pad', '2', '--pad-cost', '0'], /result\.json is missing: --from needs a finished run directory/],
      [['train', '--seed', '1'], /required option '--variant <name>' not specified/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toMatch(message);
      expect(run.stderr, argv.join(' ')).toContain(HINT);
    }
  });

  it('an unknown option or command is a usage error', async () => {
    const option = await cli(['reproduce', '--bogus']);
    expect(option.code).toBe(1);
    expect(option.stderr).toContain("error: unknown option '--bogus'");
    expect(option.stderr).toContain(HINT);
    const command = await cli(['frobnicate']);
    expect(command.code).toBe(1);
    expect(command.stderr).toContain("error: unknown command 'frobnicate'");
  });

  it('analyze and report of a directory without finished runs say both kinds of folder to pass (exit 1)', async () => {
    const empty = await tempDir('norun');
    for (const argv of [['analyze', empty], ['analyze', empty, '--json'], ['report', empty]]) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(1);
      expect(run.stderr, argv.join(' ')).toMatch(/has no finished runs .*pass the --out directory of 'boundary-effects reproduce'.*or a folder with a manifest\.json/);
      expect(run.stdout).toBe('');
    }
  });

  it('analyze and report of a folder that does not exist: exit 2, "does not exist", both kinds of folder', async () => {
    const missing = join(await tempDir('missing'), 'nothing-here');
    for (const argv of [['analyze', missing], ['analyze', missing, '--json'], ['report', missing]]) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toMatch(/nothing-here does not exist; pass an experiment folder: the --out of 'boundary-effects reproduce', or a folder with a manifest\.json/);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    }
  });
});

describe('--help', () => {
  const commands = [['reproduce'], ['train'], ['analyze'], ['report'], ['predict'], ['ablate'], ['bench'], ['data'], ['data', 'verify']];
  it.each(commands.map((c) => [c.join(' '), c] as const))('%s --help exits 0 with usage and examples', async (_name, command) => {
    const run = await cli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: boundary-effects ${command.join(' ')}`);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain(`$ boundary-effects ${command[command.length - 1] === 'data' ? 'data' : command.join(' ')}`);
    expect(run.stderr).toBe('');
  });

  it.each(['analyze', 'report'])('%s --help describes both kinds of folder, with an example of each', async (command) => {
    const run = await cli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout.replace(/\s+/g, " ")).toMatch(/the --out of reproduce, or a folder with a manifest\.json/);
    expect(run.stdout).toContain(`$ boundary-effects ${command} reports/mnist`);
    expect(run.stdout).toContain(`$ boundary-effects ${command} my-pytorch-experiment`);
  });

  it('the program help lists every command and the exit codes', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const name of ['reproduce', 'train', 'analyze', 'report', 'predict', 'ablate', 'bench', 'data']) expect(run.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(run.stdout).toContain('Exit codes: 0 success, 1 usage error (also: output folder in use), 2 data or files error, 3 training failure, 4 Redis unreachable (--redis), 130/143 stopped by SIGINT/SIGTERM');
  });
});

describe('data verify and data errors (exit 2)', () => {
  it('data verify --dataset synthetic prints the four pinned sums', async () => {
    const run = await cli(['data', 'verify', '--dataset', 'synthetic']);
    expect(run.code, run.stderr).toBe(0);
    const sums = await pinnedSums();
    expect(sums).toHaveLength(4);
    for (const { sha, file } of sums) {
      expect(run.stdout).toMatch(new RegExp(`^ok +${sha}  \\S*${file}(\\.gz)?$`, 'm'));
    }
    expect(run.stdout.trim().split('\n')).toHaveLength(4);
  });

  it('a corrupted file (one byte flipped in a decompressed copy) exits 2 and names the file', async () => {
    const dir = await tempDir('flipped');
    await cp(SYNTHETIC_DIR, dir, { recursive: true });
    const name = 'synthetic-test-labels.idx1';
    const bytes = gunzipSync(await readFile(join(dir, `${name}.gz`)));
    bytes[20] ^= 0x01;
    await writeFile(join(dir, name), bytes); // the raw file is preferred over the .gz
    const run = await cli(['data', 'verify', '--dataset', 'synthetic', '--data-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(new RegExp(`^BAD +[0-9a-f]{64}  ${join(dir, name).replace(/[.]/g, '\\.')}  \\(expected `, 'm'));
    expect(run.stdout.match(/^ok /gm)).toHaveLength(3);
    expect(run.stderr).toMatch(new RegExp(`error: 1 dataset file\\(s\\) failed verification: \\S*${name};`));
    expect(run.stderr).toContain('replace them with good copies');

    // reproduce checks the data before it writes or trains anything.
    const out = join(dir, 'out');
    const reproduce = await cli(['reproduce', '--dataset', 'synthetic', '--data-dir', dir, '--seeds', '1', '--out', out]);
    expect(reproduce.code).toBe(2);
    expect(reproduce.stderr).toMatch(new RegExp(`error: ${name} \\(${join(dir, name).replace(/[.]/g, '\\.')}\\): .*SHA-256`));
    expect(reproduce.stderr).toContain("Replace the file with a good copy ('boundary-effects data verify' lists every file).");
    expect(reproduce.stderr).not.toContain('..');
    expect(await exists(out)).toBe(false);
  });

  it('a truncated gzip exits 2 and names the file', async () => {
    const dir = await tempDir('truncated');
    await cp(SYNTHETIC_DIR, dir, { recursive: true });
    const path = join(dir, 'synthetic-train-images.idx3.gz');
    await writeFile(path, (await readFile(path)).subarray(0, 100));
    const run = await cli(['data', 'verify', '--dataset', 'synthetic', '--data-dir', dir]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain(`BAD      ?  ${path}`);
    expect(run.stdout).toMatch(/gzip data is corrupt or cut short/);
    expect(run.stderr).toContain(`failed verification: ${path};`);
  });

  it('missing MNIST files exit 2 quickly with where to put them', async () => {
    const root = await tempDir('nodata');
    const empty = join(root, 'data');
    const cache = join(root, 'cache');
    await mkdir(empty);
    await mkdir(cache);
    const env = { BOUNDARY_EFFECTS_DATA: empty, XDG_CACHE_HOME: cache };
    const out = join(root, 'out');
    const run = await withEnv(env, () => cli(['reproduce', '--dataset', 'mnist', '--data-dir', empty, '--out', out], { ...process.env, ...env }));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/error: MNIST file \S+ \(raw or \.gz\) was not found\. Looked in, in order:/);
    expect(run.stderr).toContain(`option dir (--data-dir) ${empty}`);
    expect(run.stderr).toContain(`$BOUNDARY_EFFECTS_DATA/mnist = ${join(empty, 'mnist')}`);
    expect(run.stderr).toContain(`user cache ${join(cache, 'boundary-effects', 'mnist')}`);
    expect(run.stderr).toContain('train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte');
    expect(run.stderr).toMatch(/set BOUNDARY_EFFECTS_DATA=<root>, or pass --data-dir <dir>/);
    expect(run.stderr).not.toContain(HINT);
    expect(run.seconds).toBeLessThan(30);
    expect(await exists(out)).toBe(false);
    // Nothing was downloaded into the cache.
    expect(await readdir(cache)).toEqual([]);

    const verify = await withEnv(env, () => cli(['data', 'verify', '--dataset', 'mnist'], { ...process.env, ...env }));
    expect(verify.code).toBe(2);
    expect(verify.stdout.match(/^missing  mnist\//gm)).toHaveLength(4);
    expect(verify.stderr).toMatch(/no dataset files found; put the IDX files in \$BOUNDARY_EFFECTS_DATA\/<dataset>\/ or pass --data-dir/);
  });
});

describe('the real binary', () => {
  it('node --import tsx src/cli/main.ts sets the process exit code', async () => {
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const version = await cliProcess(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);

    const verify = await cliProcess(['data', 'verify', '--dataset', 'synthetic']);
    expect(verify.code, verify.stderr).toBe(0);
    expect(verify.stdout.match(/^ok /gm)).toHaveLength(4);

    const usage = await cliProcess(['reproduce', '--variants', 'edge31']);
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain("unknown variant 'edge31'");
    expect(usage.stdout).toBe('');
  });
});

describe('report without the PDF figures\' font (exit 2)', () => {
  it('stops before writing, says what to install, and --no-pdf writes the rest', async () => {
    const dir = await tempDir('nofont');
    await cp(join(REPO_ROOT, 'reports', 'fashion-mnist', 'summary.json'), join(dir, 'summary.json'));
    const noFonts = await tempDir('nofont-fonts');
    const env = { ...process.env, BOUNDARY_EFFECTS_FONT_DIR: noFonts };
    const run = await cli(['report', dir], env);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: the PDF figures embed the font Liberation Sans, .*apt-get install fonts-liberation.*--no-pdf/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace for a missing package
    expect(await readdir(dir)).toEqual(['summary.json']);
    const skipped = await cli(['report', dir, '--no-pdf'], env);
    expect(skipped.code).toBe(0);
    const figures = await readdir(join(dir, 'figures'));
    expect(figures.filter((f) => f.endsWith('.svg')).length).toBeGreaterThan(5);
    expect(figures.filter((f) => f.endsWith('.pdf'))).toEqual([]);
  });
});
