import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../src/json/parse-text.js';

const SRC = resolve(__dirname, '../src');

/** The one module that calls JSON.parse on outside text, and the one home of the object guard. */
const PARSER = 'json/parse-text.ts';
const GUARD = 'json/fields.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** What the rules below find in one source text (`name` is its path under src/), as `name:line what`. */
function findingsIn(name: string, text: string): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
  const out: string[] = [];
  const at = (node: ts.Node, what: string): void => {
    out.push(`${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${what}`);
  };
  const callee = (node: ts.Node): string | null => {
    let inner = node;
    while (ts.isAwaitExpression(inner) || ts.isParenthesizedExpression(inner)) inner = inner.expression;
    return ts.isCallExpression(inner) ? inner.expression.getText(source) : null;
  };
  const visit = (node: ts.Node): void => {
    // JSON.parse on text from outside goes through parseJsonText (a template string's page script is text, not a call).
    if (ts.isCallExpression(node) && node.expression.getText(source) === 'JSON.parse' && name !== PARSER) at(node, 'calls JSON.parse');
    // A local object guard (`v is Record<string, unknown>`) instead of fields.ts's isRecord.
    if (ts.isTypePredicateNode(node) && node.type !== undefined && /^Record<string, unknown>$|^Json$/.test(node.type.getText(source)) && name !== GUARD) at(node, 'declares its own object guard');
    // The value of a JSON reader is checked by a parse function, never cast.
    if (ts.isAsExpression(node) && /^(parseJsonText|parseJsonFile|readJsonIfExists)$/.test(callee(node.expression) ?? '')) at(node, 'casts parsed JSON');
    if (ts.isCallExpression(node) && node.expression.getText(source) === 'readJsonIfExists' && node.typeArguments !== undefined) at(node, 'gives readJsonIfExists a type instead of a parser');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

const findings = (file: string): string[] => findingsIn(relative(SRC, file), readFileSync(file, 'utf8'));

describe('untrusted JSON is read in one way', () => {
  const files = sourceFiles(SRC);

  it('the walk sees the source tree, the parser and the guard', () => {
    const names = files.map((f) => relative(SRC, f));
    expect(names.length).toBeGreaterThan(100);
    expect(names).toContain(PARSER);
    expect(names).toContain(GUARD);
  });

  it('no module but src/json/parse-text.ts calls JSON.parse, declares an object guard or casts parsed JSON', () => {
    expect(files.flatMap(findings)).toEqual([]);
  });

  it('the rules see each kind of breach (on planted text)', () => {
    const text = [
      "const a: unknown = JSON.parse('1');",
      'const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object";',
      "const b = parseJsonFile('1', 'x') as { n: number };",
      "const c = await readJsonIfExists<number>('x.json', (v) => v);",
      "const page = `var specs = JSON.parse(document.body.textContent);`;",
    ].join('\n');
    expect(findingsIn('planted.ts', text)).toEqual([
      'planted.ts:1 calls JSON.parse',
      'planted.ts:2 declares its own object guard',
      'planted.ts:3 casts parsed JSON',
      'planted.ts:4 gives readJsonIfExists a type instead of a parser',
    ]);
    expect(findingsIn(PARSER, text)).toHaveLength(3);
  });
});

describe('parseJsonText', () => {
  it('returns the value, or where the text stops being JSON', () => {
    expect(parseJsonText('{"a": [1, 2]}')).toEqual({ ok: true, value: { a: [1, 2] } });
    // '{' (col 1), '"a"' (2-4), ':' (5), ' ' (6), ']' (7).
    expect(parseJsonText('{"a": ]')).toEqual({ ok: false, where: 'line 1, column 7: unexpected "]"' });
    expect(parseJsonText('  \n')).toEqual({ ok: false, where: 'the file is empty' });
    expect(parseJsonText('{\n"a": [1,\n')).toEqual({ ok: false, where: 'it ends early, at line 3' });
  });
});
