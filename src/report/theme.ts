/**
 * The report's shared look: fonts, sizes, the colour-blind-safe variant palette (Okabe & Ito) and the
 * Vega-Lite `config` every figure uses, so all figures match.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../summary/types.js';

/** Vega-Lite's config object type. */
export type VlConfig = NonNullable<TopLevelSpec['config']>;

/** Font stack: Liberation Sans (metric-compatible with Arial/Helvetica) is installed for headless rendering. */
export const REPORT_FONT = 'Liberation Sans, Arial, Helvetica, sans-serif';

/** Axis title for per-pixel losses. */
export const LOSS_AXIS_TITLE = 'BCE (nats/pixel)';
/** Axis title for differences of per-pixel losses. */
export const LOSS_DIFF_AXIS_TITLE = 'Δ BCE (nats/pixel)';

/** Okabe–Ito colour-blind-safe palette, in the order variants receive them (yellow last: low contrast). */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'] as const;

/** Fixed colours for the two variants of the seed question, so they never change between reports. */
const FIXED: Readonly<Record<string, string>> = { baseline28: '#0072B2', edge32: '#D55E00' };

/** A variant -> colour mapping, as a Vega-Lite scale domain and range. */
export interface VariantPalette {
  domain: string[];
  range: string[];
}

/**
 * The fixed variant colour mapping shared by all figures: baseline28 blue, edge32 vermillion, the other
 * variants the remaining Okabe–Ito colours in summary order (cycling after eight).
 *
 * @example
 * variantPalette(['baseline28', 'edge32', 'zero32']);
 * // { domain: ['baseline28', 'edge32', 'zero32'], range: ['#0072B2', '#D55E00', '#009E73'] }
 */
export function variantPalette(variants: readonly string[]): VariantPalette {
  const free = OKABE_ITO.filter((c) => !Object.values(FIXED).includes(c) || !variants.some((v) => FIXED[v] === c));
  let k = 0;
  const range = variants.map((v) => {
    const fixed = Object.prototype.hasOwnProperty.call(FIXED, v) ? FIXED[v] : undefined;
    if (fixed !== undefined) return fixed;
    const c = free[k % free.length];
    k++;
    return c;
  });
  return { domain: [...variants], range };
}

/**
 * The same colours restricted to some variants (for figures that show only some): the mapping stays fixed.
 *
 * @example
 * subPalette(variantPalette(['baseline28', 'edge32']), ['edge32']); // { domain: ['edge32'], range: ['#D55E00'] }
 */
export function subPalette(palette: VariantPalette, variants: readonly string[]): VariantPalette {
  const keep = palette.domain.map((v, i) => [v, palette.range[i]] as const).filter(([v]) => variants.includes(v));
  return { domain: keep.map(([v]) => v), range: keep.map(([, c]) => c) };
}

/**
 * The palette of a summary's variants (in summary order).
 *
 * @example
 * paletteOf(summary).domain; // ['baseline28', 'edge32', ...]
 */
export function paletteOf(summary: Pick<Summary, 'variants'>): VariantPalette {
  return variantPalette(summary.variants.map((v) => v.variant));
}

/** Colour of one variant in a palette (grey when unknown). */
export function colorOf(palette: VariantPalette, variant: string): string {
  const i = palette.domain.indexOf(variant);
  return i >= 0 ? palette.range[i] : '#777777';
}

/**
 * The Vega-Lite config shared by every figure: fonts, sizes, grid and a white background.
 *
 * @example
 * const spec = { ...mySpec, config: reportConfig() };
 */
export function reportConfig(): VlConfig {
  return {
    font: REPORT_FONT,
    background: 'white',
    padding: 10,
    title: { fontSize: 14, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 11, subtitleColor: '#555555', subtitlePadding: 4 },
    axis: {
      labelFontSize: 11,
      titleFontSize: 12,
      titleFontWeight: 'normal',
      labelColor: '#222222',
      titleColor: '#222222',
      domainColor: '#555555',
      tickColor: '#555555',
      gridColor: '#e8e8e8',
    },
    legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', labelLimit: 220 },
    header: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 'normal', labelFontWeight: 'bold' },
    view: { stroke: '#d0d0d0' },
    text: { fontSize: 11 },
    point: { size: 55, filled: true, opacity: 1 },
    errorbar: { thickness: 1.5 },
    rule: { strokeWidth: 1.2 },
  };
}
