import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, REPO_ROOT } from './helpers.js';

const MNIST = join(REPO_ROOT, 'reports', 'mnist');

interface PlanJson {
  plans: Array<{ a: string; b: string; term: string; plan: { seedsForPower: number | null; exactSeedsForPower: number | null; familySize: number; seedsForHalfWidth: number | null } }>;
}

function parsePlans(text: string): PlanJson['plans'] {
  const json: unknown = JSON.parse(text);
  if (typeof json !== 'object' || json === null || !('plans' in json) || !Array.isArray(json.plans)) throw new Error('no plans in the output');
  return json.plans as PlanJson['plans'];
}

describe('boundary-effects plan', () => {
  it('plans from reports/mnist: the same-pixel change of edge32 needs about 170 seeds', async () => {
    // SciPy (scipy.stats.nct + brentq, xtol 1e-12) on the eight committed per-seed differences of
    // the test loss on the original pixels, read from the runs' result.json (mean -0.000155,
    // sd 0.000588): n = 187.96 at 0.05 / 8 (eight tests with a p in the comparison's Holm family),
    // 171.57 at 0.05 / 5.
    const { code, stdout } = await cli(['plan', MNIST, '--json']);
    expect(code).toBe(0);
    const samePixel = parsePlans(stdout).find((p) => p.a === 'baseline28' && p.b === 'edge32' && p.term === 'samePixel')!;
    const expected = samePixel.plan.familySize === 8 ? 187.957543666 : 171.566955328;
    expect(samePixel.plan.exactSeedsForPower).toBeCloseTo(expected, 5);
    expect(samePixel.plan.seedsForPower).toBe(Math.ceil(expected));
    // With a stated smallest effect of 0.0005 nats/pixel: SciPy n = 21.49 -> 22 at 0.05 / 8, 19.56 -> 20 at 0.05 / 5
    const stated = await cli(['plan', MNIST, '--json', '--effect', '0.0005']);
    const withEffect = parsePlans(stated.stdout).find((p) => p.a === 'baseline28' && p.b === 'edge32' && p.term === 'samePixel')!;
    expect(withEffect.plan.seedsForPower).toBe(withEffect.plan.familySize === 8 ? 22 : 20);
    const text = await cli(['plan', MNIST]);
    expect(text.stdout).toMatch(/baseline28 vs edge32: 8 paired seeds; Holm family of \d tests/);
    expect(text.stdout).toMatch(/samePixel\s+-0\.000155/);
  });

  it('stops with exit 2 and names the field of a damaged summary.json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'be-plan-'));
    const summary: unknown = JSON.parse(await readFile(join(MNIST, 'summary.json'), 'utf8'));
    if (typeof summary !== 'object' || summary === null || !('comparisons' in summary) || !Array.isArray(summary.comparisons)) throw new Error('fixture');
    const first: unknown = summary.comparisons[0];
    if (typeof first !== 'object' || first === null || !('terms' in first) || !Array.isArray(first.terms)) throw new Error('fixture');
    first.terms[1].estimate.values[2] = 'NaN';
    await writeFile(join(dir, 'summary.json'), JSON.stringify(summary));
    const { code, stderr } = await cli(['plan', dir]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/summary\.json: comparisons\[0\]\.terms\[1\]\.estimate\.values\[2\] is \S+, expected a finite number/);
    await writeFile(join(dir, 'summary.json'), '{ not json');
    expect((await cli(['plan', dir])).stderr).toMatch(/summary\.json is not valid JSON/);
  });

  it('refuses a power outside (0, 1)', async () => {
    const { code, stderr } = await cli(['plan', MNIST, '--power', '1.5']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/--power must be between 0 and 1/);
  });
});
