/**
 * Figure 9 — reconstructions: noisy input, network output and clean target of a few fixed test digits,
 * per variant (grayscale heatmaps: black 0, white 1), in original-image coordinates so the pad ring shows.
 */
import { originalShape, variantGeometry } from '../../summary/variant-geometry.js';
import type { TopLevelSpec } from 'vega-lite';
import { imageNoun } from '../experiment.js';
import type { ReconstructionSample, Summary } from '../../summary/types.js';
import { figureContext, withTheme, type FigureContext } from './common.js';
import { cellPosition, packedCellTransforms, packImage, type ImageRow } from './image-grid.js';

/** Which image of a sample a panel shows. */
export type ReconstructionPanel = 'noisy input' | 'output' | 'clean target';

const PANELS: Array<{ panel: ReconstructionPanel; field: 'noisy' | 'output' | 'target' }> = [
  { panel: 'noisy input', field: 'noisy' },
  { panel: 'output', field: 'output' },
  { panel: 'clean target', field: 'target' },
];

/** One panel: an image quantised to 0..255 (the display's grey levels), packed as `i * 256 + q`. */
export interface ReconstructionRow extends ImageRow {
  variant: string;
  digit: number;
  seed: number;
  panel: ReconstructionPanel;
  /** Facet column label, `#<digit> <panel>`. */
  column: string;
  order: number;
}

/**
 * The reconstruction panels: for every variant, up to `maxDigits` test digits (the lowest seed's sample of
 * each digit, digits in ascending index), three panels each. Values are quantised to 0..255 and packed
 * with their cell index (see `packImage`).
 *
 * @example
 * reconstructionData(summary, { maxDigits: 2 }).length; // variants x 2 digits x 3 panels
 */
export function reconstructionData(summary: Summary, options: { maxDigits?: number } = {}): ReconstructionRow[] {
  const maxDigits = options.maxDigits ?? 3;
  const common = commonDigits(summary).slice(0, maxDigits);
  const rows: ReconstructionRow[] = [];
  for (const v of summary.variants) {
    common.forEach((digit, d) => {
      const sample = v.samples
        .filter((s) => s.index === digit)
        .sort((x, y) => x.seed - y.seed)[0];
      if (!sample) return;
      const pad = (sample.size - originalShape(variantGeometry(v)).width) / 2;
      PANELS.forEach(({ panel, field }, p) => {
        const img = sample[field];
        if (img.length !== sample.size * sample.size) return;
        rows.push({
          key: `${v.variant}|${digit}|${panel}`,
          variant: v.variant,
          digit,
          seed: sample.seed,
          panel,
          column: `#${digit} ${panel}`,
          order: d * PANELS.length + p,
          width: sample.size,
          height: sample.size,
          padLeft: pad,
          padTop: pad,
          values: packImage(img),
        });
      });
    });
  }
  return rows;
}

/** Digit indices sampled by every variant that has samples (else by any), ascending. */
function commonDigits(summary: Summary): number[] {
  const withSamples = summary.variants.filter((v) => v.samples.length > 0);
  const sets = withSamples.map((v) => new Set(v.samples.map((s: ReconstructionSample) => s.index)));
  const all = [...new Set(withSamples.flatMap((v) => v.samples.map((s) => s.index)))].sort((a, b) => a - b);
  const shared = all.filter((i) => sets.every((s) => s.has(i)));
  return shared.length > 0 ? shared : all;
}

const CELL = 3;

/**
 * The reconstructions' encoding: facet rows = variants, columns = digit x panel; black background with
 * non-zero cells drawn as rects (a grey ramp from black 0 to white 1).
 *
 * @example
 * const spec = reconstructionSpec(reconstructionData(summary), figureContext(summary));
 */
export function reconstructionSpec(rows: ReconstructionRow[], ctx: FigureContext, noun = 'test images'): TopLevelSpec {
  const lo = -ctx.maxPad;
  const hi = ctx.originalSize + ctx.maxPad;
  const side = (hi - lo) * CELL;
  const columns = [...new Map(rows.map((r) => [r.column, r.order])).entries()].sort((a, b) => a[1] - b[1]).map(([c]) => c);
  const variants = [...new Set(rows.map((r) => r.variant))];
  const seeds = [...new Set(rows.map((r) => r.seed))];
  return withTheme({
    title: {
      text: `Reconstructions of fixed ${noun}`,
      subtitle: `Noisy input, network output and clean target per variant (seed ${seeds.join(', ')}); grey levels 0 (black) to 1 (white); light grey: outside the image.`,
    },
    data: { values: rows },
    facet: {
      row: { field: 'variant', type: 'nominal', sort: variants, title: null, header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'middle', labelBaseline: 'middle', labelLimit: 150, labelFontSize: 11 } },
      column: { field: 'column', type: 'nominal', sort: columns, title: null, header: { labelFontSize: 10, labelFontWeight: 'normal' } },
    },
    spacing: { row: 6, column: 4 },
    spec: {
      width: side,
      height: side,
      view: { fill: '#e6e6e6', stroke: null },
      layer: [
        {
          // the image's extent, black (= 0); zero cells are not drawn
          transform: [
            { calculate: '-datum.padLeft', as: 'x' },
            { calculate: 'datum.width - datum.padLeft', as: 'x2' },
            { calculate: '-datum.padTop', as: 'y' },
            { calculate: 'datum.height - datum.padTop', as: 'y2' },
          ],
          mark: { type: 'rect', color: '#000000', strokeWidth: 0 },
          encoding: { ...cellPosition(lo, hi, false, ctx.originalSize), tooltip: [{ field: 'variant', type: 'nominal' }, { field: 'size', type: 'quantitative', title: 'image side (pixels)' }] },
        },
        {
          transform: [...packedCellTransforms(), { filter: 'datum.raw > 0' }],
          mark: { type: 'rect', strokeWidth: 0 },
          encoding: {
            ...cellPosition(lo, hi, false, ctx.originalSize),
            color: { field: 'value', type: 'quantitative', scale: { domain: [0, 1], range: ['#000000', '#ffffff'] }, legend: null },
            tooltip: [{ field: 'value', type: 'quantitative', format: '.3f', title: 'pixel value' }],
          },
        },
      ],
    },
  });
}

/**
 * Figure 9 from a summary.
 *
 * @example
 * const spec = reconstructionFigure(summary);
 */
export function reconstructionFigure(summary: Summary, options: { maxDigits?: number } = {}): TopLevelSpec {
  return reconstructionSpec(reconstructionData(summary, options), figureContext(summary), imageNoun(summary));
}
