import { describe, expect, it } from 'vitest';
import { pairingClause } from '../../src/report/pairing-words.js';

// Expectations written from the definitions of the designs (src/train/pairing-design.ts), not from
// the function's output.
describe('pairingClause', () => {
  it('says which streams the runs of a seed share under each design', () => {
    expect(pairingClause({ settings: base('weights') })).toBe('paired tests pair runs by seed: the two runs of a seed share their initial weights only (batch order and noise differ)');
    expect(pairingClause({ settings: base('weights+shuffles') })).toBe('paired tests pair runs by seed: the two runs of a seed share their initial weights and batch order, and their noise only when the two images have the same size');
    expect(pairingClause({ settings: base('weights+shuffles+noise') })).toContain('the noise on the original pixels');
  });

  it('says nothing it does not know: no design, or one it does not name', () => {
    expect(pairingClause({ settings: base(null) })).toBe('paired tests pair runs by seed');
    expect(pairingClause({ settings: base(undefined) })).toBe('paired tests pair runs by seed');
    expect(pairingClause({ settings: base('shuffles') })).toBe('paired tests pair runs by seed');
  });

  it('lists the variants of each design when they differ (reports/mnist since issue 31)', () => {
    const settings = { ...base('weights'), pairingByVariant: { baseline28: 'weights', edge32: 'weights', zero32: 'weights+shuffles', toString: 'weights+shuffles' } };
    expect(pairingClause({ settings })).toBe(
      "paired tests pair runs by seed: the two runs of a seed share their initial weights only (batch order and noise differ), in every comparison (variants trained baseline28, edge32 under 'weights'; zero32, toString under 'weights+shuffles')",
    );
  });
});

function base(pairing: string | null | undefined) {
  return { epochs: 10, batchSize: 128, noiseFactor: 0.5, trainSize: 60000, testSize: 10000, edgeWidth: 2, ...(pairing === undefined ? {} : { pairing }) };
}
