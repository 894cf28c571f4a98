/**
 * The consumer matrix of test/package/consumer.test.ts: which TypeScript, which `module` /
 * `moduleResolution`, which `types`, and how each cell's compile is judged.
 */
import ts from 'typescript';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export type TypeScriptName = 'repository' | 'latest';
export type ModuleSetting = 'nodenext' | 'node16' | 'bundler';
export type TypesSetting = 'default' | '[]';

export interface MatrixCell {
  typescript: TypeScriptName;
  module: ModuleSetting;
  types: TypesSetting;
}

export const MATRIX: MatrixCell[] = (['repository', 'latest'] as const).flatMap((typescript) =>
  (['nodenext', 'node16', 'bundler'] as const).flatMap((module) => (['default', '[]'] as const).map((types) => ({ typescript, module, types }))),
);

export const cellName = (c: MatrixCell): string => `${c.typescript}-${c.module}-${c.types === '[]' ? 'no-types' : 'default-types'}`;

/** The compiler options of a cell: strict, lib checking on (the package's declarations are checked too). */
export function cellOptions(c: MatrixCell, outDir: string | null): Record<string, unknown> {
  const module = c.module === 'bundler' ? { module: 'esnext', moduleResolution: 'bundler' } : { module: c.module, moduleResolution: c.module };
  return {
    strict: true,
    skipLibCheck: false,
    target: 'es2022',
    noEmitOnError: true,
    ...module,
    ...(c.types === '[]' ? { types: [] } : {}),
    ...(outDir === null ? { noEmit: true } : { outDir, rootDir: '.' }),
  };
}

/** One consumer file, the same for the ESM (`esm/`) and the CommonJS (`cjs/`) project; it prints its numbers. */
export const MATRIX_CONSUMER = `import { decomposeGap, type GapDecomposition } from 'boundary-effects/analysis';
import { comparePaired, type PairedComparison } from 'boundary-effects/stats';
import { makeRunConfig, type RunConfig, type ExperimentSummary } from 'boundary-effects';
const g: GapDecomposition = decomposeGap({ map: new Float64Array(784).fill(0.1), size: 28, pad: 0 }, { map: new Float64Array(1024).fill(0.1), size: 32, pad: 2 });
const c: PairedComparison = comparePaired([1, 2, 3], [0, 1, 1]);
const config: RunConfig = makeRunConfig({ variant: 'edge32', seed: 1 });
const summary: ExperimentSummary | null = null;
console.log(JSON.stringify([g.gap, c.meanDifference, config.epochs, summary]));
`;

export interface TscError {
  file: string;
  code: string;
  message: string;
}

/** The `file(line,col): error TSnnnn: message` lines of `tsc --pretty false` output. */
export function tscErrors(output: string): TscError[] {
  return [...output.matchAll(/^(.+?)\(\d+,\d+\): error (TS\d+): (.*)$/gm)].map((m) => ({ file: m[1]!.replace(/\\/g, '/'), code: m[2]!, message: m[3]! }));
}

/**
 * Declarations that need more than the ES library, each with what it misses: every `.d.ts` under
 * `dist` compiled on its own (`noResolve`: neither imports nor reference directives are followed)
 * with `types: []`, so a name only Node's types declare (`NodeJS`, `Buffer`, `AbortSignal`,
 * `node:*` modules) is an error in the file that uses it. Unresolved relative and package imports
 * are not counted (they are resolved in a real compile).
 */
export function declarationsNeedingNode(dist: string): Map<string, string[]> {
  const files = (readdirSync(dist, { recursive: true, encoding: 'utf8' }) as string[]).filter((f) => f.endsWith('.d.ts')).map((f) => join(dist, f));
  const program = ts.createProgram(files, {
    noResolve: true,
    types: [],
    lib: ['lib.es2022.d.ts'],
    noEmit: true,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
  });
  const needs = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (d.code === 2307 && !/'node:/.test(message)) continue; // a relative or package import: not followed here
    const file = d.file === undefined ? '(global)' : relative(dist, d.file.fileName);
    needs.set(file, [...(needs.get(file) ?? []), `TS${d.code} ${message}`]);
  }
  return needs;
}

/** Whether a declaration file references Node's types in a way the consumer's compiler follows. */
export const referencesNodeTypes = (path: string): boolean => /^\/\/\/\s*<reference types="node"/m.test(readFileSync(path, 'utf8'));

/** Runs at most `slots` of the works passed to it at once; the others wait their turn, first come first served. */
export function concurrencyLimit(slots: number): <T>(work: () => Promise<T>) => Promise<T> {
  let free = slots;
  const waiting: Array<() => void> = [];
  return async (work) => {
    if (free > 0) free--;
    else await new Promise<void>((wake) => waiting.push(wake)); // a finishing work hands its slot over
    try {
      return await work();
    } finally {
      const next = waiting.shift();
      if (next === undefined) free++;
      else next();
    }
  };
}
