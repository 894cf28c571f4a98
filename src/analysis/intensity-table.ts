import { AnalysisError } from './errors.js';
import { binIndexer, intensityBins, validateIntensityBins, type IntensityBin } from './intensity-bins.js';
import { assertImageArray, assertPositiveInteger, describeIndex, nonFiniteError, type FloatArray } from './validate.js';
import { isRecord } from '../json/fields.js';
import { parseJsonText } from '../json/parse-text.js';

/**
 * Per location x intensity-bin sums over a set of images: the small, storable summary of a run's per-pixel losses.
 * Arrays have `bins.length * height * width` entries, bin-major: cell `(b, y, x)` is at `b * height * width + y * width + x`,
 * so `count.subarray(b * H * W, (b + 1) * H * W)` is bin b's H x W count map.
 */
export interface IntensityTable {
  height: number;
  width: number;
  /** Number of images summed. */
  images: number;
  bins: IntensityBin[];
  /** Pixels whose clean target falls in the bin, per location. */
  count: Float64Array;
  /** Sum of their per-pixel losses. */
  lossSum: Float64Array;
  /** Sum of their loss floors `H(t)` (binary entropy of the target, nats); all 0 when `floorKind` is 'none'. */
  floorSum: Float64Array;
  /**
   * What `floorSum` holds: 'binary-entropy' (the default when absent: BCE's floor) or 'none' (MSE, L1: no floor;
   * `floorSum` is 0 and must not be reported as a floor).
   */
  floorKind?: 'binary-entropy' | 'none';
}

/** JSON form of an {@link IntensityTable} (plain number arrays; float64 values round-trip exactly through JSON). */
export interface IntensityTableJSON {
  format: 'boundary-effects/intensity-table';
  version: 1;
  height: number;
  width: number;
  images: number;
  bins: IntensityBin[];
  count: number[];
  lossSum: number[];
  floorSum: number[];
  floorKind?: 'binary-entropy' | 'none';
}

/**
 * Builds the location x intensity-bin table from per-pixel losses and the clean targets they were computed against
 * (both NHWC, C = 1, same length), in one float64 pass. Targets outside the bins (default: [0, 1]) or non-finite
 * values throw an `AnalysisError` naming the image, row and column.
 *
 * @example
 * // one 1x2 image: a black pixel with loss 0.01 and a grey (0.5) pixel with loss 0.7
 * const t = intensityTable(new Float64Array([0.01, 0.7]), new Float64Array([0, 0.5]), 1, 1, 2);
 * t.count[0 * 2 + 0];   // 1   (bin '0', x = 0)
 * t.lossSum[5 * 2 + 1]; // 0.7 (bin '(0.4, 0.5]', x = 1)
 * t.floorSum[5 * 2 + 1]; // 0.6931471805599453 (ln 2)
 */
export function intensityTable(
  losses: FloatArray,
  targets: FloatArray,
  count: number,
  height: number,
  width: number,
  bins: readonly IntensityBin[] = intensityBins(),
): IntensityTable {
  assertImageArray(losses, 'losses', count, height, width);
  assertImageArray(targets, 'targets', count, height, width);
  const binOf = binIndexer(bins);
  const plane = height * width;
  const cells = bins.length * plane;
  const cnt = new Float64Array(cells);
  const lossSum = new Float64Array(cells);
  const floorSum = new Float64Array(cells);
  // Targets repeat a lot (MNIST: uint8 / 255, mostly 0), so remember the last value's bin and entropy.
  let lastT = Number.NaN;
  let lastOffset = 0;
  let lastFloor = 0;
  for (let n = 0, idx = 0; n < count; n++) {
    for (let i = 0; i < plane; i++, idx++) {
      const l = losses[idx];
      if (l - l !== 0) throw nonFiniteError('losses', l, idx, height, width);
      const t = targets[idx];
      if (t !== lastT) {
        const b = binOf(t);
        if (b < 0) {
          throw new AnalysisError(
            'value',
            `targets has ${String(t)} at ${describeIndex(idx, height, width)}, outside every intensity bin ` +
              `(${bins[0].label} .. ${bins[bins.length - 1].label}); pass clean targets in [0, 1] or widen the bins.`,
          );
        }
        lastT = t;
        lastOffset = b * plane;
        lastFloor = t > 0 && t < 1 ? -(t * Math.log(t) + (1 - t) * Math.log1p(-t)) : 0;
      }
      const cell = lastOffset + i;
      cnt[cell] += 1;
      lossSum[cell] += l;
      floorSum[cell] += lastFloor;
    }
  }
  return { height, width, images: count, bins: bins.map((b) => ({ ...b })), count: cnt, lossSum, floorSum };
}

