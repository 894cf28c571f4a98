// Large experiments: a report draws at most REPORT_LIMITS.variants variants (docs/cli.md#names-and-report-limits).
// 100 variants render; 101 and 10,000 (which overflowed the stack in Vega's compiler) stop with
// exit 2 and one line, before any figure is written. Lists of any length have their extremes
// taken without spreading them onto the stack.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPORT_LIMITS } from '../../src/report/report-limit.js';
import { largest, smallest } from '../../src/stats/extremes.js';
import { summarize } from '../../src/stats/summarize.js';
import { cli } from '../cli/helpers.js';
import { findPython, runPython } from '../open-format/python.js';

const python = findPython(['numpy']);
const root = mkdtempSync(path.join(tmpdir(), 'be-limits-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// argv: folder, number of variants. Loss maps of 3x3 (v0) and 5x5 pixels (a constant pad of 1), two seeds.
const WRITE = String.raw`
import json, os, sys
d, n = sys.argv[1], int(sys.argv[2])
os.makedirs(d, exist_ok=True)
rng = np.random.default_rng(1)
variants = []
for k in range(n):
    p = 0 if k == 0 else 1
    runs = []
    for seed in (1, 2):
        f = 'v%d-s%d.npy' % (k, seed)
        np.save(os.path.join(d, f), rng.uniform(0, 1, (3 + 2 * p, 3 + 2 * p)))
        runs.append(dict(seed=seed, files=dict(lossMap=f)))
    v = dict(id='v%d' % k, height=3 + 2 * p, width=3 + 2 * p, pads=dict(top=p, bottom=p, left=p, right=p), runs=runs)
    if p: v['padMode'] = 'constant'
    variants.append(v)
json.dump(dict(format='boundary-effects/open-experiment', version=1, question='Many?', dataset=dict(name='toy'), loss='l1', edgeWidth=1,
    reference='v0', variants=variants, comparisons=[dict(a='v0', b='v1')]), open(os.path.join(d, 'manifest.json'), 'w'))
`;

/**
 * A folder holding only a summary.json: `summary` with its variants repeated to `variants` (new
 * names), or its first comparison repeated to `comparisons`.
 */
function summaryWith(summaryText: string, counts: { variants?: number; comparisons?: number }, name: string): string {
  const parsed: unknown = JSON.parse(summaryText);
  if (parsed === null || typeof parsed !== 'object' || !('variants' in parsed) || !Array.isArray(parsed.variants) || !('comparisons' in parsed) || !Array.isArray(parsed.comparisons)) {
    throw new Error('not a summary');
  }
  const variants: unknown[] = parsed.variants;
  const comparisons: unknown[] = parsed.comparisons;
  const more = Array.from({ length: counts.variants ?? variants.length }, (_, i) => {
    const v: unknown = variants[Math.min(i, variants.length - 1)];
    return i < variants.length || v === null || typeof v !== 'object' ? v : { ...v, variant: `extra${i}` };
  });
  const compared = Array.from({ length: counts.comparisons ?? comparisons.length }, (_, i) => comparisons[Math.min(i, comparisons.length - 1)]);
  const dir = path.join(root, name);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'summary.json'), JSON.stringify({ ...parsed, variants: more, comparisons: compared }));
  return dir;
}

describe('extremes of long lists', () => {
  it('largest/smallest and summarize take a million values (Math.max(...values) overflows the stack there)', () => {
    const values = Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 1_000_003);
    expect(largest(values)).toBe(1_000_002);
    expect(smallest(values)).toBe(0);
    expect([largest([]), smallest([]), largest([], 0)]).toEqual([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0]);
    expect(largest([1, Number.NaN, 2])).toBeNaN();
    const s = summarize(values);
    expect([s.min, s.max, s.n]).toEqual([0, 1_000_002, 1_000_000]);
  });
});

describe('reproduce asking for more variants than a report draws', () => {
  it('stops with exit 1 before anything is written, unless --no-report', async () => {
    const names = ['edge', 'zero', 'reflect', 'symmetric', 'wrap'].flatMap((mode) => Array.from({ length: 14 }, (_, i) => `${mode}${32 + 4 * i}`));
    const variants = [...names, ...names.map((n) => `${n}-masked`)].slice(0, REPORT_LIMITS.variants + 1);
    const out = path.join(root, 'reproduce-many');
    const run = await cli(['reproduce', '--dataset', 'synthetic', '--seeds', '1', '--epochs', '1', '--variants', variants.join(','), '--out', out]);
    // The usage error's line, then the usual pointer to --help.
    expect(run.stderr.split('\n')[0]).toBe(`error: --variants: ${REPORT_LIMITS.variants + 1} variants; a report draws at most ${REPORT_LIMITS.variants}. Ask for fewer, or pass --no-report (summary.json only).`);
    expect(run.code).toBe(1);
    expect(existsSync(path.join(out, 'experiment.json'))).toBe(false);
    // --no-report passes this check (and --no-train then refuses the runs that were never trained, another message).
    const noReport = await cli(['reproduce', '--dataset', 'synthetic', '--seeds', '1', '--epochs', '1', '--variants', variants.join(','), '--out', out, '--no-report', '--no-train']);
    expect(noReport.stderr).not.toContain('a report draws at most');
    expect(noReport.stderr).toContain('--no-train trains nothing');
  });
});

describe.skipIf(python === null)(`a report of more than ${REPORT_LIMITS.variants} variants`, () => {
  const hundred = path.join(root, 'hundred');
  beforeAll(() => {
    runPython(python ?? 'python3', WRITE, [hundred, String(REPORT_LIMITS.variants)]);
  }, 60_000);

  it(`${REPORT_LIMITS.variants} variants render; ${REPORT_LIMITS.variants + 1} and 10,000 variants, or ${REPORT_LIMITS.comparisons + 1} comparisons, stop with exit 2 and one line, writing no figure`, async () => {
    const ok = await cli(['report', hundred, '--no-pdf']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(readdirSync(path.join(hundred, 'figures')).filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(5);
    const text = readFileSync(path.join(hundred, 'summary.json'), 'utf8');
    for (const count of [REPORT_LIMITS.variants + 1, 10_000]) {
      const dir = summaryWith(text, { variants: count }, `n${count}`);
      const run = await cli(['report', dir, '--no-pdf']);
      expect(run.stderr).toBe(`error: The summary has ${count} variants; a report draws at most ${REPORT_LIMITS.variants}. Its numbers are in summary.json (\`analyze <dir> --json\`); for a report, split the experiment into folders of at most ${REPORT_LIMITS.variants} variants.\n`);
      expect(run.code).toBe(2);
      expect(existsSync(path.join(dir, 'report.html'))).toBe(false);
      expect(existsSync(path.join(dir, 'figures'))).toBe(false);
    }
    const comparisons = REPORT_LIMITS.comparisons + 1;
    const dir = summaryWith(text, { comparisons }, 'comparisons');
    const run = await cli(['report', dir, '--no-pdf']);
    expect(run.stderr).toBe(`error: The summary has ${comparisons} comparisons; a report draws at most ${REPORT_LIMITS.comparisons}. Its numbers are in summary.json (\`analyze <dir> --json\`); for a report, split the experiment into folders of at most ${REPORT_LIMITS.comparisons} comparisons.\n`);
    expect(run.code).toBe(2);
    expect(existsSync(path.join(dir, 'report.html'))).toBe(false);
  }, 300_000);
});
