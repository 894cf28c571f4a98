import { largest } from '../../stats/extremes.js';
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { SUMMARY_FILE } from '../../reproduce/experiment-file.js';
import { summarizeExperiment } from '../../reproduce/summarize-experiment.js';
import { SEED_PLAN_METHOD } from '../../stats/seed-plan.js';
import { DataError } from '../../data/errors.js';
import { parsePlanInput } from '../../summary/parse-plan-input.js';
import { planExperiment, planInput, type PlanComparisonInput, type TermPlan } from '../../summary/plan.js';
import { writeLine, type CliIo } from '../io.js';
import { parsePositiveNumber } from '../parse-options.js';
import { UsageError } from '../exit-codes.js';
import { requireFinishedRuns } from './shared.js';
import { parseJsonText } from '../../json/parse-text.js';

interface PlanFlags {
  effect?: string;
  halfWidth?: string;
  power?: string;
  alpha?: string;
  fromRuns?: boolean;
  json?: boolean;
}

/** The pilot's comparisons: from DIR/summary.json when it exists (and --from-runs is not given), else from its runs. */
async function loadPilot(dir: string, fromRuns: boolean): Promise<{ source: string; comparisons: PlanComparisonInput[] }> {
  const file = join(dir, SUMMARY_FILE);
  if (!fromRuns) {
    let text: string | null = null;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      text = null;
    }
    if (text !== null) {
      const json = parseJsonText(text);
      if (!json.ok) {
        throw new DataError('format', `${file} is not valid JSON; rebuild it with 'boundary-effects report ${dir} --rebuild', or plan from the runs with --from-runs.`, { file });
      }
      return { source: file, comparisons: parsePlanInput(json.value, file) };
    }
  }
  const summary = await summarizeExperiment(dir, { runs: await requireFinishedRuns(dir) });
  return { source: `the finished runs of ${dir}`, comparisons: planInput(summary) };
}

const signed = (x: number): string => (x >= 0 ? '+' : '') + x.toPrecision(3);
const num = (x: number | null, digits = 2): string => (x === null ? '-' : x.toFixed(digits));
const seeds = (n: number | null): string => (n === null ? '-' : String(n));

function reduction(plan: TermPlan): string {
  const r = plan.pairing?.varianceReduction ?? null;
  if (r === null) return '-';
  return `${r.toFixed(2)}${r < 1 ? ' (worse)' : ''}`;
}

function printPlans(io: CliIo, source: string, plans: TermPlan[]): void {
  writeLine(io.stdout, `Seeds each question needs, planned from ${source}.`);
  const pairs = [...new Set(plans.map((p) => `${p.a}\u0000${p.b}`))];
  for (const pair of pairs) {
    const rows = plans.filter((p) => `${p.a}\u0000${p.b}` === pair);
    const first = rows[0].plan;
    writeLine(io.stdout);
    writeLine(
      io.stdout,
      `${rows[0].a} vs ${rows[0].b}: ${first.n} paired seeds; Holm family of ${first.familySize} test${first.familySize === 1 ? '' : 's'}, ` +
        `each planned at ${first.alpha}/${first.familySize} = ${first.testLevel.toPrecision(3)}; ${Math.round(first.targetPower * 100)}% power`,
    );
    const halfWidth = first.halfWidth === null ? '-' : first.halfWidth.toPrecision(2);
    const header = ['term', 'mean (a-b)', 'sd (a-b)', 'r (seeds)', 'var. reduction', `seeds: ${Math.round(first.targetPower * 100)}% power`, `seeds: CI ±${halfWidth}`];
    const table = rows.map((r) => [
      r.term,
      signed(r.plan.meanDifference),
      r.plan.sdDifference === null ? '-' : r.plan.sdDifference.toPrecision(2),
      num(r.pairing?.correlation ?? null),
      reduction(r),
      seeds(r.plan.seedsForPower),
      seeds(r.plan.seedsForHalfWidth),
    ]);
    const widths = header.map((h, i) => Math.max(h.length, largest(table.map((row) => row[i].length))));
    for (const row of [header, ...table]) writeLine(io.stdout, `  ${row.map((cell, i) => cell.padEnd(widths[i])).join('  ')}`.trimEnd());
    for (const r of rows) for (const note of r.plan.notes) writeLine(io.stdout, `  ${r.term}: ${note}`);
  }
  writeLine(io.stdout);
  writeLine(io.stdout, `Effect: ${plans[0]?.plan.effectSource === 'stated' ? 'the stated smallest effect' : 'the observed mean difference of each term'}. Method: ${SEED_PLAN_METHOD}.`);
  writeLine(io.stdout, 'r (seeds): correlation of the two variants\' seed effects; var. reduction: the variance pairing by seed removed (below 1: it added variance).');
}

/** `plan`: how many seeds each question of a (pilot) experiment needs. */
export function planCommand(io: CliIo): Command {
  return new Command('plan')
    .description('How many seeds each comparison and term needs, from a pilot experiment directory: for 80% power at the Holm-adjusted level and for a chosen 95% CI half-width.')
    .argument('<dir>', 'experiment directory (the --out of reproduce): its summary.json, else its finished runs')
    .option('--effect <nats>', 'smallest effect of interest in nats per pixel (default: each term\'s observed mean difference)')
    .option('--half-width <nats>', 'target 95% CI half-width in nats per pixel (default: 1% of the first variant\'s test loss)')
    .option('--power <p>', 'target power (default 0.8)')
    .option('--alpha <a>', 'family-wise significance level (default 0.05)')
    .option('--from-runs', 'plan from the finished runs even when summary.json exists')
    .option('--json', 'print the plans as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  $ boundary-effects plan reports/mnist\n  $ boundary-effects plan reports/mnist-quick --effect 0.0005 --half-width 0.0002\n\n' +
        'The observed sd of each term\'s paired differences is taken as the true sd (a pilot estimate: with few seeds it is itself uncertain).',
    )
    .action(async (dir: string, flags: PlanFlags) => {
      const probability = (option: string, raw: string | undefined): number | undefined => {
        if (raw === undefined) return undefined;
        const value = parsePositiveNumber(option, raw);
        if (value >= 1) throw new UsageError(`${option} must be between 0 and 1, got '${raw}'.`);
        return value;
      };
      const options = {
        effect: flags.effect === undefined ? null : parsePositiveNumber('--effect', flags.effect),
        halfWidth: flags.halfWidth === undefined ? null : parsePositiveNumber('--half-width', flags.halfWidth),
        power: probability('--power', flags.power) ?? 0.8,
        alpha: probability('--alpha', flags.alpha) ?? 0.05,
      };
      const { source, comparisons } = await loadPilot(resolve(dir), flags.fromRuns === true);
      if (comparisons.length === 0) {
        throw new UsageError(`${dir} has no comparison to plan (it needs runs of two variants with common seeds, e.g. baseline28 and edge32).`);
      }
      const plans = planExperiment(comparisons, options);
      if (flags.json === true) {
        io.stdout.write(`${JSON.stringify({ source, method: SEED_PLAN_METHOD, options, plans }, null, 2)}\n`);
        return;
      }
      printPlans(io, source, plans);
    });
}