/**
 * The location x intensity-bin table for any loss and C >= 1 channels: `losses` (per pixel, already reduced over
 * channels), `binValues` (the value each pixel is binned by, e.g. the mean clean target over channels) and
 * `floors` (the per-pixel floor, e.g. the mean over channels of H(t_c); null for a loss without a floor, then
 * `floorKind` is 'none' and `floorSum` is 0). All N x H x W.
 *
 * @example
 * const l = channelPixelLosses('mse', targets, predictions, n, h, w, 3);
 * const table = intensityTableWithFloors(l.loss, l.target, l.floor, n, h, w); // table.floorKind === 'none'
 */
export function intensityTableWithFloors(
  losses: FloatArray,
  binValues: FloatArray,
  floors: FloatArray | null,
  count: number,
  height: number,
  width: number,
  bins: readonly IntensityBin[] = intensityBins(),
): IntensityTable {
  assertImageArray(losses, 'losses', count, height, width);
  assertImageArray(binValues, 'binValues', count, height, width);
  if (floors !== null) assertImageArray(floors, 'floors', count, height, width);
  const binOf = binIndexer(bins);
  const plane = height * width;
  const cells = bins.length * plane;
  const cnt = new Float64Array(cells);
  const lossSum = new Float64Array(cells);
  const floorSum = new Float64Array(cells);
  for (let n = 0, idx = 0; n < count; n++) {
    for (let i = 0; i < plane; i++, idx++) {
      const l = losses[idx];
      if (l - l !== 0) throw nonFiniteError('losses', l, idx, height, width);
      const b = binOf(binValues[idx]);
      if (b < 0) {
        throw new AnalysisError(
          'value',
          `binValues has ${String(binValues[idx])} at ${describeIndex(idx, height, width)}, outside every intensity bin ` +
            `(${bins[0].label} .. ${bins[bins.length - 1].label}); pass clean targets in [0, 1] or widen the bins.`,
        );
      }
      const cell = b * plane + i;
      cnt[cell] += 1;
      lossSum[cell] += l;
      if (floors !== null) floorSum[cell] += floors[idx];
    }
  }
  return {
    height,
    width,
    images: count,
    bins: bins.map((b) => ({ ...b })),
    count: cnt,
    lossSum,
    floorSum,
    floorKind: floors === null ? 'none' : 'binary-entropy',
  };
}

function sameBins(a: readonly IntensityBin[], b: readonly IntensityBin[]): boolean {
  return (
    a.length === b.length &&
    a.every((x, i) => x.lo === b[i].lo && x.hi === b[i].hi && x.loInclusive === b[i].loInclusive && x.hiInclusive === b[i].hiInclusive)
  );
}

/**
 * Adds two tables over disjoint image sets (e.g. batches), so a split can be summarised without holding
 * every per-pixel loss at once. Sizes and bins must match.
 *
 * @example
 * const all = mergeIntensityTables(tableOfBatch1, tableOfBatch2); // all.images = batch1 + batch2
 */
export function mergeIntensityTables(a: IntensityTable, b: IntensityTable): IntensityTable {
  if (a.height !== b.height || a.width !== b.width) {
    throw new AnalysisError('length', `cannot merge a ${a.height}x${a.width} table with a ${b.height}x${b.width} table; sizes must match.`);
  }
  if (!sameBins(a.bins, b.bins)) throw new AnalysisError('bins', 'cannot merge tables with different intensity bins; build both with the same bins.');
  if ((a.floorKind ?? 'binary-entropy') !== (b.floorKind ?? 'binary-entropy')) {
    throw new AnalysisError('bins', 'cannot merge a table with a loss floor and one without; build both with the same loss.');
  }
  const add = (x: Float64Array, y: Float64Array): Float64Array => {
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) out[i] = x[i] + y[i];
    return out;
  };
  return {
    height: a.height,
    width: a.width,
    images: a.images + b.images,
    bins: a.bins.map((x) => ({ ...x })),
    count: add(a.count, b.count),
    lossSum: add(a.lossSum, b.lossSum),
    floorSum: add(a.floorSum, b.floorSum),
    ...(a.floorKind === undefined ? {} : { floorKind: a.floorKind }),
  };
}

/**
 * The mean per-pixel loss map recovered from a table (sum over bins of `lossSum`, divided by `images`);
 * equal to {@link meanLossMap} of the same losses up to float64 rounding. So a stored table also stores the map.
 *
 * @example
 * tableLossMap(intensityTable(new Float32Array([1, 2, 3, 6]), new Float32Array([0, 1, 0, 0.5]), 2, 1, 2)); // Float64Array [2, 4]
 */
