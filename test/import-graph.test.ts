import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { forbiddenPackages, moduleGraph } from './package/module-graph.js';

const SRC = resolve(__dirname, '../src');

/** Relative modules a source file imports as values (`import type` and `export type` are erased). */
function valueImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(?!type\s)([^;]*?)\s+from\s+'(\.[^']+)'/gms)) {
    const names = m[1]!;
    // `import { type A, type B }` is erased too.
    if (/^\{[^}]*\}$/s.test(names.trim()) && names.replace(/[{}\s]/g, '').split(',').filter(Boolean).every((n) => n.startsWith('type'))) continue;
    specs.push(m[2]!);
  }
  for (const m of text.matchAll(/^import\s+'(\.[^']+)'/gm)) specs.push(m[1]!);
  return specs.map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** Every source file a module loads at run time, itself included. */
function loadedFiles(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...valueImports(file));
  }
  return seen;
}

describe('import graph', () => {
  const tfModule = join(SRC, 'engine/tf.ts');

  it('the training code does load tfjs (the check can see it)', () => {
    expect(loadedFiles(join(SRC, 'train/run.ts')).has(tfModule)).toBe(true);
  });

  // Summaries, reports and analysis read finished runs; loading tfjs for them doubled `report`'s start-up.
  it.each(['summary/build.ts', 'summary/index.ts', 'run-format/index.ts', 'specs/seed-question.ts', 'reproduce/summarize-experiment.ts', 'report/index.ts', 'findings/index.ts', 'analysis/index.ts', 'stats/index.ts', 'open-format/index.ts'])('%s does not load tfjs', (entry) => {
    expect([...loadedFiles(join(SRC, entry))].filter((f) => f === tfModule || f.includes('/engine/'))).toEqual([]);
  });

  // The summary reads runs through the run format only; train writes through it.
  it.each(['summary/index.ts', 'run-format/index.ts'])('%s loads nothing from src/train', (entry) => {
    expect([...loadedFiles(join(SRC, entry))].filter((f) => f.includes('/train/'))).toEqual([]);
  });

  it.each(['analysis/index.ts', 'stats/index.ts', 'findings/index.ts'])('%s imports no tfjs or danfojs package, even lazily', (entry) => {
    const named = [...loadedFiles(join(SRC, entry))].filter((f) => /from '(@tensorflow\/|danfojs-node)|import\('(@tensorflow\/|danfojs-node)/.test(readFileSync(f, 'utf8')));
    expect(named).toEqual([]);
  });
});

describe('declarations of the tfjs-free entry points', () => {
  // What tsc emits for src/analysis and src/stats (in memory: only the files they reach are
  // compiled), walked like a consumer's TypeScript walks them. A `.d.ts` naming tfjs or danfojs would
  // make users without them (or with skipLibCheck: false) fail to compile.
  const emitted = new Map<string, string>();
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: SRC,
    outDir: '/emitted',
    types: ['node'],
  };
  const entries = ['analysis/index.ts', 'stats/index.ts'].map((e) => join(SRC, e));
  const program = ts.createProgram(entries, options);
  const result = program.emit(undefined, (file, text) => emitted.set(resolve(file), text));

  it('emit without errors', () => {
    expect(result.emitSkipped).toBe(false);
    expect(ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  });

  it.each(['analysis/index.d.ts', 'stats/index.d.ts'])('%s names neither tfjs nor danfojs', (entry) => {
    const graph = moduleGraph([resolve('/emitted', entry)], (path) => emitted.get(path));
    expect(graph.files.size).toBeGreaterThan(3);
    expect(forbiddenPackages(graph, /^(@tensorflow\/.*|danfojs-node)$/)).toEqual({});
  });
});
