import { describe, expect, it } from 'vitest';
import { summarizeMetrics, toCsv, toDataFrame, toLongRows } from '../../src/stats/index.js';

/** Minimal RFC 4180 parser for checking round trips. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  return rows;
}

const records = [1, 2, 3].map((seed) => ({ variant: 'edge32', seed, metrics: { testLoss: [0.101, 0.102, 0.103][seed - 1] } }));

describe('toCsv', () => {
  it('writes header, nulls as empty fields, lists joined by ";" and shortest round-trip numbers', () => {
    const csv = toCsv([{ variant: 'edge32', metric: 'testLoss', mean: 0.1 + 0.2, ciLow: null, seeds: [1, 2, 3] }]);
    expect(csv).toBe('variant,metric,mean,ciLow,seeds\nedge32,testLoss,0.30000000000000004,,1;2;3\n');
  });

  it('quotes fields with commas, quotes and newlines, and round-trips them', () => {
    const rows = [{ name: 'a,b', note: 'say "hi"\nthen', x: -Infinity, y: NaN, ok: true }];
    const csv = toCsv(rows);
    expect(parseCsv(csv)).toEqual([['name', 'note', 'x', 'y', 'ok'], ['a,b', 'say "hi"\nthen', '-Inf', 'NaN', 'true']]);
  });

  it('keeps the per-seed long format and honours a column order', () => {
    const csv = toCsv(toLongRows(records), { columns: ['seed', 'variant', 'metric', 'value'] });
    expect(csv.split('\n')[0]).toBe('seed,variant,metric,value');
    expect(csv.split('\n')[1]).toBe('1,edge32,testLoss,0.101');
    const summary = toCsv(summarizeMetrics(records));
    expect(summary.split('\n')[0]).toBe('variant,metric,n,mean,sd,ciLow,ciHigh,seeds,values');
    expect(summary.split('\n')[1].endsWith(',1;2;3,0.101;0.102;0.103')).toBe(true);
  });
});

describe('toDataFrame (danfojs-node)', () => {
  it('imports danfo and builds a frame that groups by variant', async () => {
    const rows = [
      ...toLongRows(records),
      ...toLongRows([1, 2].map((seed) => ({ variant: 'zero32', seed, metrics: { testLoss: 0.2 } }))),
    ];
    const df = await toDataFrame(rows);
    expect(df.shape).toEqual([5, 4]);
    expect(df.columns).toEqual(['variant', 'seed', 'metric', 'value']);
    const grouped = df.groupby(['variant']).col(['value']).mean();
    const values = grouped.values as Array<[string, number]>;
    const byVariant = Object.fromEntries(values.map(([v, m]) => [v, m]));
    expect(byVariant.edge32).toBeCloseTo(0.102, 12);
    expect(byVariant.zero32).toBeCloseTo(0.2, 12);
  });

  it('turns list cells into strings and keeps nulls', async () => {
    const df = await toDataFrame(summarizeMetrics(records.slice(0, 2)));
    const row = (df.values as unknown[][])[0];
    expect(row[df.columns.indexOf('seeds')]).toBe('1;2');
    expect(row[df.columns.indexOf('ciLow')]).toBeNull();
    // danfo shadows DataFrame members with column names, so `values` is renamed
    expect(df.columns).toContain('values_');
    expect(df.columns).toContain('mean_');
    expect(typeof df.mean).toBe('function');
    expect(row[df.columns.indexOf('values_')]).toBe('0.101;0.102');
    expect(Array.isArray(df.values)).toBe(true);
  });
});
