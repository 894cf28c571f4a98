import * as field from '../json/fields.js';
import { PAD_MODES } from '../run-format/result-file.js';
import { GAP_TERMS } from './compare-variants.js';
import type {
  ComparisonSummary,
  CurvePoint,
  Estimate,
  GapTermSummary,
  IntensityBinSummary,
  PairedQuantity,
  PairedTestSummary,
  PairingSummary,
  PowerSummary,
  PredictionSummary,
  ReconstructionSample,
  RegionName,
  RegionSummary,
  Summary,
  VariantGeometry,
  VariantSummary,
} from './types.js';

/*
 * summary.json read back field by field into a typed Summary (the report is drawn from it, so no
 * field is taken on trust). Objects are built in the order the builder writes them, so a document
 * read and written again keeps its bytes. Messages name the field: `variants[1] (edge32).testLoss
 * has no finite 'mean'`.
 */

const REGION_NAMES: readonly RegionName[] = ['interior', 'edge', 'pad'];
const PAIRED_QUANTITIES: readonly PairedQuantity[] = [...GAP_TERMS.map((term): PairedQuantity => `gap:${term}`), 'region:edge', 'region:interior', 'testLoss'];
const SUMMARY_PAD_MODES = [...PAD_MODES, 'none'] as const;

/** The field readers of one document, each failing through `fail` with the field's path. */
function readers(fail: field.Fail) {
  const object = (v: unknown, where: string): Record<string, unknown> => field.record(v, where, fail);
  const list = (v: unknown, where: string): unknown[] => field.array(v, where, fail);
  const finite = (v: unknown, where: string): number => field.finite(v, where, fail);
  const count = (v: unknown, where: string): number => field.integer(v, where, fail);
  const text = (v: unknown, where: string): string => field.text(v, where, fail);
  const numbers = (v: unknown, where: string): number[] => field.numbers(v, where, fail);
  const nullableFinite = (v: unknown, where: string): number | null => field.nullable(v, where, finite);
  const nullableText = (v: unknown, where: string): string | null => field.nullable(v, where, text);
  const texts = (v: unknown, where: string): string[] => list(v, where).map((s, i) => text(s, `${where}[${i}]`));
  const interval = (v: unknown, where: string): [number, number] | null => {
    if (v === null) return null;
    const pair = numbers(v, where);
    return pair.length === 2 ? [pair[0], pair[1]] : fail(`${where} is ${field.show(v)}, expected null or [low, high]`);
  };
  const strings = (v: unknown, where: string): Record<string, string> =>
    Object.fromEntries(Object.entries(object(v, where)).map(([key, value]) => [key, text(value, `${where}.${key}`)]));
  const quantity = (v: unknown, where: string): PairedQuantity => field.oneOf(v, PAIRED_QUANTITIES, where, fail);
  return { object, list, finite, count, text, numbers, nullableFinite, nullableText, texts, interval, strings, quantity };
}

type Readers = ReturnType<typeof readers>;

/** The first problem of an estimate-shaped field (`{ n, mean, values }`), or null. */
function estimateProblem(value: unknown): string | null {
  if (!field.isRecord(value)) return 'is not an estimate object';
  if (typeof value.mean !== 'number' || !Number.isFinite(value.mean)) return "has no finite 'mean'";
  if (typeof value.n !== 'number') return "has no 'n'";
  if (!Array.isArray(value.values) || !value.values.every((x) => typeof x === 'number' && Number.isFinite(x))) return "has no list of finite 'values'";
  return null;
}

function estimate(r: Readers, fail: field.Fail, value: unknown, where: string, orNull = false): Estimate {
  const problem = estimateProblem(value);
  if (problem !== null) fail(`${where} ${problem}${orNull ? ' (nor null)' : ''}`);
  const e = r.object(value, where);
  return {
    n: r.count(e.n, `${where}.n`),
    mean: r.finite(e.mean, `${where}.mean`),
    sd: r.nullableFinite(e.sd, `${where}.sd`),
    ci95: r.interval(e.ci95, `${where}.ci95`),
    values: r.numbers(e.values, `${where}.values`),
    seeds: r.numbers(e.seeds, `${where}.seeds`),
  };
}

const nullableEstimate = (r: Readers, fail: field.Fail, value: unknown, where: string): Estimate | null => (value === null ? null : estimate(r, fail, value, where, true));

