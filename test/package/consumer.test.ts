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
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docExamples, type DocExample } from './doc-examples.js';
import { forbiddenPackages, moduleGraph } from './module-graph.js';

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
    // TypeScript and Node's types at the versions this repository uses, so npm finds them in its cache.
    await timed('npm install (tarball + typescript + @types/node)', timings, () =>
      ok('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, packed.filename), `typescript@${installedVersion('typescript')}`, `@types/node@${installedVersion('@types/node')}`], app, 10 * MINUTES),
    );
    pkg = join(app, 'node_modules', 'boundary-effects');
  }, 20 * MINUTES);

  afterAll(() => {
    console.log(`consumer test: tarball ${packed?.size} B packed, ${packed?.unpackedSize} B unpacked; timings (s) ${JSON.stringify(timings)}`);
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('the tarball holds the compiled package and the synthetic fixtures, not the sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const f of ['dist/index.js', 'dist/index.d.ts', 'dist/analysis/index.d.ts', 'dist/stats/index.js', 'dist/model-entry.js', 'dist/dataframe/index.js', 'dist/cli/main.js', 'fixtures/synthetic/SHA256SUMS', 'fixtures/synthetic/synthetic-train-images.idx3.gz', 'README.md', 'LICENSE', 'package.json']) {
      expect(files).toContain(f);
    }
    expect(files.filter((f) => /^(src|test|scripts|reports)\/|\.map$|\.tsbuildinfo$/.test(f))).toEqual([]);
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

  it.each([
    ['node16', { module: 'node16', moduleResolution: 'node16' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('the same file compiles with moduleResolution %s', async (label, options) => {
    writeFileSync(join(app, `tsconfig.${label}.json`), JSON.stringify({ compilerOptions: { ...TSCONFIG_BASE, ...options, noEmit: true }, files: ['consumer.ts'] }));
    const r = await timed(`tsc ${label}`, timings, () => run('node', ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${label}.json`], app));
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
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