export function tableLossMap(table: IntensityTable): Float64Array {
  const plane = table.height * table.width;
  const out = new Float64Array(plane);
  for (let b = 0; b < table.bins.length; b++) {
    const off = b * plane;
    for (let i = 0; i < plane; i++) out[i] += table.lossSum[off + i];
  }
  for (let i = 0; i < plane; i++) out[i] /= table.images;
  return out;
}

/**
 * Converts a table to plain JSON (`JSON.stringify`-ready).
 *
 * @example
 * fs.writeFileSync('test-intensity-table.json', JSON.stringify(intensityTableToJSON(table)));
 */
export function intensityTableToJSON(table: IntensityTable): IntensityTableJSON {
  return {
    format: 'boundary-effects/intensity-table',
    version: 1,
    height: table.height,
    width: table.width,
    images: table.images,
    bins: table.bins.map((b) => ({ ...b })),
    count: Array.from(table.count),
    lossSum: Array.from(table.lossSum),
    floorSum: Array.from(table.floorSum),
    ...(table.floorKind === undefined ? {} : { floorKind: table.floorKind }),
  };
}

/**
 * Reads a table back from its JSON form (an object or a JSON string), checking every field.
 * Throws `AnalysisError` 'json' saying which field is wrong.
 *
 * @example
 * const table = intensityTableFromJSON(fs.readFileSync('test-intensity-table.json', 'utf8'));
 */
export function intensityTableFromJSON(json: unknown): IntensityTable {
  let value: unknown = json;
  if (typeof json === 'string') {
    const parsed = parseJsonText(json);
    if (!parsed.ok) throw new AnalysisError('json', `intensity table is not valid JSON (${parsed.where}).`);
    value = parsed.value;
  }
  if (!isRecord(value)) throw new AnalysisError('json', 'intensity table JSON must be an object.');
  if (value.format !== 'boundary-effects/intensity-table' || value.version !== 1) {
    throw new AnalysisError('json', `expected format 'boundary-effects/intensity-table' version 1, got ${JSON.stringify(value.format)} version ${JSON.stringify(value.version)}.`);
  }
  const int = (key: string): number => {
    const v = value[key];
    if (typeof v !== 'number') throw new AnalysisError('json', `field '${key}' must be a number.`);
    try {
      assertPositiveInteger(v, key);
    } catch {
      throw new AnalysisError('json', `field '${key}' must be a positive integer, got ${v}.`);
    }
    return v;
  };
  const height = int('height');
  const width = int('width');
  const images = int('images');
  if (!Array.isArray(value.bins)) throw new AnalysisError('json', "field 'bins' must be an array of bins.");
  const bins: IntensityBin[] = value.bins.map((b: unknown, i: number) => {
    if (
      !isRecord(b) ||
      typeof b.label !== 'string' ||
      typeof b.lo !== 'number' ||
      typeof b.hi !== 'number' ||
      typeof b.loInclusive !== 'boolean' ||
      typeof b.hiInclusive !== 'boolean'
    ) {
      throw new AnalysisError('json', `bins[${i}] must be { label: string, lo: number, hi: number, loInclusive: boolean, hiInclusive: boolean }.`);
    }
    return { label: b.label, lo: b.lo, hi: b.hi, loInclusive: b.loInclusive, hiInclusive: b.hiInclusive };
  });
  try {
    validateIntensityBins(bins);
  } catch (e) {
    throw new AnalysisError('json', `field 'bins' is invalid: ${(e as Error).message}`);
  }
  const cells = bins.length * height * width;
  const arr = (key: string): Float64Array => {
    const v = value[key];
    if (!Array.isArray(v) || v.length !== cells) {
      throw new AnalysisError('json', `field '${key}' must be an array of ${cells} numbers (bins x height x width).`);
    }
    const out = new Float64Array(cells);
    for (let i = 0; i < cells; i++) {
      const x: unknown = v[i];
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new AnalysisError('json', `field '${key}' has a non-number at index ${i}.`);
      out[i] = x;
    }
    return out;
  };
  const floorKind = value.floorKind;
  if (floorKind !== undefined && floorKind !== 'binary-entropy' && floorKind !== 'none') {
    throw new AnalysisError('json', `field 'floorKind' must be 'binary-entropy' or 'none', got ${JSON.stringify(floorKind)}.`);
  }
  const table: IntensityTable = { height, width, images, bins, count: arr('count'), lossSum: arr('lossSum'), floorSum: arr('floorSum') };
  if (floorKind !== undefined) table.floorKind = floorKind;
  return table;
}
