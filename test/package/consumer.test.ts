/**
 * The package as a user gets it: `npm pack` (whose prepack builds dist/), installed into a fresh
 * project with npm from the registry alone (no overrides there; npm's cache keeps it fast), then
 * used from that project: plain ESM, a strict TypeScript compile under four module resolutions,
 * every TypeScript example of README's "Library" section and docs/api-*.md, and the command line.
 * The optional peer danfojs-node is added last, with the overrides docs/install.md gives users.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_ENTRY, BROWSER_EXAMPLE } from './browser-example.js';
import { docExamples, type DocExample } from './doc-examples.js';
import { diskUse, installDocSizes, installedPackages, readmeSizes } from './doc-sizes.js';
import { forbiddenPackages, moduleGraph } from './module-graph.js';
import { MATRIX, MATRIX_CONSUMER, cellName, concurrencyLimit, cellOptions, declarationsNeedingNode, referencesNodeTypes, tscErrors, type MatrixCell } from './ts-matrix.js';

const ROOT = resolve(__dirname, '../..');
const MINUTES = 60_000;
const TFJS_OR_DANFO = /^(@tensorflow\/.*|danfojs-node)$/;

interface Result {
  stdout: string;
  stderr: string;
  code: number;
}

// npm, when it runs this suite (`npm test`), exports its own settings as npm_* variables; the child
// npm commands must see the consumer project's, so only the cache and registry settings pass.
const env: NodeJS.ProcessEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('npm_') || /^npm_config_(cache|registry|userconfig|.*proxy)$/i.test(k)),
);

function run(command: string, args: string[], cwd: string, timeoutMs = 5 * MINUTES): Promise<Result> {
  return new Promise((done) => {
    execFile(command, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ stdout, stderr: stderr + (error !== null && typeof error.code !== 'number' ? `\n${error.message}` : ''), code });
    });
  });
}

/** Runs and insists on exit code 0, showing the output when not. */
async function ok(command: string, args: string[], cwd: string, timeoutMs?: number): Promise<Result> {
  const r = await run(command, args, cwd, timeoutMs);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${r.code}:\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r;
}

async function timed<T>(label: string, timings: Record<string, number>, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - start) / 1000;
  }
}

/** Where two JSON values differ: structure exactly, numbers within `relative` of each other. */
function mismatches(a: unknown, b: unknown, relative: number, path = '$'): string[] {
  if (typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) ? [] : [`${path}: ${a} vs ${b}`];
  }
  if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) return a.flatMap((v, i) => mismatches(v, b[i], relative, `${path}[${i}]`));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    if (keys.join() !== Object.keys(b).join()) return [`${path}: keys ${keys.join()} vs ${Object.keys(b).join()}`];
    return keys.flatMap((k) => mismatches((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], relative, `${path}.${k}`));
  }
  return Object.is(a, b) ? [] : [`${path}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`];
}

const installedVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

const TSCONFIG_BASE = { strict: true, skipLibCheck: false, target: 'es2022', noEmitOnError: true };

