import { stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { loadDataset, verifyDataset, type DatasetName } from '../data/datasets.js';
import { DataError } from '../data/errors.js';
import type { BackendName } from '../engine/backend.js';
import { REPORT_LIMITS, writeReport } from '../report/index.js';
import { ArgumentError } from '../errors.js';
import type { Summary } from '../summary/types.js';
import { makeRunConfig, runLabel, SEED_DEFAULTS, type CheckedRunConfig, type RunConfig } from '../train/config.js';
import type { PairingDesign } from '../train/pairing-design.js';
import { TrainingError } from '../train/errors.js';
import { assertRunsMatch, runCheckedExperiment, runDirectory, type RunOutcome } from '../train/experiment.js';
import { writeFileAtomic } from '../fs/atomic-file.js';
import { withOutputFolder } from '../fs/output-folder.js';
import type { ProgressReporter } from '../train/progress.js';
import { parseVariant } from '../train/variants.js';
import { experimentRuns, readExperimentFile, SUMMARY_FILE, writeExperimentFile } from './experiment-file.js';
import { collectExperimentRuns, formatSummaryJson, summarizeExperiment } from './summarize-experiment.js';
import { DEFAULT_EDGE_WIDTH } from '../analysis/regions.js';

/** The seed's comparison: the unpadded model and the edge-padded one. */
export const SEED_VARIANTS = ['baseline28', 'edge32'] as const;

/** Ablations added by `--ablations`: other pad modes, a wider pad, and a loss that ignores the pad. */
export const ABLATION_VARIANTS = ['zero32', 'reflect32', 'edge32-masked', 'edge36'] as const;

/**
 * `--quick`: a small real run that still exercises every part of the pipeline and writes a full
 * report (a few thousand training images, 2 epochs, 2 seeds).
 */
export const QUICK_SETTINGS = { trainSize: 4000, testSize: 1000, epochs: 2, seeds: [1, 2] } as const;

/** What `reproduce` does: train variants over seeds, summarise, test, report. */
export interface ReproduceOptions {
  dataset: DatasetName;
  variants: readonly string[];
  seeds: readonly number[];
  epochs: number;
  batchSize: number;
  noiseFactor: number;
  /** First n training images (null: all). */
  trainSize: number | null;
  /** First n test images (null: all). */
  testSize: number | null;
  backend: BackendName | 'auto';
  /** Which random streams the variants share (default `weights`, see PairingDesign; existing runs must match). */
  pairing?: PairingDesign;
  /** Output directory: runs/, summary.json, report.html, figures/, tables/. */
  out: string;
  /** Worker processes (default: one per core). */
  workers?: number;
  dataDir?: string;
  /** Width of the original image's edge ring in the analysis (default 2). */
  edgeWidth?: number;
  /** The command line, kept in the provenance. */
  command?: string | null;
  reporter?: ProgressReporter;
  /** Write the HTML report and paper exports (default true). */
  report?: boolean;
  /** When another process holds `out` (its lock file), wait for it instead of failing (default false). */
  waitForLock?: boolean;
  /** Told about a stale lock removed, stale temp files removed, or waiting for the lock. */
  onNotice?: (text: string) => void;
  /**
   * Train the runs that are not finished (default true). False summarises and reports the finished
   * runs as they stand, e.g. while the rest train elsewhere, and lists the others as unfinished.
   */
  train?: boolean;
  /**
   * Redis URL (`redis://host:6379`): enqueue the unfinished runs for `boundary-effects worker`
   * processes on any machines instead of training here, and write their files into `out` as they
   * finish (docs/distributed.md). Without it nothing of BullMQ or Redis is loaded.
   */
  redis?: string;
  /** Lines about the queue (with `redis`; default stderr). */
  log?: (line: string) => void;
}

export interface ReproduceResult {
  outDir: string;
  summary: Summary;
  summaryPath: string;
  reportPath: string | null;
  /** One per run trained or reused (empty with `train: false`). */
  outcomes: RunOutcome[];
  /** Runs of the experiment not in the summary (unfinished, or not started), relative to outDir. */
  unfinished: string[];
}

/**
 * The run configs of an experiment: every variant with every seed, seed by seed, so that an
 * interrupted experiment has complete pairs of variants to compare.
 */
export function experimentConfigs(options: ReproduceOptions): CheckedRunConfig[] {
  // Each config is checked once, here (makeRunConfig); without seeds there is none to check the
  // variant names by, and experiment.json must not record a name that no run could have.
  if (options.seeds.length === 0) for (const name of options.variants) parseVariant(name);
  return options.seeds.flatMap((seed) =>
    options.variants.map((variant) =>
      makeRunConfig({
        dataset: options.dataset,
        variant,
        seed,
        epochs: options.epochs,
        batchSize: options.batchSize,
        noiseFactor: options.noiseFactor,
        trainSize: options.trainSize,
        testSize: options.testSize,
        backend: options.backend,
        ...(options.pairing === undefined ? {} : { pairing: options.pairing }),
        ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
      }),
    ),
  );
}


/** Fails fast, before any worker starts, when a dataset file is missing or corrupt. */
async function checkData(dataset: DatasetName, dataDir: string | undefined): Promise<void> {
  const where = dataDir === undefined ? {} : { dir: dataDir };
  const files = await verifyDataset(dataset, where);
  const corrupt = files.filter((f) => f.path !== null && !f.ok);
  if (corrupt.length > 0) {
    throw new DataError(
      'checksum',
      `${corrupt.map((f) => `${f.file} (${f.path}): ${(f.error ?? `expected sha256 ${f.expected}, found ${f.found}`).replace(/\.+$/, '')}`).join('; ')}. ` +
        `Replace the file with a good copy ('boundary-effects data verify' lists every file).`,
    );
  }
  if (files.some((f) => f.path === null)) {
    // Missing files: the loader downloads them into the user cache (verified before they are
    // renamed into place) or, without a network, explains where to put them.
    for (const split of ['train', 'test'] as const) await loadDataset(dataset, split, { ...where, limit: 1 });
  }
}

/**
 * The seed's experiment end to end: trains every variant over every seed on worker processes
 * (resuming what an earlier call left in `out`; skipped with `train: false`), summarises the finished runs with the exact gap
 * decomposition and paired tests, and writes summary.json and the report. Runs that fail do not
 * cost the others: the summary and report are written from what finished, then a TrainingError
 * names the failures.
 *
 * @example
 * const { summary } = await reproduce({ ...REPRODUCE_DEFAULTS, ...QUICK_SETTINGS, out: 'reports/quick' });
 */
export async function reproduce(options: ReproduceOptions): Promise<ReproduceResult> {
  const outDir = resolve(options.out);
  // The report would stop only after every run trained: say so first. (The seed question's
  // comparisons are fewer than its variants, so the variants' limit is the one to check.)
  const variantCount = new Set(options.variants).size;
  if (options.report !== false && variantCount > REPORT_LIMITS.variants) {
    throw new ArgumentError(`--variants: ${variantCount} variants; a report draws at most ${REPORT_LIMITS.variants}. Ask for fewer, or pass --no-report (summary.json only).`);
  }
  const configs = experimentConfigs(options);
  const train = options.train !== false;
  // One writer per output folder: a second reproduce into it says who holds it (or waits).
  return withOutputFolder(
    outDir,
    {
      command: options.command ?? null,
      ...(options.waitForLock === undefined ? {} : { wait: options.waitForLock }),
      ...(options.onNotice === undefined ? {} : { onNotice: options.onNotice }),
      check: async () => {
        // With --redis the workers read (and verify) the data on their machines; this one may have none.
        if (train && options.redis === undefined) await checkData(options.dataset, options.dataDir);
        // Before experiment.json is rewritten: a changed setting is a usage error that leaves the directory as it was.
        await assertRunsMatch(outDir, configs);
        if (!train) await assertNoNewRuns(outDir, configs);
      },
    },
    async ({ removedTempFiles }) => {
      if (removedTempFiles.length > 0) options.onNotice?.(`removed ${removedTempFiles.length} temp file(s) left by an interrupted earlier run in ${outDir}.`);
      return reproduceLocked(options, outDir, configs, train);
    },
  );
}

/**
 * With `train: false` nothing is trained, so a run that is neither asked for by experiment.json nor
 * on disk can only be a mistake (a mistyped `--seeds` or `--variants`): refuse it before
 * experiment.json would record it for good.
 */
async function assertNoNewRuns(outDir: string, configs: readonly RunConfig[]): Promise<void> {
  const experiment = await readExperimentFile(outDir);
  const asked = new Set(experiment === null ? [] : experimentRuns(experiment).map((run) => runLabel(run)));
  const unknown: string[] = [];
  for (const config of configs) {
    if (asked.has(runLabel(config))) continue;
    const onDisk = await stat(runDirectory(outDir, config)).then(() => true, () => false);
    if (!onDisk) unknown.push(runLabel(config));
  }
  if (unknown.length > 0) {
    const shown = unknown.length > 4 ? `${unknown.slice(0, 4).join(', ')} and ${unknown.length - 4} more` : unknown.join(', ');
    throw new TrainingError(
      'bad-config',
      `--no-train trains nothing, but ${shown} ${unknown.length === 1 ? 'is' : 'are'} neither in ${join(outDir, 'experiment.json')} nor on disk; ` +
        `check --seeds and --variants, or drop --no-train to train ${unknown.length === 1 ? 'it' : 'them'}. Nothing was written.`,
    );
  }
}

async function reproduceLocked(options: ReproduceOptions, outDir: string, configs: CheckedRunConfig[], train: boolean): Promise<ReproduceResult> {
  const experiment = await writeExperimentFile(outDir, {
    dataset: options.dataset,
    variants: [...options.variants],
    seeds: [...options.seeds],
    edgeWidth: options.edgeWidth ?? DEFAULT_EDGE_WIDTH,
    command: options.command ?? null,
  });

  let outcomes: RunOutcome[] = [];
  let failure: unknown = null;
  if (train) {
    try {
      const reporter = options.reporter === undefined ? {} : { reporter: options.reporter };
      if (options.redis === undefined) {
        outcomes = await runCheckedExperiment(configs, outDir, { ...(options.workers === undefined ? {} : { workers: options.workers }), ...reporter });
      } else {
        // Loaded only here, so local runs need neither BullMQ nor a Redis server.
        const { runQueuedExperiment } = await import('../distributed/coordinator.js');
        outcomes = await runQueuedExperiment(configs, outDir, { redis: options.redis, ...reporter, ...(options.log === undefined ? {} : { log: options.log }) });
      }
    } catch (error) {
      const partial = (error as { outcomes?: RunOutcome[] }).outcomes;
      if (!(error instanceof TrainingError) || partial === undefined || !partial.some((o) => o.result !== null)) throw error;
      outcomes = partial;
      failure = error;
    }
  }

  // The file just written is the one the runs are listed from: it is not read back.
  const runs = await collectExperimentRuns(outDir, { experiment });
  const summary = await summarizeExperiment(outDir, { runs, ...(options.edgeWidth === undefined ? {} : { edgeWidth: options.edgeWidth }) });
  const summaryPath = join(outDir, SUMMARY_FILE);
  await writeFileAtomic(summaryPath, formatSummaryJson(summary));
  let reportPath: string | null = null;
  if (options.report !== false) {
    await writeReport(summary, outDir, { provenance: { command: options.command ?? null } });
    reportPath = join(outDir, 'report.html');
  }
  if (failure !== null) throw failure;
  return { outDir, summary, summaryPath, reportPath, outcomes, unfinished: runs.unfinished.map((dir) => relative(outDir, dir)) };
}

/** The seed's settings as reproduce options (MNIST, all images, 10 epochs, 5 seeds). */
export const REPRODUCE_DEFAULTS = {
  dataset: SEED_DEFAULTS.dataset,
  variants: [...SEED_VARIANTS],
  seeds: [1, 2, 3, 4, 5],
  epochs: SEED_DEFAULTS.epochs,
  batchSize: SEED_DEFAULTS.batchSize,
  noiseFactor: SEED_DEFAULTS.noiseFactor,
  trainSize: null,
  testSize: null,
  backend: SEED_DEFAULTS.backend,
} as const;
