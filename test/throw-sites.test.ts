import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/cli/exit-codes.js';
import { ArgumentError } from '../src/errors.js';

const SRC = resolve(__dirname, '../src');

/** Files whose throws are not errors of the family, each with why no user meets them. */
const ALLOWED = new Map<string, string>([
  ['json/error-offset.ts', 'the scanner stops by a ScanStop of its own, which it catches itself'],
  ['distributed/processor.ts', "BullMQ's own protocol: Error (retry) or UnrecoverableError, decoded back into the package's error by the coordinator"],
  ['cli/main.ts', 'a stdout/stderr stream error other than EPIPE is Node\'s own, passed on as it came'],
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Whether `type` is, or extends, the class named BoundaryEffectsError declared in src/errors.ts. */
function inFamily(checker: ts.TypeChecker, type: ts.Type): boolean {
  // `null`/`undefined` members are ruled out by the code before the throw (`if (failure !== null)`).
  if (type.isUnion()) return type.types.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null))).every((t) => inFamily(checker, t));
  // An error given extra fields (`Object.assign(error, { outcomes })`).
  if (type.isIntersection()) return type.types.some((t) => inFamily(checker, t));
  const symbol = type.getSymbol();
  if (symbol?.getName() === 'BoundaryEffectsError' && symbol.declarations?.some((d) => d.getSourceFile().fileName === join(SRC, 'errors.ts')) === true) return true;
  if (!(type.flags & ts.TypeFlags.Object) || !((type as ts.ObjectType).objectFlags & ts.ObjectFlags.ClassOrInterface)) {
    // A generic instance (BoundaryEffectsError<'x'>): judge its class.
    const target = (type as ts.TypeReference).target;
    return target !== undefined && target !== type ? inFamily(checker, target) : false;
  }
  return checker.getBaseTypes(type as ts.InterfaceType).some((base) => inFamily(checker, base));
}

/**
 * Every `throw` in `files` whose value is not a BoundaryEffectsError, as `file:line type`. A caught
 * value passed on (`unknown`), and a call that never returns (`never`, it throws inside), are judged
 * where they are thrown first.
 */
function foreignThrows(files: string[]): string[] {
  const program = ts.createProgram(files, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, skipLibCheck: true, noEmit: true, types: ['node'] });
  const checker = program.getTypeChecker();
  const out: string[] = [];
  for (const source of program.getSourceFiles()) {
    if (!files.includes(source.fileName)) continue;
    const name = relative(SRC, source.fileName);
    const visit = (node: ts.Node): void => {
      if (ts.isThrowStatement(node)) {
        const type = checker.getTypeAtLocation(node.expression);
        // A caught value narrowed by `!== null` is `{}`: passed on like `unknown`.
        const passedOn = (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any | ts.TypeFlags.Never)) !== 0 || /^\{\}( \| (undefined|null))*$/.test(checker.typeToString(type));
        if (!passedOn && !inFamily(checker, type) && !ALLOWED.has(name)) {
          out.push(`${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${checker.typeToString(type)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return out;
}

describe('every error the package throws is a BoundaryEffectsError', () => {
  const files = sourceFiles(SRC);

  it('the walk sees the source tree', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('no throw in src/ raises anything else (Error, RangeError, a string)', () => {
    expect(foreignThrows(files)).toEqual([]);
  }, 120_000);

  it('the walk sees each kind of foreign throw (on a planted file)', () => {
    const planted = join(SRC, 'data', 'random.ts');
    const text = ts.sys.readFile(planted) ?? '';
    // Judge a copy of a real module with three foreign throws added.
    const copy = join(SRC, 'data', '.planted-throws.ts');
    ts.sys.writeFile(copy, `${text}\nexport function planted(k: number): void {\n  if (k === 1) throw new Error('a');\n  if (k === 2) throw new RangeError('b');\n  if (k === 3) throw 'c';\n  throw new ArgumentError('d');\n}\n`);
    try {
      expect(foreignThrows([copy]).map((f) => f.replace(/:\d+ /, ' '))).toEqual(['data/.planted-throws.ts Error', 'data/.planted-throws.ts RangeError', 'data/.planted-throws.ts "c"']);
    } finally {
      ts.sys.deleteFile?.(copy);
    }
  }, 60_000);

  it('ArgumentError exits 1, like a bad option', () => {
    expect(exitCodeFor(new ArgumentError('seed must be an integer'))).toBe(1);
  });
});
