/**
 * Helpers shared by the figure builders: the figure context (palette), estimate rows, the top-level wrapper.
 */
import { largest, smallest } from '../../stats/extremes.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Estimate, Summary, VariantSummary } from '../../summary/types.js';
import { originalShape, variantGeometry } from '../../summary/variant-geometry.js';
import { nonNegativeInterval, round6 } from '../format.js';
import { paletteOf, reportConfig, type VariantPalette } from '../theme.js';

/** The Vega-Lite `$schema` every figure declares. */
export const VL_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** What encoding functions need besides their rows: the fixed variant colours and the summary's geometry. */
export interface FigureContext {
  palette: VariantPalette;
  /** Side of the original image (28 for MNIST). */
  originalSize: number;
  /** Width of the edge ring in pixels. */
  edgeWidth: number;
  /** Height and width of the original image. */
  originalHeight: number;
  originalWidth: number;
  /** Largest pad (any side) over the variants. */
  maxPad: number;
}

/**
 * The figure context of a summary.
 *
 * @example
 * figureContext(summary).palette.domain; // variant names in summary order
 */
export function figureContext(summary: Summary): FigureContext {
  const first = summary.variants[0];
  const original = first ? originalShape(variantGeometry(first)) : { height: 28, width: 28 };
  const originalSize = Math.max(original.height, original.width);
  return {
    palette: paletteOf(summary),
    originalSize,
    edgeWidth: summary.settings.edgeWidth,
    originalHeight: original.height,
    originalWidth: original.width,
    maxPad: summary.variants.reduce((m, v) => Math.max(m, ...Object.values(variantGeometry(v).pads)), 0),
  };
}

/** An estimate flattened to the numbers a figure draws (6 significant digits). */
export interface EstimateFields {
  mean: number;
  lo: number;
  hi: number;
  n: number;
  /** False when n < 2 (lo = hi = mean then). */
  hasCi: boolean;
}

/**
 * Flattens a loss's estimate for inline data. Every estimate a figure draws is a loss, which cannot
 * be negative: the interval is the t-based CI with a negative lower bound cut at 0.
 *
 * @example
 * estimateFields({ n: 2, mean: 1, sd: 0.1, ci95: [0.5, 1.5], values: [0.9, 1.1], seeds: [1, 2] });
 * // { mean: 1, lo: 0.5, hi: 1.5, n: 2, hasCi: true }
 */
export function estimateFields(e: Estimate): EstimateFields {
  const iv = nonNegativeInterval(e);
  return iv === null
    ? { mean: round6(e.mean), lo: round6(e.mean), hi: round6(e.mean), n: e.n, hasCi: false }
    : { mean: round6(e.mean), lo: round6(iv.lo), hi: round6(iv.hi), n: e.n, hasCi: true };
}

/** The variant summary with a given name, or undefined. */
export function findVariant(summary: Summary, name: string): VariantSummary | undefined {
  return summary.variants.find((v) => v.variant === name);
}

/** A colour encoding for the `variant` field with the fixed palette. */
export function variantColor(palette: VariantPalette, title: string | null = 'variant') {
  return {
    field: 'variant',
    type: 'nominal' as const,
    title,
    scale: { domain: palette.domain, range: palette.range },
  };
}

/**
 * Adds `$schema` and the shared config to a spec.
 *
 * @example
 * withTheme({ data: { values: [] }, mark: 'point' });
 */
export function withTheme(spec: TopLevelSpec): TopLevelSpec {
  return { $schema: VL_SCHEMA, ...spec, config: reportConfig() } as TopLevelSpec;
}

/** Variants' seed counts as a subtitle fragment: `n = 5 seeds` or `n = 3–5 seeds`. */
export function seedCountText(ns: number[]): string {
  if (ns.length === 0) return 'no seeds';
  const lo = smallest(ns);
  const hi = largest(ns);
  return lo === hi ? `n = ${lo} seed${lo === 1 ? '' : 's'}` : `n = ${lo}–${hi} seeds`;
}