function region(r: Readers, fail: field.Fail, value: unknown, where: string): RegionSummary {
  const o = r.object(value, where);
  return {
    region: field.oneOf(o.region, REGION_NAMES, `${where}.region`, fail),
    pixels: r.count(o.pixels, `${where}.pixels`),
    weight: r.finite(o.weight, `${where}.weight`),
    meanLoss: estimate(r, fail, o.meanLoss, `${where}.meanLoss`),
    contribution: estimate(r, fail, o.contribution, `${where}.contribution`),
    floor: nullableEstimate(r, fail, o.floor, `${where}.floor`),
  };
}

function intensityBin(r: Readers, fail: field.Fail, value: unknown, where: string): IntensityBinSummary {
  const o = r.object(value, where);
  return {
    bin: r.text(o.bin, `${where}.bin`),
    region: field.oneOf(o.region, [...REGION_NAMES, 'all'] as const, `${where}.region`, fail),
    pixels: r.count(o.pixels, `${where}.pixels`),
    meanLoss: estimate(r, fail, o.meanLoss, `${where}.meanLoss`),
    meanFloor: nullableEstimate(r, fail, o.meanFloor, `${where}.meanFloor`),
    meanExcess: nullableEstimate(r, fail, o.meanExcess, `${where}.meanExcess`),
    share: estimate(r, fail, o.share, `${where}.share`),
  };
}

function curvePoint(r: Readers, fail: field.Fail, value: unknown, where: string): CurvePoint {
  const o = r.object(value, where);
  return { epoch: r.count(o.epoch, `${where}.epoch`), trainLoss: estimate(r, fail, o.trainLoss, `${where}.trainLoss`), testLoss: estimate(r, fail, o.testLoss, `${where}.testLoss`) };
}

function sample(r: Readers, value: unknown, where: string): ReconstructionSample {
  const o = r.object(value, where);
  return {
    index: r.count(o.index, `${where}.index`),
    seed: r.count(o.seed, `${where}.seed`),
    size: r.count(o.size, `${where}.size`),
    noisy: r.numbers(o.noisy, `${where}.noisy`),
    output: r.numbers(o.output, `${where}.output`),
    target: r.numbers(o.target, `${where}.target`),
  };
}

/** A variant's geometry: `size` and `pad` for the tool's own square runs, else `geometry`; null when it has neither. */
function variantShape(r: Readers, v: Record<string, unknown>, where: string): Pick<VariantSummary, 'size' | 'pad' | 'geometry'> | null {
  if (typeof v.size === 'number' && typeof v.pad === 'number') return { size: r.count(v.size, `${where}.size`), pad: r.count(v.pad, `${where}.pad`) };
  const g = v.geometry;
  if (!field.isRecord(g) || typeof g.height !== 'number' || typeof g.width !== 'number' || typeof g.channels !== 'number' || !field.isRecord(g.pads)) return null;
  const pads = g.pads;
  if (!['top', 'bottom', 'left', 'right'].every((side) => typeof pads[side] === 'number')) return null;
  const at = `${where}.geometry`;
  const geometry: VariantGeometry = {
    height: r.count(g.height, `${at}.height`),
    width: r.count(g.width, `${at}.width`),
    pads: { top: r.count(pads.top, `${at}.pads.top`), bottom: r.count(pads.bottom, `${at}.pads.bottom`), left: r.count(pads.left, `${at}.pads.left`), right: r.count(pads.right, `${at}.pads.right`) },
    channels: r.count(g.channels, `${at}.channels`),
  };
  return { geometry };
}

