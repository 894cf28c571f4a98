import { describe, expect, it } from 'vitest';
import { toDataFrame } from '../../src/dataframe/index.js';
import { summarizeMetrics, toLongRows } from '../../src/stats/index.js';

const records = [1, 2, 3].map((seed) => ({ variant: 'edge32', seed, metrics: { testLoss: [0.101, 0.102, 0.103][seed - 1] } }));

// Without danfojs-node, toDataFrame's 'peer-missing' error is checked by test/package/consumer.test.ts.
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
