/**
 * Figure 6 — region means per variant (interior, edge ring, pad) with 95% CIs, one panel per region,
 * the paired tests between variants (Holm-adjusted p) written under each panel's title.
 */
import { largest, smallest } from '../../stats/extremes.js';
import type { TopLevelSpec } from 'vega-lite';
import type { RegionName, Summary } from '../../summary/types.js';
import { decisiveP, fmtEstimate, fmtP } from '../format.js';
import { LOSS_AXIS_TITLE } from '../theme.js';
import { estimateFields, figureContext, variantColor, withTheme, type EstimateFields, type FigureContext } from './common.js';

/** One variant's mean loss in one region. */
export interface RegionRow extends EstimateFields {
  variant: string;
  region: RegionName;
  pixels: number;
  /** The region's mean entropy floor; null (no tick drawn) when the loss has none. */
  floor: number | null;
}

/** One paired test's annotation line. */
export interface RegionTestRow {
  region: RegionName;
  text: string;
}

/** The region figure's data. */
export interface RegionData {
  rows: RegionRow[];
  tests: RegionTestRow[];
}

const REGIONS: RegionName[] = ['interior', 'edge', 'pad'];
const REGION_TITLE: Record<RegionName, string> = { interior: 'interior', edge: 'edge ring', pad: 'pad ring' };

/**
 * Region means of every variant and the annotation lines of the paired region tests (`region:<name>`).
 *
 * @example
 * regionData(summary).tests[0].text; // 'baseline28 − edge32: Δ +0.0031, p_Holm 0.004'
 */
export function regionData(summary: Summary): RegionData {
  const rows: RegionRow[] = summary.variants.flatMap((v) =>
    v.regions.map((r) => ({ variant: v.variant, region: r.region, pixels: r.pixels, floor: r.floor === null ? null : r.floor.mean, ...estimateFields(r.meanLoss) })),
  );
  const tests: RegionTestRow[] = [];
  for (const c of summary.comparisons) {
    for (const region of REGIONS) {
      const t = c.tests.find((x) => x.quantity === `region:${region}`);
      if (!t) continue;
      const p = decisiveP(t);
      const label = t.pHolm !== null ? 'p_Holm' : 'p';
      const stat = p === null ? `no test (n = ${t.n})` : `${label} ${fmtP(p)}`;
      tests.push({ region, text: `${c.a} − ${c.b}: Δ ${fmtEstimate(t.meanDifference, t.ci95, true)}, ${stat}` });
    }
  }
  return { rows, tests };
}

/**
 * A region's pixel count for a panel title; a range when the variants differ (the pad ring has 240
 * pixels at 32×32 and 512 at 36×36).
 *
 * @example
 * pixelCountText([240, 512, 240]); // '240–512 px'
 */
export function pixelCountText(counts: readonly number[]): string {
  if (counts.length === 0) return '0 px';
  const lo = smallest(counts);
  const hi = largest(counts);
  return lo === hi ? `${lo} px` : `${lo}–${hi} px`;
}

/**
 * A loss axis that holds every whisker: about five round ticks, the first at or below `lo` (never
 * below 0) and the last at or above `hi`, and the domain from the first tick to the last.
 *
 * @example
 * whiskerAxis(0.00245, 0.00263); // { domain: [0.00244, 0.00264], ticks: [0.00244, 0.00248, ..., 0.00264] }
 */
export function whiskerAxis(lo: number, hi: number): { domain: [number, number]; ticks: number[] } {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / 5;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const first = Math.max(0, Math.floor(lo / step - 1e-9) * step);
  const last = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let k = 0; first + k * step <= last + step * 1e-6; k++) ticks.push(Number((first + k * step).toPrecision(12)));
  return { domain: [ticks[0], ticks[ticks.length - 1]], ticks };
}

/**
 * The region figure's encoding: one panel per region (own y scale), variants as points with 95% CI.
 *
 * @example
 * const spec = regionSpec(regionData(summary), figureContext(summary));
 */
export function regionSpec(data: RegionData, ctx: FigureContext): TopLevelSpec {
  const regions = REGIONS.filter((r) => data.rows.some((x) => x.region === r));
  return withTheme({
    title: {
      text: 'Mean loss per region',
      subtitle: 'Mean test loss over each region’s pixels; points: mean over seeds, whiskers: 95% CI. Under each panel title: paired tests across seeds (Δ = a − b, Holm-adjusted p; CIs in the tables).',
    },
    hconcat: regions.map((region) => {
      const rows = data.rows.filter((r) => r.region === region);
      const variants = [...new Set(rows.map((r) => r.variant))];
      const pal = ctx.palette;
      const tests = data.tests.filter((t) => t.region === region).map((t) => t.text);
      const x = { field: 'variant', type: 'nominal' as const, sort: variants, title: null, axis: { labelAngle: -30 } };
      // The axis runs from a tick below the lowest whisker to a tick above the highest: left to
      // Vega-Lite, whiskers ran above the top tick of the axis (and could leave the plot).
      const axis = whiskerAxis(smallest(rows.map((r) => r.lo)), largest(rows.map((r) => r.hi)));
      const y = { type: 'quantitative' as const, title: LOSS_AXIS_TITLE, scale: { zero: false, nice: false, domain: axis.domain }, axis: { values: axis.ticks } };
      return {
        title: {
          text: `${REGION_TITLE[region]} (${pixelCountText(rows.map((r) => r.pixels))})`,
          subtitle: tests.length > 0 ? tests : ['no paired test'],
          subtitleFontSize: 9,
          fontSize: 12,
          anchor: 'start' as const,
        },
        data: { values: rows },
        width: Math.max(150, 46 * variants.length),
        height: 230,
        layer: [
          {
            mark: { type: 'rule' as const, strokeWidth: 1.5 },
            encoding: {
              x,
              y: { ...y, field: 'lo' },
              y2: { field: 'hi' },
              color: { ...variantColor(pal), legend: { orient: 'bottom' as const, direction: 'horizontal' as const } },
              tooltip: [
                { field: 'variant', type: 'nominal' as const },
                { field: 'lo', type: 'quantitative' as const, format: '.5f', title: '95% CI low' },
                { field: 'hi', type: 'quantitative' as const, format: '.5f', title: '95% CI high' },
              ],
            },
          },
          {
            mark: { type: 'point' as const, size: 60 },
            encoding: {
              x,
              y: { ...y, field: 'mean' },
              color: { ...variantColor(pal), legend: { orient: 'bottom' as const, direction: 'horizontal' as const } },
              tooltip: [
                { field: 'variant', type: 'nominal' as const },
                { field: 'region', type: 'nominal' as const },
                { field: 'mean', type: 'quantitative' as const, format: '.5f', title: 'mean BCE' },
                { field: 'lo', type: 'quantitative' as const, format: '.5f', title: 'CI low' },
                { field: 'hi', type: 'quantitative' as const, format: '.5f', title: 'CI high' },
              ],
            },
          },
        ],
      };
    }),
  });
}

/**
 * Figure 6 from a summary.
 *
 * @example
 * const spec = regionFigure(summary);
 */
export function regionFigure(summary: Summary): TopLevelSpec {
  return regionSpec(regionData(summary), figureContext(summary));
}