function variant(r: Readers, fail: field.Fail, value: unknown, i: number): VariantSummary {
  if (!field.isRecord(value) || typeof value.variant !== 'string') return fail(`variants[${i}] has no 'variant' name`);
  const v = value;
  const where = `variants[${i}] (${value.variant})`;
  // The tool's own square runs carry size and pad; an open-format variant of any other shape carries geometry.
  const shape = variantShape(r, v, where);
  if (shape === null) return fail(`${where} has neither 'size' and 'pad' nor a 'geometry' with height, width, pads and channels`);
  const height = shape.geometry?.height ?? shape.size ?? 0;
  const width = shape.geometry?.width ?? shape.size ?? 0;
  const testLoss = estimate(r, fail, v.testLoss, `${where}.testLoss`);
  // A run without a training loss, or a loss without a floor (mse, l1), writes null here.
  const finalTrainLoss = nullableEstimate(r, fail, v.finalTrainLoss, `${where}.finalTrainLoss`);
  const entropyFloor = nullableEstimate(r, fail, v.entropyFloor, `${where}.entropyFloor`);
  if (!Array.isArray(v.meanLossMap) || v.meanLossMap.length !== height * width || !v.meanLossMap.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    return fail(`${where}.meanLossMap is not ${height}x${width} finite numbers`);
  }
  for (const list of ['regions', 'intensity', 'curves', 'samples'] as const) {
    if (!Array.isArray(v[list])) fail(`${where}.${list} is not a list`);
  }
  const unavailable = v.unavailable === undefined ? undefined : r.texts(v.unavailable, `${where}.unavailable`);
  return {
    variant: value.variant,
    ...shape,
    padMode: field.oneOf(v.padMode, SUMMARY_PAD_MODES, `${where}.padMode`, fail),
    lossRegion: field.oneOf(v.lossRegion, ['all', 'original'] as const, `${where}.lossRegion`, fail),
    seeds: r.numbers(v.seeds, `${where}.seeds`),
    backends: r.list(v.backends, `${where}.backends`).map((b, j) => r.nullableText(b, `${where}.backends[${j}]`)),
    finalTrainLoss,
    testLoss,
    originalLoss: estimate(r, fail, v.originalLoss, `${where}.originalLoss`),
    entropyFloor,
    excess: nullableEstimate(r, fail, v.excess, `${where}.excess`),
    regions: r.list(v.regions, `${where}.regions`).map((x, j) => region(r, fail, x, `${where}.regions[${j}]`)),
    intensity: r.list(v.intensity, `${where}.intensity`).map((x, j) => intensityBin(r, fail, x, `${where}.intensity[${j}]`)),
    curves: r.list(v.curves, `${where}.curves`).map((x, j) => curvePoint(r, fail, x, `${where}.curves[${j}]`)),
    padNonZeroShare: r.nullableFinite(v.padNonZeroShare, `${where}.padNonZeroShare`),
    meanLossMap: r.numbers(v.meanLossMap, `${where}.meanLossMap`),
    samples: r.list(v.samples, `${where}.samples`).map((x, j) => sample(r, x, `${where}.samples[${j}]`)),
    trainSeconds: r.list(v.trainSeconds, `${where}.trainSeconds`).map((s, j) => r.nullableFinite(s, `${where}.trainSeconds[${j}]`)),
    ...(unavailable === undefined ? {} : { unavailable }),
  };
}

function pairedTest(r: Readers, fail: field.Fail, value: unknown, where: string): PairedTestSummary {
  const o = r.object(value, where);
  const p = (key: string): number | null => r.nullableFinite(o[key], `${where}.${key}`);
  return {
    quantity: r.quantity(o.quantity, `${where}.quantity`),
    n: r.count(o.n, `${where}.n`),
    meanDifference: r.finite(o.meanDifference, `${where}.meanDifference`),
    ci95: r.interval(o.ci95, `${where}.ci95`),
    t: p('t'),
    df: p('df'),
    pT: p('pT'),
    wilcoxonV: p('wilcoxonV'),
    pWilcoxon: p('pWilcoxon'),
    wilcoxonMethod: o.wilcoxonMethod === null ? null : field.oneOf(o.wilcoxonMethod, ['exact', 'normal'] as const, `${where}.wilcoxonMethod`, fail),
    pHolm: p('pHolm'),
    dz: p('dz'),
    gAv: p('gAv'),
    bootstrapCi95: r.interval(o.bootstrapCi95, `${where}.bootstrapCi95`),
    notes: r.texts(o.notes, `${where}.notes`),
  };
}

function pairing(r: Readers, value: unknown, where: string): PairingSummary {
  const o = r.object(value, where);
  const x = (key: string): number | null => r.nullableFinite(o[key], `${where}.${key}`);
  return {
    correlation: x('correlation'),
    sdA: x('sdA'),
    sdB: x('sdB'),
    sdDifference: x('sdDifference'),
    sePaired: x('sePaired'),
    seUnpaired: x('seUnpaired'),
    varianceReduction: x('varianceReduction'),
    notes: r.texts(o.notes, `${where}.notes`),
  };
}

