/**
 * summary.json is read back by a parse function (src/summary/parse-summary.ts), never cast: every
 * field is checked, and the typed document it returns is the file itself, field for field and in
 * the file's order (written again, it gives the same bytes).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failFor } from '../../src/json/fields.js';
import { parseJsonText } from '../../src/json/parse-text.js';
import { BoundaryEffectsError } from '../../src/errors.js';
import { parseSummary } from '../../src/summary/parse-summary.js';

const REPORTS = join(__dirname, '../../reports');

class Problem extends BoundaryEffectsError<'bad-shape'> {
  constructor(message: string) {
    super('Problem', 'bad-shape', message);
  }
}
const fail = failFor((message) => new Problem(message));

function parsed(text: string): unknown {
  const result = parseJsonText(text);
  if (!result.ok) throw new Error(result.where);
  return result.value;
}

/** The committed MNIST summary as plain JSON, to damage one field of. */
const mnist = (): unknown => parsed(readFileSync(join(REPORTS, 'mnist', 'summary.json'), 'utf8'));

/** The object or array holding `path`'s last step. */
function holder(doc: unknown, path: ReadonlyArray<string | number>): object {
  let at: unknown = doc;
  for (const step of path.slice(0, -1)) {
    if (typeof at !== 'object' || at === null) throw new Error(`no ${String(step)} in the document`);
    at = Reflect.get(at, step);
  }
  if (typeof at !== 'object' || at === null) throw new Error(`no ${path.join('.')} in the document`);
  return at;
}
/** `doc` with the field at `path` set to `value` (or deleted, for undefined). */
function damaged(path: ReadonlyArray<string | number>, value: unknown, doc = mnist()): unknown {
  const last = path[path.length - 1];
  if (value === undefined) Reflect.deleteProperty(holder(doc, path), last);
  else Reflect.set(holder(doc, path), last, value);
  return doc;
}
const problemOf = (doc: unknown): string => {
  try {
    parseSummary(doc, fail);
  } catch (error) {
    if (error instanceof Problem) return error.message;
    throw error;
  }
  return 'no problem';
};

describe('parseSummary', () => {
  it.each(['mnist', 'fashion-mnist'])('the committed reports/%s/summary.json is read whole: written again, the same bytes', (name) => {
    const text = readFileSync(join(REPORTS, name, 'summary.json'), 'utf8');
    expect(`${JSON.stringify(parseSummary(parsed(text), fail), null, 2)}\n`).toBe(text);
  });

  it('names the first damaged field, at any depth', () => {
    expect(problemOf({})).toBe("'schemaVersion' is missing, not 1");
    expect(problemOf([])).toBe('the document is not an object');

    expect(problemOf(damaged(['comparisons', 0, 'terms', 1, 'test', 'pT'], '0.01'))).toBe('comparisons[0].terms[1].test.pT is "0.01", expected a finite number');
    expect(problemOf(damaged(['variants', 1, 'regions', 0, 'meanLoss', 'ci95'], [0.1, 0.2, 0.3]))).toBe(
      'variants[1] (edge32).regions[0].meanLoss.ci95 is [0.1,0.2,0.3], expected null or [low, high]',
    );
    expect(problemOf(damaged(['comparisons', 0, 'holmFamily', 0], 'gap:everything'))).toMatch(/^comparisons\[0\]\.holmFamily\[0\] is "gap:everything", expected one of "gap:gap", /);
    expect(problemOf(damaged(['variants', 0, 'testLoss', 'mean'], null))).toBe("variants[0] (baseline28).testLoss has no finite 'mean'");
    expect(problemOf(damaged(['variants', 0, 'samples', 0, 'noisy', 3], 'x'))).toBe('variants[0] (baseline28).samples[0].noisy[3] is "x", expected a finite number');
    expect(problemOf(damaged(['provenance', 'runs', 2, 'seed'], -1))).toBe('provenance.runs[2].seed is -1, expected an integer >= 0');
    expect(problemOf(damaged(['provenance', 'packages', 'vega-lite'], 5))).toBe('provenance.packages.vega-lite is 5, expected a string');
  });

  it('keeps optional fields absent when the file has none (no undefined keys)', () => {
    const doc = damaged(['settings', 'pairing'], undefined, damaged(['comparisons', 0, 'terms', 0, 'pairing'], undefined));
    const summary = parseSummary(doc, fail);
    expect(Object.keys(summary.comparisons[0].terms[0])).toEqual(['term', 'estimate', 'test', 'power']);
    expect(Object.keys(summary.settings)).not.toContain('pairing');
    expect('loss' in summary || 'experiment' in summary).toBe(false);
  });
});