describe('the packed package, installed in a fresh project', () => {
  const timings: Record<string, number> = {};
  const examples = docExamples(ROOT);
  let work = '';
  let app = '';
  let packed: { filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> };
  let pkg = '';
  const tscVersions: Record<string, string> = {};

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'boundary-effects-consumer-'));
    // prepack runs the build, so a clean clone (no dist/) packs a working package.
    const pack = await timed('npm pack (with prepack build)', timings, () => ok('npm', ['pack', '--json', '--pack-destination', work], ROOT, 10 * MINUTES));
    const json: unknown = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('[')));
    if (!Array.isArray(json) || json.length !== 1) throw new Error(`npm pack --json printed ${pack.stdout.slice(0, 200)}`);
    packed = json[0] as typeof packed;
    app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
    // The repository's TypeScript (in npm's cache) and the newest published one beside it under an
    // alias; no @types/node: the package's declarations must bring what they use.
    await timed('npm install (tarball + two TypeScripts)', timings, () =>
      ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename), `typescript@${installedVersion('typescript')}`, 'typescript-latest@npm:typescript@latest'], app, 10 * MINUTES),
    );
    pkg = join(app, 'node_modules', 'boundary-effects');
    // Two projects sharing app/node_modules: cjs/ as `npm init -y` makes it, esm/ with "type": "module".
    mkdirSync(join(app, 'cjs'));
    await ok('npm', ['init', '-y'], join(app, 'cjs'));
    mkdirSync(join(app, 'esm'));
    writeFileSync(join(app, 'esm', 'package.json'), JSON.stringify({ name: 'esm-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
    for (const t of ['typescript', 'typescript-latest']) {
      tscVersions[t] = (await ok('node', [join('node_modules', t, 'bin', 'tsc'), '--version'], app)).stdout.trim();
    }
  }, 20 * MINUTES);

  afterAll(() => {
    console.log(`consumer test: tarball ${packed?.size} B packed, ${packed?.unpackedSize} B unpacked, ${packed?.files.length} files; ${JSON.stringify(tscVersions)}; timings (s) ${JSON.stringify(timings)}`);
    if (work !== '') rmSync(work, { recursive: true, force: true });
  }, 10 * MINUTES); // removing ~700 MB of node_modules on a busy machine

  it('the tarball holds the compiled package and the synthetic fixtures, not the sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/analysis/index.d.ts', 'dist/stats/index.js', 'dist/model-entry.js', 'dist/dataframe/index.js', 'dist/cli/main.js', 'fixtures/synthetic/SHA256SUMS', 'fixtures/synthetic/synthetic-train-images.idx3.gz', 'README.md', 'LICENSE', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|scripts|reports)\/|\.map$|\.tsbuildinfo$/.test(f))).toEqual([]);
  });

  it('the sizes docs/install.md and README quote are within 10 % of this tarball and install', () => {
    const quoted = installDocSizes(readFileSync(join(ROOT, 'docs/install.md'), 'utf8'));
    // The consumer's node_modules without the test's own TypeScripts: what `npm install boundary-effects` gives.
    const testsOwn = (path: string): boolean => /node_modules[/\\](typescript|typescript-latest|@typescript|\.bin|\.package-lock\.json)$/.test(path);
    const MiB = 2 ** 20; // du -h's M
    const measured = {
      packedKb: packed.size / 1000,
      unpackedMb: packed.unpackedSize / 1e6,
      files: packed.files.length,
      nodeModulesMb: diskUse(join(app, 'node_modules'), testsOwn) / MiB,
      packages: installedPackages(join(app, 'node_modules'), testsOwn).length,
      tensorflowMb: diskUse(join(app, 'node_modules', '@tensorflow')) / MiB,
    };
    console.log(`sizes measured: ${JSON.stringify(measured)}`);
    for (const key of Object.keys(quoted) as Array<keyof typeof quoted>) {
      expect(Math.abs(measured[key] - quoted[key]) / quoted[key], `docs/install.md quotes ${key} ${quoted[key]}, measured ${measured[key]}`).toBeLessThanOrEqual(0.1);
    }
    const readme = readmeSizes(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(readme).toEqual({ packedKb: quoted.packedKb, nodeModulesMb: quoted.nodeModulesMb, tensorflowMb: quoted.tensorflowMb });
  });

  it('installs from the registry alone: no overrides, and neither optional peer is installed', () => {
    const manifest: unknown = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
    expect(manifest).not.toHaveProperty('overrides');
    expect(existsSync(join(app, 'node_modules/danfojs-node'))).toBe(false);
    expect(existsSync(join(app, 'node_modules/@tensorflow/tfjs-node'))).toBe(false);
    expect(existsSync(join(pkg, 'dist/cli/main.js'))).toBe(true);
  });

  it('analysis and stats name neither tfjs nor danfojs in their code or declarations; the root declarations do not name tfjs', () => {
    for (const entry of ['analysis/index', 'stats/index']) {
      for (const ext of ['.js', '.d.ts']) {
        expect(forbiddenPackages(moduleGraph([join(pkg, 'dist', entry + ext)]), TFJS_OR_DANFO), `${entry}${ext}`).toEqual({});
      }
    }
    // tfjs-layers' own declarations fail `strict` without skipLibCheck, so the root's must not reach them.
    expect(forbiddenPackages(moduleGraph([join(pkg, 'dist/index.d.ts')]), TFJS_OR_DANFO)).toEqual({});
    expect(forbiddenPackages(moduleGraph([join(pkg, 'dist/index.js')]), /^danfojs-node$/)).toEqual({});
  });

  it('importing /analysis and /stats loads no tfjs or danfojs module at run time', async () => {
    // A resolve hook that refuses tfjs and danfojs: the import fails if anything reaches for them.
    writeFileSync(join(app, 'forbid-hooks.mjs'), `export async function resolve(specifier, context, next) {\n  if (${TFJS_OR_DANFO}.test(specifier)) throw new Error('loaded ' + specifier);\n  return next(specifier, context);\n}\n`);
    writeFileSync(join(app, 'forbid.mjs'), `import { register } from 'node:module';\nregister('./forbid-hooks.mjs', import.meta.url);\n`);
    writeFileSync(join(app, 'pure.mjs'), `import { pixelBce } from 'boundary-effects/analysis';\nimport { holmAdjust } from 'boundary-effects/stats';\nconsole.log(JSON.stringify([pixelBce(0.5, 0.5), holmAdjust([0.01, 0.04, 0.03, 0.005])]));\n`);
    const r = await ok('node', ['--import', './forbid.mjs', 'pure.mjs'], app);
    const [bce, holm] = JSON.parse(r.stdout) as [number, number[]];
    expect(bce).toBeCloseTo(Math.LN2, 12); // -(0.5 ln 0.5 + 0.5 ln 0.5)
    expect(holm.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]); // 4×0.005, 3×0.01, max(2×0.03, 0.03), max(1×0.04, 0.06)
    // The hook does bite: the root entry loads tfjs.
    writeFileSync(join(app, 'root.mjs'), `import 'boundary-effects';\n`);
    const root = await run('node', ['--import', './forbid.mjs', 'root.mjs'], app);
    expect(root.code).not.toBe(0);
    expect(root.stderr).toMatch(/loaded @tensorflow\//);
  });

  it('an ESM script uses all three entry points; absent optional peers give clear errors and wasm', async () => {
    writeFileSync(
      join(app, 'consumer.mjs'),
      `import { decomposeGap } from 'boundary-effects/analysis';
import { comparePaired } from 'boundary-effects/stats';
import { initEngine, makeRunConfig, padImages } from 'boundary-effects';
const gap = decomposeGap({ map: new Float64Array(784).fill(0.1), size: 28, pad: 0 }, { map: new Float64Array(1024).fill(0.1), size: 32, pad: 2 });
const engine = await initEngine();
const native = await initEngine({ backend: 'tensorflow' }).then(() => 'loaded', (e) => e.message);
const frame = await import('boundary-effects/dataframe').then((m) => m.toDataFrame([{ a: 1 }])).then(() => 'made', (e) => [e.name, e.code, e.message]);
console.log(JSON.stringify({
  gap: gap.gap, samePixel: gap.samePixel,
  paired: comparePaired([1, 2, 3], [0, 0, 1]).meanDifference,
  epochs: makeRunConfig({ variant: 'edge32', seed: 1 }).epochs,
  padded: Array.from(padImages(Float32Array.from([1, 2, 3, 4]), 1, 2, 2, { widths: 1, mode: 'edge' })),
  engine: [engine.backend, engine.nativeAvailable], native, frame,
}));
`,
    );
    const r = await ok('node', ['consumer.mjs'], app);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(out.gap).toBeCloseTo(0, 15); // equal losses everywhere: no gap
    expect(out.samePixel).toBeCloseTo(0, 15);
    expect(out.paired).toBeCloseTo(5 / 3, 12); // mean of 1, 2, 2
    expect(out.epochs).toBe(10); // the seed's Keras code trains 10 epochs
    expect(out.padded).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4]); // numpy.pad(mode='edge') of [[1,2],[3,4]]
    expect(out.engine).toEqual(['wasm', false]);
    expect(out.native).toMatch(/'@tensorflow\/tfjs-node' is not installed\. It is an optional peer dependency: 'npm install @tensorflow\/tfjs-node@4\.22\.0'/);
    expect(out.frame).toEqual(['DataFrameError', 'peer-missing', expect.stringMatching(/optional peer dependency 'danfojs-node', which is not installed/)]);
  });

  const strictExamples = examples.filter((e) => !e.needsDanfo);

  it('strict TypeScript (skipLibCheck: false, nodenext) compiles a file importing all three entry points, and every docs example', async () => {
    writeFileSync(
      join(app, 'consumer.ts'),
      `import { decomposeGap, type GapDecomposition } from 'boundary-effects/analysis';
import { comparePaired, type PairedComparison } from 'boundary-effects/stats';
import { makeRunConfig, type RunConfig, type ExperimentSummary } from 'boundary-effects';
const g: GapDecomposition = decomposeGap({ map: new Float64Array(784), size: 28, pad: 0 }, { map: new Float64Array(1024), size: 32, pad: 2 });
const c: PairedComparison = comparePaired([1, 2, 3], [0, 1, 1]);
const config: RunConfig = makeRunConfig({ variant: 'edge32', seed: 1 });
const summary: ExperimentSummary | null = null;
export const out = [g.gap, c.meanDifference, config.epochs, summary];
`,
    );
    mkdirSync(join(app, 'examples'), { recursive: true });
    for (const e of examples) writeFileSync(join(app, 'examples', e.name), e.code);
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...TSCONFIG_BASE, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }, files: ['consumer.ts', ...strictExamples.map((e) => `examples/${e.name}`)] }, null, 2),
    );
    const r = await timed('tsc nodenext (consumer + examples)', timings, () => run('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], app));
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 10 * MINUTES);

  it('`npm init -y` makes a CommonJS project; in it, require() loads every entry point, one instance each', async () => {
    const manifest: unknown = JSON.parse(readFileSync(join(app, 'cjs', 'package.json'), 'utf8'));
    expect(manifest).toHaveProperty('type', 'commonjs');
    writeFileSync(
      join(app, 'cjs', 'require-all.js'),
      `const analysis = require('boundary-effects/analysis');
const stats = require('boundary-effects/stats');
const root = require('boundary-effects');
const model = require('boundary-effects/model');
const dataframe = require('boundary-effects/dataframe');
const frame = dataframe.toDataFrame([{ a: 1 }]).then(() => 'made', (e) => e.code);
Promise.all([frame, import('boundary-effects/analysis')]).then(([frame, imported]) => console.log(JSON.stringify({
  bce: analysis.pixelBce(0.5, 0.5),
  holm: stats.holmAdjust([0.01, 0.04, 0.03, 0.005]),
  sameInstance: root.pixelBce === analysis.pixelBce && root.comparePaired === stats.comparePaired && imported.pixelBce === analysis.pixelBce,
  epochs: root.makeRunConfig({ variant: 'edge32', seed: 1 }).epochs,
  model: typeof model.buildAutoencoder,
  frame,
})));
`,
    );
    const r = await ok('node', ['require-all.js'], join(app, 'cjs'));
    expect(r.stderr).toBe(''); // no ExperimentalWarning, no error
    const out = JSON.parse(r.stdout) as { bce: number; holm: number[]; sameInstance: boolean; epochs: number; model: string; frame: string };
    expect(out.bce).toBeCloseTo(Math.LN2, 12); // -(0.5 ln 0.5 + 0.5 ln 0.5)
    expect(out.holm.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]); // as in the ESM test above, by hand
    expect(out.sameInstance).toBe(true); // one build: require() and import() give the same module objects (no dual-package copy)
    expect(out.epochs).toBe(10);
    expect(out.model).toBe('function');
    expect(out.frame).toBe('peer-missing'); // danfojs-node is not installed
  });

  it('every published declaration that names Node types references them, and @types/node is a dependency', () => {
    const needs = declarationsNeedingNode(join(pkg, 'dist'));
    expect([...needs.keys()]).toContain('cli/io.d.ts'); // CliIo's streams are NodeJS.WritableStream: the check sees Node names
    expect([...needs].filter(([file]) => !referencesNodeTypes(join(pkg, 'dist', file)))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(manifest.dependencies).toHaveProperty('@types/node');
  }, 5 * MINUTES);

  // Two compilers at a time: the two cores CI has (each tsc is mostly single-threaded).
  describe.concurrent('the TypeScript matrix: the same file in an ESM and a CommonJS project', () => {
    const limited = concurrencyLimit(2);

    beforeAll(() => {
      for (const dir of ['esm', 'cjs']) writeFileSync(join(app, dir, 'consumer.ts'), MATRIX_CONSUMER);
    });

    it.for(MATRIX.map((c) => [cellName(c), c] as [string, MatrixCell]))('%s', { timeout: 30 * MINUTES }, async ([name, cell], { expect }) => {
      // Emit (and run) in one cell per TypeScript: the emitted code does not depend on `types`.
      const emit = cell.module === 'nodenext' && cell.types === 'default';
      const outDir = `out-matrix/${name}`;
      writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions: cellOptions(cell, emit ? outDir : null), files: ['esm/consumer.ts', 'cjs/consumer.ts'] }, null, 2));
      const tsc = join('node_modules', cell.typescript === 'repository' ? 'typescript' : 'typescript-latest', 'bin', 'tsc');
      const r = await limited(() => timed(`tsc ${name}`, timings, () => run('node', [tsc, '-p', `tsconfig.${name}.json`, '--pretty', 'false'], app)));
      const errors = tscErrors(r.stdout + r.stderr);
      if (cell.module === 'node16') {
        // node16 cannot require an ES module: TypeScript refuses each import of the CommonJS file at
        // compile time (TS1479, the fix is in docs/install.md), and nothing else.
        expect(errors.map((e) => [e.file, e.code])).toEqual([0, 1, 2].map(() => ['cjs/consumer.ts', 'TS1479']));
      } else {
        expect(r.stdout + r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
      if (!emit) return;
      for (const [dir, type] of [['esm', 'module'], ['cjs', 'commonjs']] as const) {
        writeFileSync(join(app, outDir, dir, 'package.json'), JSON.stringify({ type }));
        const out = await ok('node', [join(outDir, dir, 'consumer.js')], app);
        expect(out.stderr, dir).toBe('');
        const [gap, meanDifference, epochs, summary] = JSON.parse(out.stdout) as [number, number, number, null];
        expect(gap, dir).toBeCloseTo(0, 15); // 0.1 everywhere in both maps
        expect(meanDifference, dir).toBeCloseTo(4 / 3, 12); // differences 1, 1, 2
        expect([epochs, summary], dir).toEqual([10, null]);
      }
    });
  });

  it('/analysis and /stats bundled by esbuild for the browser (no Node built-ins, no tfjs) give Node\'s numbers in Chromium', async () => {
    const dir = join(app, 'browser');
    mkdirSync(dir);
    writeFileSync(join(dir, 'example.mjs'), BROWSER_EXAMPLE);
    writeFileSync(join(dir, 'entry.mjs'), BROWSER_ENTRY);
    const node = await ok('node', ['--input-type=module', '-e', `import('./browser/example.mjs').then((m) => console.log(JSON.stringify(m.compute())))`], app);
    // platform 'browser' fails the build on any import of a Node built-in (node:fs, path, ...).
    const bundle = await timed('esbuild browser bundle', timings, () =>
      build({ entryPoints: [join(dir, 'entry.mjs')], absWorkingDir: app, bundle: true, platform: 'browser', format: 'iife', target: 'es2022', write: false, metafile: true, logLevel: 'silent' }),
    );
    expect(bundle.errors).toEqual([]);
    expect(bundle.warnings).toEqual([]);
    const inputs = Object.keys(bundle.metafile.inputs);
    expect(inputs.some((f) => f.includes('boundary-effects/dist/stats/'))).toBe(true);
    expect(inputs.filter((f) => /@tensorflow|danfojs|vega|node_modules\/(fs|path|os|crypto)\//.test(f))).toEqual([]);
    const script = bundle.outputFiles[0]!.text;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(e.message));
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      await page.route('**/*', (route) => route.abort()); // nothing may be fetched
      await page.setContent('<!doctype html><title>boundary-effects in the browser</title>');
      await page.addScriptTag({ content: script });
      const inBrowser = await page.evaluate(() => (globalThis as { __boundaryEffectsResult?: string }).__boundaryEffectsResult);
      expect(problems).toEqual([]);
      const fromNode = JSON.parse(node.stdout) as { holm: number[] };
      expect(fromNode.holm.map((p) => Number(p.toFixed(12)))).toEqual([0.03, 0.06, 0.06, 0.02]); // by hand, as above
      // The same float64 arithmetic; Chromium's V8 may differ from Node's in the last bit of a Math
      // function (tTestPower's noncentral t differed by 1 ulp), so numbers agree to 1e-12 relative.
      expect(mismatches(JSON.parse(inBrowser ?? 'null'), fromNode, 1e-12)).toEqual([]);
      console.log(`browser bundle: ${script.length} B, ${inputs.length} modules`);
    } finally {
      await browser.close();
    }
  }, 10 * MINUTES);

  it('legacy moduleResolution node10 finds /analysis and /stats (typesVersions), not the root (vega-lite has no node10 types)', async () => {
    writeFileSync(
      join(app, 'legacy.ts'),
      `import { pixelBce } from 'boundary-effects/analysis';\nimport { holmAdjust } from 'boundary-effects/stats';\nexport const out: [number, Array<number | null>] = [pixelBce(1, 0.5), holmAdjust([0.01])];\n`,
    );
    writeFileSync(join(app, 'tsconfig.node10.json'), JSON.stringify({ compilerOptions: { ...TSCONFIG_BASE, module: 'esnext', moduleResolution: 'node10', noEmit: true }, files: ['legacy.ts'] }));
    const r = await timed('tsc node10', timings, () => run('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.node10.json'], app));
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  }, 10 * MINUTES);

  it.each(strictExamples.map((e) => [e.where, e] as [string, DocExample]))('the example at %s runs as written', async (_where, example) => {
    const r = await run('node', [join('out', 'examples', example.name.replace(/\.ts$/, '.js'))], app);
    expect(r.code, `${example.where}: ${r.stderr.slice(-2000)}`).toBe(0);
    // Training progress goes to stderr; warnings and errors must not.
    expect(r.stderr, example.where).not.toMatch(/warning|error/i);
  }, 10 * MINUTES);

  it('npx boundary-effects reproduce --dataset synthetic --quick writes a report', async () => {
    const out = join(work, 'reproduce');
    // --quick cut to one seed and one epoch of 300 images: the pipeline, not the numbers, is under test here.
    const r = await timed('npx boundary-effects reproduce', timings, () =>
      run('npx', ['--no-install', 'boundary-effects', 'reproduce', '--dataset', 'synthetic', '--quick', '--seeds', '1', '--epochs', '1', '--train-size', '300', '--test-size', '100', '--workers', '1', '--out', out], app),
    );
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/i);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  }, 10 * MINUTES);

  describe('with the optional peer danfojs-node, installed as docs/install.md says', () => {
    const danfoExamples = examples.filter((e) => e.needsDanfo);

    beforeAll(async () => {
      // The overrides are the JSON block of docs/install.md, so the instructions are what is tested.
      const install = readFileSync(join(ROOT, 'docs/install.md'), 'utf8');
      const block = /```json\n([\s\S]*?)```/.exec(install);
      if (block === null) throw new Error('docs/install.md has no ```json block with the overrides');
      const { overrides } = JSON.parse(block[1]!) as { overrides: Record<string, unknown> };
      const manifest = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as Record<string, unknown>;
      writeFileSync(join(app, 'package.json'), JSON.stringify({ ...manifest, overrides }, null, 2));
      await timed('npm install danfojs-node (with the documented overrides)', timings, () =>
        ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', 'danfojs-node@1.2.0'], app, 10 * MINUTES),
      );
    }, 15 * MINUTES);

    it('the DataFrame examples and a boundary-effects/model file compile (skipLibCheck: true, as documented) and run', async () => {
      expect(danfoExamples.length).toBeGreaterThan(0);
      writeFileSync(
        join(app, 'model.ts'),
        `import { createRng } from 'boundary-effects';
import { buildAutoencoder, countParameters, initEngine } from 'boundary-effects/model';
await initEngine({ backend: 'cpu' });
console.log(countParameters(buildAutoencoder(32, createRng(1))));
`,
      );
      writeFileSync(
        join(app, 'tsconfig.peers.json'),
        JSON.stringify({ compilerOptions: { ...TSCONFIG_BASE, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }, files: ['model.ts', ...danfoExamples.map((e) => `examples/${e.name}`)] }),
      );
      const tsc = await timed('tsc peers (dataframe examples + model)', timings, () => run('node', ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.peers.json'], app));
      expect(tsc.stdout + tsc.stderr).toBe('');
      const model = await ok('node', ['out/model.js'], app);
      expect(model.stdout.trim()).toBe('28353'); // the seed's Keras model.summary(): 28,353 parameters
      for (const e of danfoExamples) {
        const r = await run('node', [join('out', 'examples', e.name.replace(/\.ts$/, '.js'))], app);
        expect(r.code, `${e.where}: ${r.stderr.slice(-2000)}`).toBe(0);
        expect(r.stdout, e.where).toMatch(/edge32/); // the printed frame
      }
    }, 10 * MINUTES);
  });
});