function power(r: Readers, value: unknown, where: string): PowerSummary {
  const o = r.object(value, where);
  const x = (key: string): number | null => r.nullableFinite(o[key], `${where}.${key}`);
  const seeds = (key: string): number | null => field.nullable(o[key], `${where}.${key}`, r.count);
  return {
    effect: r.finite(o.effect, `${where}.effect`),
    alpha: r.finite(o.alpha, `${where}.alpha`),
    familySize: r.count(o.familySize, `${where}.familySize`),
    testLevel: r.finite(o.testLevel, `${where}.testLevel`),
    targetPower: r.finite(o.targetPower, `${where}.targetPower`),
    seedsForPower: seeds('seedsForPower'),
    exactSeedsForPower: x('exactSeedsForPower'),
    halfWidth: x('halfWidth'),
    seedsForHalfWidth: seeds('seedsForHalfWidth'),
    halfWidthNow: x('halfWidthNow'),
    notes: r.texts(o.notes, `${where}.notes`),
  };
}

function gapTerm(r: Readers, fail: field.Fail, value: unknown, where: string): GapTermSummary {
  const o = r.object(value, where);
  return {
    term: field.oneOf(o.term, GAP_TERMS, `${where}.term`, fail),
    estimate: estimate(r, fail, o.estimate, `${where}.estimate`),
    test: pairedTest(r, fail, o.test, `${where}.test`),
    // Absent in documents written before they existed.
    ...(o.pairing === undefined ? {} : { pairing: pairing(r, o.pairing, `${where}.pairing`) }),
    ...(o.power === undefined ? {} : { power: power(r, o.power, `${where}.power`) }),
  };
}

function comparison(r: Readers, fail: field.Fail, value: unknown, where: string): ComparisonSummary {
  const o = r.object(value, where);
  const sameAs = r.object(o.sameHypothesisAs, `${where}.sameHypothesisAs`);
  return {
    a: r.text(o.a, `${where}.a`),
    b: r.text(o.b, `${where}.b`),
    pairedSeeds: r.numbers(o.pairedSeeds, `${where}.pairedSeeds`),
    terms: r.list(o.terms, `${where}.terms`).map((t, j) => gapTerm(r, fail, t, `${where}.terms[${j}]`)),
    tests: r.list(o.tests, `${where}.tests`).map((t, j) => pairedTest(r, fail, t, `${where}.tests[${j}]`)),
    holmFamily: r.list(o.holmFamily, `${where}.holmFamily`).map((q, j) => r.quantity(q, `${where}.holmFamily[${j}]`)),
    sameHypothesisAs: Object.fromEntries(
      Object.entries(sameAs).map(([key, member]) => [r.quantity(key, `${where}.sameHypothesisAs (a key)`), r.quantity(member, `${where}.sameHypothesisAs.${key}`)]),
    ),
  };
}

function prediction(r: Readers, fail: field.Fail, value: unknown, where: string): PredictionSummary {
  const o = r.object(value, where);
  return {
    from: r.text(o.from, `${where}.from`),
    variant: r.text(o.variant, `${where}.variant`),
    padCostSource: r.text(o.padCostSource, `${where}.padCostSource`),
    padCost: r.finite(o.padCost, `${where}.padCost`),
    predicted: r.finite(o.predicted, `${where}.predicted`),
    measured: estimate(r, fail, o.measured, `${where}.measured`),
  };
}

function settings(r: Readers, value: unknown): Summary['settings'] {
  const o = r.object(value, 'settings');
  const setting = (key: string): number | null => r.nullableFinite(o[key], `settings.${key}`);
  return {
    epochs: setting('epochs'),
    batchSize: setting('batchSize'),
    noiseFactor: setting('noiseFactor'),
    trainSize: setting('trainSize'),
    testSize: setting('testSize'),
    edgeWidth: r.count(o.edgeWidth, 'settings.edgeWidth'),
    ...(o.pairing === undefined ? {} : { pairing: r.nullableText(o.pairing, 'settings.pairing') }),
    ...(o.pairingByVariant === undefined ? {} : { pairingByVariant: r.strings(o.pairingByVariant, 'settings.pairingByVariant') }),
  };
}

