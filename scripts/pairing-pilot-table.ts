/**
 * The table of the pairing-design pilot (issue 20, scripts/pairing-pilot.sh): per design, the
 * paired sd of the same-pixel term (baseline28's minus edge32's test loss on the original 28x28
 * pixels, per seed), the correlation of the two variants' seed effects, the variance reduction
 * pairing bought, the seeds a question needs, and the command that trains the design's runs.
 *
 * Usage: npx tsx scripts/pairing-pilot-table.ts OUT [--runs DESIGN=EXPERIMENT]... [--max-seed N] [--json]
 *   --runs          an experiment folder whose runs/ hold DESIGN's runs at the same settings, used
 *                   where OUT/DESIGN has none (issue 31: the 'weights' runs of baseline28 and edge32
 *                   are reports/mnist's since the extension; repeat for several designs)
 *   --max-seed      only seeds up to N (issue 31's pilot is seeds 1-4, its first extension seed 5)
 * The ratio column is each design's paired sd over weights+shuffles' (the rule for a new default:
 * at most 0.5).
 *
 * Under 'weights+shuffles+noise' baseline28 is the same run as under 'weights+shuffles' (tested in
 * test/train/pairing-design.test.ts), so its baseline28 values are taken from that design's runs
 * unless the design's own folder has them (the pilot trains its first seed there as a check).
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { measurePairing } from '../src/stats/pairing.js';
import { planSeeds } from '../src/stats/seed-plan.js';
import { PAIRING_DESIGNS, type PairingDesign } from '../src/train/pairing-design.js';

interface RunValues {
  seed: number;
  original: number;
  epochs: number;
  trainImages: number;
  testImages: number;
}

const args = process.argv.slice(2);
const usage = 'usage: npx tsx scripts/pairing-pilot-table.ts OUT [--runs DESIGN=EXPERIMENT]... [--max-seed N] [--json]';
/** Indexes of the arguments that are an option's value. */
const values = new Set(args.flatMap((a, i) => (a === '--runs' || a === '--max-seed' ? [i + 1] : [])));
const runsOf = new Map<string, string>();
for (const i of values) {
  if (args[i - 1] !== '--runs') continue;
  const [design, folder] = (args[i] ?? '').split(/=(.*)/s);
  if (!(PAIRING_DESIGNS as readonly string[]).includes(design ?? '') || !folder) {
    console.error(`--runs takes DESIGN=EXPERIMENT with DESIGN one of ${PAIRING_DESIGNS.join(', ')}; got ${JSON.stringify(args[i] ?? '')}.\n${usage}`);
    process.exit(1);
  }
  runsOf.set(design as string, folder);
}
const maxSeedAt = args.indexOf('--max-seed');
const maxSeed = maxSeedAt >= 0 ? Number(args[maxSeedAt + 1]) : Number.POSITIVE_INFINITY;
const out = args.find((a, i) => !a.startsWith('--') && !values.has(i));
if (out === undefined || !(maxSeed >= 1)) {
  console.error(usage);
  process.exit(1);
}
const asJson = args.includes('--json');
/** The Holm family of a comparison in summary.json: its five distinct hypotheses (the gap terms). */
const FAMILY_SIZE = 5;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function finiteField(json: unknown, key: string, file: string): number {
  const value = isRecord(json) ? json[key] : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${file}: ${key} is not a finite number; rerun the pilot for this run.`);
  return value;
}

async function readRuns(design: string, variant: string): Promise<RunValues[]> {
  const own = await readRunsIn(join(out as string, design, 'runs', variant));
  const elsewhere = runsOf.get(design);
  if (own.length > 0 || elsewhere === undefined) return own;
  return readRunsIn(join(elsewhere, 'runs', variant));
}

async function readRunsIn(dir: string): Promise<RunValues[]> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const runs: RunValues[] = [];
  for (const entry of entries.filter((e) => /^seed-\d+$/.test(e) && Number(e.slice(5)) <= maxSeed)) {
    const file = join(dir, entry, 'result.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      continue; // unfinished
    }
    const json: unknown = JSON.parse(text);
    runs.push({
      seed: Number(entry.slice(5)),
      original: finiteField(json, 'finalTestLossOriginal', file),
      epochs: finiteField(json, 'epochs', file),
      trainImages: finiteField(json, 'trainImages', file),
      testImages: finiteField(json, 'testImages', file),
    });
  }
  return runs.sort((a, b) => a.seed - b.seed);
}

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

const rows = [];
for (const design of PAIRING_DESIGNS) {
  const own = await readRuns(design, 'baseline28');
  const base = design === 'weights+shuffles+noise' ? [...own, ...(await readRuns('weights+shuffles', 'baseline28')).filter((r) => !own.some((o) => o.seed === r.seed))] : own;
  const edge = await readRuns(design, 'edge32');
  const seeds = edge.map((r) => r.seed).filter((s) => base.some((r) => r.seed === s));
  if (seeds.length < 2) {
    rows.push({ design, seeds, note: 'fewer than 2 paired seeds finished' });
    continue;
  }
  const a = seeds.map((s) => base.find((r) => r.seed === s)!.original);
  const b = seeds.map((s) => edge.find((r) => r.seed === s)!.original);
  const pairing = measurePairing(a, b);
  const loss = mean(a);
  const plan = planSeeds(a.map((v, i) => v - b[i]), { familySize: FAMILY_SIZE, effect: 0.01 * loss, halfWidth: 0.01 * loss });
  const first = edge[0];
  rows.push({
    design: design as PairingDesign,
    seeds,
    baselineLoss: loss,
    samePixelMean: plan.meanDifference,
    sdBaseline: pairing.sdA,
    sdEdge32: pairing.sdB,
    pairedSd: pairing.sdDifference,
    correlation: pairing.correlation,
    varianceReduction: pairing.varianceReduction,
    seedsForPower: plan.seedsForPower,
    seedsForHalfWidth: plan.seedsForHalfWidth,
    command:
      `boundary-effects train --variant {baseline28,edge32} --seed {${seeds.join(',')}} --pairing ${design} ` +
      `--epochs ${first.epochs} --train-size ${first.trainImages} --test-size ${first.testImages} --backend wasm`,
  });
}

const defaultSd = rows.find((r) => r.design === 'weights+shuffles' && 'pairedSd' in r);
const ratioToDefault = (sd: number | null | undefined): number | null =>
  defaultSd === undefined || !('pairedSd' in defaultSd) || sd === null || sd === undefined || defaultSd.pairedSd === null || defaultSd.pairedSd === undefined ? null : sd / defaultSd.pairedSd;

// The check: baseline28 trained under the noise-sharing design equals today's run of the same seed.
const checkRuns = await readRuns('weights+shuffles+noise', 'baseline28');
const todayRuns = await readRuns('weights+shuffles', 'baseline28');
const check = checkRuns.map((r) => ({ seed: r.seed, noise: r.original, today: todayRuns.find((t) => t.seed === r.seed)?.original ?? null }));

if (asJson) {
  const withRatio = rows.map((r) => ('pairedSd' in r ? { ...r, pairedSdRatioToWeightsShuffles: ratioToDefault(r.pairedSd) } : r));
  process.stdout.write(`${JSON.stringify({ out, familySize: FAMILY_SIZE, rows: withRatio, check }, null, 2)}\n`);
} else {
  const f = (x: number | null | undefined, d = 5): string => (x === null || x === undefined ? '-' : x.toFixed(d));
  const g = (x: number | null | undefined): string => (x === null || x === undefined ? '-' : x.toPrecision(2));
  console.log('| design | seeds | mean same-pixel term | paired sd of the same-pixel term | paired sd / weights+shuffles\' | sd baseline28 / edge32 | correlation of seed effects | variance reduction | seeds: 80% power for 1% of the loss | seeds: 95% CI ± 1% of the loss | command |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    if (!('pairedSd' in r)) {
      console.log(`| \`${r.design}\` | ${r.seeds.length} | ${r.note} | | | | | | | | |`);
      continue;
    }
    console.log(
      `| \`${r.design}\` | ${r.seeds.length} | ${r.samePixelMean === undefined ? '-' : r.samePixelMean.toFixed(5)} | ${g(r.pairedSd)} | ${f(ratioToDefault(r.pairedSd), 3)} | ${g(r.sdBaseline)} / ${g(r.sdEdge32)} | ${f(r.correlation, 2)} | ${f(r.varianceReduction, 2)} | ${r.seedsForPower ?? '-'} | ${r.seedsForHalfWidth ?? '-'} | \`${r.command}\` |`,
    );
  }
  for (const c of check) console.log(`\ncheck, seed ${c.seed}: baseline28 original loss ${c.noise} (noise design) vs ${c.today ?? '-'} (today)`);
}
