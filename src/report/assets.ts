/**
 * The browser builds of Vega, Vega-Lite, vega-embed and vega-interpreter, read from node_modules at run
 * time (resolved through Node's module resolution), to be inlined into the self-contained report.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BoundaryEffectsError } from '../errors.js';
import { packageJsonFields } from '../json/package-json.js';

/** One inlined library. */
export interface BrowserLibrary {
  name: 'vega' | 'vega-lite' | 'vega-embed' | 'vega-interpreter';
  version: string;
  /** Path of the file read. */
  file: string;
  /** Script source, ready to inline (the interpreter is wrapped to read vega's global). */
  source: string;
}

/** Why the browser builds could not be loaded. */
export class ReportAssetError extends BoundaryEffectsError<'asset'> {
  constructor(message: string) {
    super('ReportAssetError', 'asset', message);
  }
}

const BUILDS: Array<{ name: BrowserLibrary['name']; file: string }> = [
  { name: 'vega', file: 'vega.min.js' },
  { name: 'vega-lite', file: 'vega-lite.min.js' },
  { name: 'vega-embed', file: 'vega-embed.min.js' },
  { name: 'vega-interpreter', file: 'vega-interpreter.js' },
];

let cache: BrowserLibrary[] | null = null;

/**
 * Wraps vega-interpreter's ES module build into a classic script that takes its three vega-util imports
 * from the `vega` global and defines `globalThis.vegaInterpreter`.
 *
 * @example
 * wrapInterpreter("import { ascending, isString, DisallowedObjectProperties } from 'vega-util';\nfunction expression(){}\nexport { expression as expressionInterpreter };");
 */
export function wrapInterpreter(esm: string): string {
  const importRe = /^import\s*\{([^}]*)\}\s*from\s*['"]vega-util['"];?\s*$/m;
  const exportRe = /^export\s*\{\s*(\w+)\s+as\s+expressionInterpreter\s*\};?\s*$/m;
  const imp = importRe.exec(esm);
  const exp = exportRe.exec(esm);
  if (!imp || !exp) throw new ReportAssetError('vega-interpreter build has an unexpected shape (import from vega-util / export expressionInterpreter); update wrapInterpreter.');
  const body = esm.replace(importRe, '').replace(exportRe, '').replace(/^\/\/# sourceMappingURL=.*$/m, '');
  return `(function () {\n'use strict';\nconst {${imp[1]}} = globalThis.vega;\n${body}\nglobalThis.vegaInterpreter = { expressionInterpreter: ${exp[1]} };\n})();\n`;
}

/**
 * Reads (once) the browser builds to inline, in load order: vega, vega-lite, vega-embed, vega-interpreter.
 *
 * @example
 * browserLibraries().map((l) => `${l.name}@${l.version}`); // ['vega@6.4.0', 'vega-lite@6.4.3', ...]
 */
export function browserLibraries(): BrowserLibrary[] {
  if (cache) return cache;
  const require = createRequire(import.meta.url);
  cache = BUILDS.map(({ name, file }) => {
    let entry: string;
    try {
      entry = require.resolve(name);
    } catch {
      throw new ReportAssetError(`cannot resolve the package '${name}'; install the project's dependencies (npm ci).`);
    }
    const buildDir = dirname(entry);
    const path = join(buildDir, file);
    let source: string;
    const packageJson = join(dirname(buildDir), 'package.json');
    let version: string | null;
    try {
      source = readFileSync(path, 'utf8');
      version = packageJsonFields(readFileSync(packageJson, 'utf8')).version;
    } catch (e) {
      throw new ReportAssetError(`cannot read ${path}: ${(e as Error).message}; reinstall '${name}'.`);
    }
    if (version === null) throw new ReportAssetError(`${packageJson} names no version; reinstall '${name}'.`);
    return { name, version, file: path, source: name === 'vega-interpreter' ? wrapInterpreter(source) : source };
  });
  return cache;
}
