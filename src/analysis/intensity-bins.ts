import { AnalysisError } from './errors.js';

/** An interval of clean target values: from `lo` to `hi`, each end open or closed (a point bin has lo = hi, both closed). */
export interface IntensityBin {
  label: string;
  lo: number;
  hi: number;
  loInclusive: boolean;
  hiInclusive: boolean;
}

/** 0, 0.1, ..., 1: with point ends, the bins `0`, `(0, 0.1]`, ..., `(0.8, 0.9]`, `(0.9, 1)`, `1` (12 bins). */
export const DEFAULT_INTENSITY_EDGES: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

function fmt(v: number): string {
  return String(Number(v.toPrecision(12)));
}

function labelOf(bin: Omit<IntensityBin, 'label'>): string {
  if (bin.lo === bin.hi) return fmt(bin.lo);
  return `${bin.loInclusive ? '[' : '('}${fmt(bin.lo)}, ${fmt(bin.hi)}${bin.hiInclusive ? ']' : ')'}`;
}

/**
 * Bins of the clean target value from ascending edges `e0 < e1 < ... < ek`.
 * With `pointEnds` (default true): exactly `e0`; `(e0, e1]`; ...; `(e(k-2), e(k-1)]`; `(e(k-1), ek)`; exactly `ek`
 * (for MNIST: pure black and pure white apart from the grey levels). Without: `[e0, e1]`, `(e1, e2]`, ..., `(e(k-1), ek]`.
 *
 * @example
 * intensityBins([0, 0.5, 1]).map((b) => b.label); // ['0', '(0, 0.5]', '(0.5, 1)', '1']
 * intensityBins([0, 0.5, 1], { pointEnds: false }).map((b) => b.label); // ['[0, 0.5]', '(0.5, 1]']
 * intensityBins().length; // 12
 */
export function intensityBins(
  edges: readonly number[] = DEFAULT_INTENSITY_EDGES,
  options: { pointEnds?: boolean } = {},
): IntensityBin[] {
  const pointEnds = options.pointEnds ?? true;
  if (edges.length < 2) throw new AnalysisError('bins', `need at least two bin edges, got ${edges.length}.`);
  for (let i = 0; i < edges.length; i++) {
    if (!Number.isFinite(edges[i])) throw new AnalysisError('bins', `bin edge ${i} is ${String(edges[i])}; edges must be finite numbers.`);
    if (i > 0 && !(edges[i] > edges[i - 1])) {
      throw new AnalysisError('bins', `bin edges must be strictly ascending, but edge ${i} (${edges[i]}) <= edge ${i - 1} (${edges[i - 1]}).`);
    }
  }
  const raw: Array<Omit<IntensityBin, 'label'>> = [];
  const k = edges.length - 1;
  const first = edges[0];
  const last = edges[k];
  if (pointEnds) raw.push({ lo: first, hi: first, loInclusive: true, hiInclusive: true });
  for (let i = 0; i < k; i++) {
    raw.push({
      lo: edges[i],
      hi: edges[i + 1],
      loInclusive: !pointEnds && i === 0,
      hiInclusive: !(pointEnds && i === k - 1),
    });
  }
  if (pointEnds) raw.push({ lo: last, hi: last, loInclusive: true, hiInclusive: true });
  return raw.map((b) => ({ ...b, label: labelOf(b) }));
}

/**
 * Checks that bins are ascending and contiguous (each value between the first `lo` and the last `hi` falls in
 * exactly one bin). Throws `AnalysisError` 'bins' otherwise.
 *
 * @example
 * validateIntensityBins(intensityBins()); // ok
 */
export function validateIntensityBins(bins: readonly IntensityBin[]): void {
  if (bins.length === 0) throw new AnalysisError('bins', 'no intensity bins given; pass at least one bin.');
  bins.forEach((b, i) => {
    if (!Number.isFinite(b.lo) || !Number.isFinite(b.hi) || b.lo > b.hi) {
      throw new AnalysisError('bins', `bin ${i} ('${b.label}') has lo ${b.lo} > hi ${b.hi} or a non-finite end.`);
    }
    if (b.lo === b.hi && !(b.loInclusive && b.hiInclusive)) {
      throw new AnalysisError('bins', `bin ${i} ('${b.label}') is a point (lo = hi) but not closed at both ends, so it is empty.`);
    }
    if (i > 0) {
      const prev = bins[i - 1];
      if (prev.hi !== b.lo || prev.hiInclusive === b.loInclusive) {
        throw new AnalysisError(
          'bins',
          `bins ${i - 1} ('${prev.label}') and ${i} ('${b.label}') are not contiguous: the first must end where the second starts, ` +
            'with exactly one of them containing the shared end.',
        );
      }
    }
  });
}

/**
 * A fast lookup of the bin index of a value (binary search), -1 when the value is in no bin (or NaN).
 *
 * @example
 * const binOf = binIndexer(intensityBins());
 * binOf(0); binOf(0.05); binOf(1); binOf(1.5); // 0, 1, 11, -1
 */
export function binIndexer(bins: readonly IntensityBin[]): (value: number) => number {
  validateIntensityBins(bins);
  const n = bins.length;
  const hi = Float64Array.from(bins, (b) => b.hi);
  const hiInc = Uint8Array.from(bins, (b) => (b.hiInclusive ? 1 : 0));
  const lo0 = bins[0].lo;
  const lo0Inc = bins[0].loInclusive;
  return (v: number): number => {
    if (!(v > lo0 || (v === lo0 && lo0Inc))) return -1;
    // first bin whose upper end admits v
    let a = 0;
    let b = n;
    while (a < b) {
      const m = (a + b) >> 1;
      if (v < hi[m] || (v === hi[m] && hiInc[m] === 1)) b = m;
      else a = m + 1;
    }
    return a < n ? a : -1;
  };
}
