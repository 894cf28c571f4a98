/**
 * Benchmarks report generation on a synthetic finished five-seed experiment (TEST DATA: baseline28,
 * edge32 and ablations zero32, edge36, edge32-masked) and prints JSON: seconds and HTML size.
 * Budgets: under 10 s in total, HTML under 5 MB.
 *
 *   npx tsx scripts/bench-report.ts [outDir]
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../src/report/index.js';
import { syntheticSummary } from '../test/report/fixtures/synthetic-summary.js';

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'bench-report-'));
  const summary = syntheticSummary({ seeds: 5 });
  const t0 = performance.now();
  const result = await writeReport(summary, outDir);
  const seconds = (performance.now() - t0) / 1000;
  const size = (dir: string): number => readdirSync(dir).reduce((s, f) => s + statSync(join(dir, f)).size, 0);
  const out = {
    outDir,
    variants: summary.variants.length,
    seeds: 5,
    seconds: Number(seconds.toFixed(3)),
    htmlBytes: result.htmlBytes,
    htmlMB: Number((result.htmlBytes / 1e6).toFixed(3)),
    figureFiles: result.figures.length,
    tableFiles: result.tables.length,
    figuresBytes: size(join(outDir, 'figures')),
    budgets: { secondsMax: 10, htmlMBMax: 5, withinTime: seconds < 10, withinSize: result.htmlBytes < 5e6 },
  };
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
