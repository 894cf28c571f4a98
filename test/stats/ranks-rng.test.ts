import { describe, expect, it } from 'vitest';
import { createStatsRng, midranks } from '../../src/stats/index.js';

describe('midranks', () => {
  it("gives tied values their average rank, like R's rank()", () => {
    expect(midranks([10, 20, 20, 5])).toEqual({ ranks: [2, 3.5, 3.5, 1], tieSizes: [2], hasTies: true });
    expect(midranks([3, 1, 2]).hasTies).toBe(false);
  });
});

describe('createStatsRng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = createStatsRng(42);
    const b = createStatsRng(42);
    const xs = Array.from({ length: 100 }, () => a.int(7));
    expect(xs).toEqual(Array.from({ length: 100 }, () => b.int(7)));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 7)).toBe(true);
    const u = createStatsRng(1).uniform();
    expect(u >= 0 && u < 1).toBe(true);
    expect(() => createStatsRng(1.5)).toThrow(/integer/);
  });
});
