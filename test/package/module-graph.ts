import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** What a set of emitted files loads: the files reached, and every package (bare specifier) named on the way. */
export interface ModuleGraph {
  files: Set<string>;
  /** Package specifier -> the files that name it. */
  packages: Map<string, string[]>;
}

// Static `import`/`export ... from`, side-effect `import '...'`, `import('...')` (values and inline
// type references in .d.ts) and `/// <reference types="..." />`. Comments are stripped first so a
// doc comment's example import is not taken for a real one.
const SPECIFIERS = [
  /\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g,
  /^\s*import\s*['"]([^'"]+)['"]/gm,
  /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  /\/\/\/\s*<reference\s+types\s*=\s*['"]([^'"]+)['"]/g,
];

function stripComments(text: string): string {
  const references = text.match(/^\/\/\/\s*<reference[^>]*>/gm) ?? [];
  return references.join('\n') + '\n' + text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"\\])\/\/.*$/gm, '$1');
}

/** The specifiers a module's text names (relative and bare). */
export function specifiersOf(text: string): string[] {
  const code = stripComments(text);
  return SPECIFIERS.flatMap((re) => [...code.matchAll(re)].map((m) => m[1]!));
}

/**
 * Walks emitted files from `entries` (absolute paths of `.js` or `.d.ts` files), following relative
 * specifiers (`./x.js` is `./x.d.ts` from a declaration file) through `read`, a file reader that may
 * serve an in-memory emit; bare specifiers are collected, not followed.
 */
export function moduleGraph(entries: string[], read: (path: string) => string | undefined = readIfExists): ModuleGraph {
  const files = new Set<string>();
  const packages = new Map<string, string[]>();
  const stack = [...entries];
  while (stack.length > 0) {
    const file = stack.pop()!;
    if (files.has(file)) continue;
    const text = read(file);
    if (text === undefined) throw new Error(`module graph: ${file} does not exist (imported by the emitted code)`);
    files.add(file);
    const declaration = file.endsWith('.d.ts');
    for (const spec of specifiersOf(text)) {
      if (spec.startsWith('.')) {
        stack.push(resolve(dirname(file), declaration ? spec.replace(/\.js$/, '.d.ts') : spec));
      } else if (!spec.startsWith('node:')) {
        const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
        packages.set(name, [...(packages.get(name) ?? []), file]);
      }
    }
  }
  return { files, packages };
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
}

/** Packages a graph names that match `forbidden`, each with the files naming it (empty when clean). */
export function forbiddenPackages(graph: ModuleGraph, forbidden: RegExp): Record<string, string[]> {
  return Object.fromEntries([...graph.packages].filter(([name]) => forbidden.test(name)));
}