function provenance(r: Readers, value: unknown): Summary['provenance'] {
  const o = r.object(value, 'provenance');
  return {
    command: r.nullableText(o.command, 'provenance.command'),
    packages: r.strings(o.packages, 'provenance.packages'),
    node: r.nullableText(o.node, 'provenance.node'),
    backends: r.texts(o.backends, 'provenance.backends'),
    dataFiles: r.list(o.dataFiles, 'provenance.dataFiles').map((f, i) => {
      const file = r.object(f, `provenance.dataFiles[${i}]`);
      return { file: r.text(file.file, `provenance.dataFiles[${i}].file`), sha256: r.text(file.sha256, `provenance.dataFiles[${i}].sha256`) };
    }),
    runs: r.list(o.runs, 'provenance.runs').map((x, i) => {
      const where = `provenance.runs[${i}]`;
      const run = r.object(x, where);
      return {
        variant: r.text(run.variant, `${where}.variant`),
        seed: r.count(run.seed, `${where}.seed`),
        dir: r.text(run.dir, `${where}.dir`),
        backend: r.nullableText(run.backend, `${where}.backend`),
        seconds: r.nullableFinite(run.seconds, `${where}.seconds`),
      };
    }),
  };
}

/**
 * Checks a parsed summary.json (the value of `parseJsonFile`) field by field and returns it typed;
 * `fail` is called with the first problem, as `<field> <what is wrong>` (for example
 * `'schemaVersion' is missing, not 1`).
 *
 * @example
 * const fail = failFor((problem) => new FilesError('bad-shape', path, `${path} is not a summary of this tool (${problem})`));
 * parseSummary(parseJsonFile(text, path), fail).variants.map((v) => v.variant); // ['baseline28', 'edge32']
 */
export function parseSummary(json: unknown, fail: field.Fail): Summary {
  const r = readers(fail);
  if (!field.isRecord(json)) return fail('the document is not an object');
  const value = json;
  if (value.schemaVersion !== 1) return fail(`'schemaVersion' is ${JSON.stringify(value.schemaVersion) ?? 'missing'}, not 1`);
  for (const list of ['variants', 'comparisons', 'predictions'] as const) {
    if (!Array.isArray(value[list])) fail(`'${list}' is not a list`);
  }
  if (!field.isRecord(value.settings)) fail("'settings' is not an object");
  if (!field.isRecord(value.provenance)) fail("'provenance' is not an object");
  const variants = r.list(value.variants, 'variants');
  if (variants.length === 0) fail("'variants' is empty");
  const tool = r.object(value.tool, 'tool');
  const experiment = value.experiment === undefined ? undefined : r.object(value.experiment, 'experiment');
  const reference = value.reference === null ? null : r.object(value.reference, 'reference');
  return {
    schemaVersion: 1,
    tool: { name: r.text(tool.name, 'tool.name'), version: r.text(tool.version, 'tool.version') },
    dataset: r.text(value.dataset, 'dataset'),
    // Absent for BCE (the tool's own runs).
    ...(value.loss === undefined ? {} : { loss: field.oneOf(value.loss, ['mse', 'l1'] as const, 'loss', fail) }),
    settings: settings(r, value.settings),
    reference: reference === null ? null : Object.fromEntries(Object.entries(reference).map(([key, x]) => [key, r.finite(x, `reference.${key}`)])),
    variants: variants.map((v, i) => variant(r, fail, v, i)),
    comparisons: r.list(value.comparisons, 'comparisons').map((c, i) => comparison(r, fail, c, `comparisons[${i}]`)),
    predictions: r.list(value.predictions, 'predictions').map((p, i) => prediction(r, fail, p, `predictions[${i}]`)),
    provenance: provenance(r, value.provenance),
    // An open-format experiment's own words (added after the rest, as summarizeOpenExperiment does).
    ...(experiment === undefined
      ? {}
      : {
          experiment: {
            question: r.text(experiment.question, 'experiment.question'),
            datasetLabel: r.text(experiment.datasetLabel, 'experiment.datasetLabel'),
            loss: r.text(experiment.loss, 'experiment.loss'),
            labels: r.strings(experiment.labels, 'experiment.labels'),
          },
        }),
  };
}
