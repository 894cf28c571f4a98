import { describe, expect, it } from 'vitest';
import { summarizeMetrics, toCsv, toLongRows } from '../../src/stats/index.js';

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
