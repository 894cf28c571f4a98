/**
 * Every function exported by `boundary-effects/analysis` and `boundary-effects/stats` has a
 * documented signature (`name(` in backticks in the prose of its docs/api-*.md page) and is called
 * in one of the page's ```ts examples, which test/package/consumer.test.ts compiles and runs from
 * the packed package. Error classes are named in the prose; constants are not checked here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as analysis from '../../src/analysis/index.js';
import * as stats from '../../src/stats/index.js';
import { typescriptBlocks } from './doc-examples.js';

const ROOT = resolve(__dirname, '../..');

describe.each([
  ['boundary-effects/analysis', analysis, 'docs/api-analysis.md'],
  ['boundary-effects/stats', stats, 'docs/api-stats.md'],
] as const)('%s', (entry, module, doc) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const examples = typescriptBlocks(text, doc).map((b) => b.code);
  const prose = text.replace(/```[\s\S]*?```/g, '');
  const exported = Object.entries(module).filter(([, v]) => typeof v === 'function');
  const functions = exported.filter(([name]) => /^[a-z]/.test(name)).map(([name]) => name);
  const classes = exported.filter(([name]) => /^[A-Z]/.test(name)).map(([name]) => name);

  it(`${doc} gives every exported function a signature and an example that calls it`, () => {
    expect(functions.length).toBeGreaterThan(20);
    const called = (name: string) => examples.some((code) => new RegExp(`\\b${name}\\(`).test(code) && new RegExp(`import \\{[^}]*\\b${name}\\b[^}]*\\} from '${entry}'`).test(code));
    expect(functions.filter((name) => !prose.includes('`' + name + '('))).toEqual([]);
    expect(functions.filter((name) => !called(name))).toEqual([]);
  });

  it(`${doc} names every exported error class`, () => {
    expect(classes).toContain('BoundaryEffectsError');
    expect(classes.filter((name) => !prose.includes('`' + name + '`'))).toEqual([]);
  });
});
