/**
 * The house of src/ (docs/DESIGN.md, "Rooms and floors"): every top-level folder or file of src/ is a
 * room on a floor, and a room imports only rooms on lower floors; no file imports itself through
 * others (no import circle, `import type` included). The floors are read from docs/DESIGN.md, so the
 * page and the code cannot drift apart: a new room, or an import that runs up, fails here until
 * the page says where it stands.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(__dirname, '../src');
const DESIGN = resolve(__dirname, '../docs/DESIGN.md');

/**
 * Imports that would run up a floor on purpose, each with why (`from -> to`): none. (Running a
 * manifest's ONNX models, whose errors are open-format's, is open-format's `predict-images.ts`;
 * src/onnx only loads the runtime.)
 */
const EXCEPTIONS: Record<string, string> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** The package files a source text imports: `import`, `import type`, `export ... from`, `import('...')`. */
function importsOf(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const specs: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier)) {
      specs.push(node.moduleSpecifier.text);
    }
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] !== undefined && ts.isStringLiteral(node.arguments[0])) {
      specs.push(node.arguments[0].text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specs.filter((s) => s.startsWith('.')).map((s) => resolve(dirname(file), s.replace(/\.js$/, '.ts')));
}

/** The room of a file: its top-level folder under src/, or the file itself. */
const roomOf = (file: string): string => relative(SRC, file).split('/')[0].replace(/\.ts$/, '');

/** `floor N: a, b, c` lines of DESIGN.md's floor table, as room -> floor. */
function floorsIn(page: string): Map<string, number> {
  const floors = new Map<string, number>();
  for (const match of page.matchAll(/^- floor (\d+): (.+)$/gm)) {
    for (const room of match[2].split(',').map((r) => r.trim().replace(/[`/]/g, '').replace(/\.ts$/, ''))) floors.set(room, Number(match[1]));
  }
  return floors;
}

/** Every import cycle among `graph`'s files (Tarjan's strongly connected components of more than one file, or a file importing itself). */
function circles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) ?? 0);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) ?? 0, index.get(w) ?? 0));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      component.push(w);
    }
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Imports that break the floor rule, as `from -> to (file -> file)`. */
function upwardImports(graph: Map<string, string[]>, floors: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    for (const target of targets) {
      const [from, to] = [roomOf(file), roomOf(target)];
      if (from === to || `${from} -> ${to}` in EXCEPTIONS) continue;
      if ((floors.get(from) ?? 0) <= (floors.get(to) ?? 0)) out.push(`${from} -> ${to} (${relative(SRC, file)} -> ${relative(SRC, target)})`);
    }
  }
  return out;
}

describe('the house of src/', () => {
  const graph = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file, readFileSync(file, 'utf8'))]));
  const floors = floorsIn(readFileSync(DESIGN, 'utf8'));

  it('docs/DESIGN.md gives every room of src/ a floor, and names no room that is not there', () => {
    const rooms = [...new Set([...graph.keys()].map(roomOf))].sort();
    expect(rooms.length).toBeGreaterThan(20);
    expect([...floors.keys()].sort()).toEqual(rooms);
  });

  it('a room imports only rooms on lower floors (the exceptions named, with why)', () => {
    expect(upwardImports(graph, floors)).toEqual([]);
    // Each exception is still needed: an import that went away leaves no excuse behind.
    for (const pair of Object.keys(EXCEPTIONS)) {
      const [from, to] = pair.split(' -> ');
      expect([...graph].some(([file, targets]) => roomOf(file) === from && targets.some((t) => roomOf(t) === to)), pair).toBe(true);
    }
  });

  it('no import circle between files', () => {
    expect(circles(graph).map((c) => c.map((f) => relative(SRC, f)))).toEqual([]);
  });

  it('the checks see a circle and an import that runs up (on planted graphs)', () => {
    const a = join(SRC, 'open-format/manifest.ts');
    const b = join(SRC, 'open-format/model-manifest.ts');
    const c = join(SRC, 'json/fields.ts');
    expect(circles(new Map([[a, [b, c]], [b, [a]], [c, []]]))).toEqual([[a, b]]);
    expect(circles(new Map([[c, [c]]]))).toEqual([[c]]);
    expect(upwardImports(new Map([[c, [a]]]), floors)).toEqual(['json -> open-format (json/fields.ts -> open-format/manifest.ts)']);
    expect(floorsIn('- floor 3: `fs/`, `analysis/`\n- floor 1: `errors.ts`\n')).toEqual(new Map([['fs', 3], ['analysis', 3], ['errors', 1]]));
  });
});
