import { describe, expect, it } from 'vitest';
import { summarize, summarizeCurves, summarizeMetrics, toLongRows, type MetricRecord } from '../../src/stats/index.js';

const records: MetricRecord[] = [
  { variant: 'edge32', seed: 2, metrics: { testLoss: 0.12, 'region:border': 0.3 } },
  { variant: 'edge32', seed: 1, metrics: { testLoss: 0.1, 'region:border': 0.2 } },
  { variant: 'edge32', seed: 3, metrics: { testLoss: 0.11, 'region:border': 0.25 } },
  { variant: 'baseline28', seed: 1, metrics: { testLoss: 0.09 } },
  { variant: 'baseline28', seed: 2, metrics: { testLoss: 0.1 } },
];

describe('toLongRows', () => {
  it('gives one row per variant x seed x metric, sorted', () => {
    const rows = toLongRows(records);
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual({ variant: 'baseline28', seed: 1, metric: 'testLoss', value: 0.09 });
    expect(rows.filter((r) => r.variant === 'edge32' && r.metric === 'testLoss').map((r) => r.seed)).toEqual([1, 2, 3]);
  });

  it('rejects a duplicated run', () => {
    expect(() => toLongRows([records[0], records[0]])).toThrow(/seed 2 twice/);
  });
});

describe('summarizeMetrics', () => {
  it('summarises each variant x metric over seeds, keeping seeds and values aligned', () => {
    const rows = summarizeMetrics(records);
    expect(rows.map((r) => `${r.variant}/${r.metric}`)).toEqual(['baseline28/testLoss', 'edge32/region:border', 'edge32/testLoss']);
    const edge = rows[2];
    expect(edge.seeds).toEqual([1, 2, 3]);
    expect(edge.values).toEqual([0.1, 0.12, 0.11]);
    expect(edge.mean).toBeCloseTo(0.11, 12);
    expect(edge.sd).toBeCloseTo(0.01, 12);
    const s = summarize([0.1, 0.12, 0.11]);
    expect([edge.ciLow, edge.ciHigh]).toEqual(s.ci95);
    // two seeds: no interval
    expect(rows[0].n).toBe(2);
    expect(rows[0].ciLow).toBeNull();
  });

  it('names the variant and metric of a non-finite value', () => {
    expect(() => summarizeMetrics([{ variant: 'zero32', seed: 1, metrics: { testLoss: NaN } }])).toThrow(/zero32.*testLoss/);
  });
});

describe('summarizeCurves', () => {
  it('summarises each epoch of the training curves over seeds', () => {
    const runs = [1, 2, 3].map((seed) => ({
      variant: 'edge32',
      seed,
      history: [
        { epoch: 1, trainLoss: 0.3 + seed / 100, testLoss: 0.2 + seed / 100, seconds: 1 },
        { epoch: 2, trainLoss: 0.2 + seed / 100, testLoss: 0.15 + seed / 100, seconds: 1 },
      ],
    }));
    const rows = summarizeCurves(runs, ['trainLoss', 'testLoss']);
    expect(rows.map((r) => `${r.metric}@${r.epoch}`)).toEqual(['testLoss@1', 'testLoss@2', 'trainLoss@1', 'trainLoss@2']);
    expect(rows[1].variant).toBe('edge32');
    expect(rows[1].mean).toBeCloseTo(0.17, 12);
    expect(rows[1].seeds).toEqual([1, 2, 3]);
    expect(rows[1].sd).toBeCloseTo(0.01, 12);
  });

  it('uses the seeds that reached an epoch', () => {
    const rows = summarizeCurves(
      [
        { variant: 'a', seed: 1, history: [{ epoch: 1, testLoss: 1 }, { epoch: 2, testLoss: 2 }] },
        { variant: 'a', seed: 2, history: [{ epoch: 1, testLoss: 3 }] },
      ],
      ['testLoss'],
    );
    expect(rows.map((r) => [r.epoch, r.n])).toEqual([[1, 2], [2, 1]]);
  });
});
