import { describe, expect, it } from 'vitest';
import { pairingAndPower } from '../../src/summary/pairing-power.js';

// The five weights+shuffles seeds of reports/mnist before issue 31 (now reports/pairing-pilot/weights+shuffles/runs):
// test loss on the original 28x28 pixels of baseline28 and edge32.
const BASELINE28 = [0.09678767043376114, 0.09740727863952395, 0.09798261260580862, 0.09718104105315484, 0.0971689525440473];
const EDGE32 = [0.09798904262016829, 0.09712211054919576, 0.09753482922353564, 0.09768816404567211, 0.09736588224401774];

describe('pairingAndPower (the same-pixel term of MNIST baseline28 vs edge32)', () => {
  // NumPy / SciPy on the same values:
  //   np.corrcoef(a, b)[0, 1] = -0.47528123664980115
  //   (a.var(ddof=1) + b.var(ddof=1)) / (a - b).var(ddof=1) = 0.6870518679446193
  //   (a - b).std(ddof=1) = 0.0006607083672148196
  //   brentq(power(n, |mean|, sd, 0.05 / 8) - 0.8) = 105.270183067 (nct, as R's power.t.test, type = "paired")
  //   fewest n with t.ppf(0.975, n - 1) sd / sqrt(n) <= 0.01 * mean(test loss) = 0.000973055: 5
  const { pairing, power } = pairingAndPower(BASELINE28, EDGE32, { familySize: 8, halfWidth: 0.0009730551105525917 });

  it('measures a pairing that cost precision: negatively correlated seed effects', () => {
    expect(pairing.correlation).toBeCloseTo(-0.47528123664980115, 10);
    expect(pairing.varianceReduction).toBeCloseTo(0.6870518679446193, 10);
    expect(pairing.sdDifference).toBeCloseTo(0.0006607083672148196, 14);
    expect(pairing.sePaired).toBeCloseTo(0.0006607083672148196 / Math.sqrt(5), 14);
    expect(pairing.sdA).toBeCloseTo(0.0004390680666608762, 14);
    expect(pairing.notes.join(' ')).toMatch(/increased the variance of the difference 1\.46-fold/);
  });

  it('plans 106 seeds for 80% power at 0.05 / 8 and 5 for a CI of ± 1% of the loss', () => {
    expect(power.testLevel).toBeCloseTo(0.00625, 15);
    expect(power.exactSeedsForPower).toBeCloseTo(105.270183067, 5);
    expect(power.seedsForPower).toBe(106);
    expect(power.seedsForHalfWidth).toBe(5);
    expect(power.effect).toBeCloseTo(0.000234494, 8);
  });
});
