/**
 * The report's figures in order, each with a file name, a caption and its Vega-Lite spec.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../summary/types.js';
import { imageNoun, lossLabel, relabelLoss } from '../experiment.js';
import { answerData, answerFigure } from './answer.js';
import { curveFigure } from './curves.js';
import { differenceMapFigure } from './difference-maps.js';
import { headlineFigure } from './headline.js';
import { intensityFigure } from './intensity.js';
import { lossMapFigure } from './loss-maps.js';
import { pairedSeedFigure } from './paired-seeds.js';
import { predictionFigure } from './prediction.js';
import { reconstructionFigure } from './reconstructions.js';
import { regionFigure } from './regions.js';
import { waterfallFigure } from './waterfall.js';
import { vegaSafeSpec } from './vega-keys.js';
import { checkReportLimits } from '../report-limit.js';

/** Stable figure names (file stems of the exports). */
export type FigureName =
  | 'answer'
  | 'headline'
  | 'gap-waterfall'
  | 'loss-maps'
  | 'difference-maps'
  | 'intensity'
  | 'regions'
  | 'curves'
  | 'paired-seeds'
  | 'reconstructions'
  | 'prediction';

/** One figure of the report. */
export interface ReportFigure {
  name: FigureName;
  /** Number in the report (1-based, in order of the figures present). */
  number: number;
  caption: string;
  spec: TopLevelSpec;
  /** Preferred browser renderer: canvas for figures with thousands of cells. */
  renderer: 'svg' | 'canvas';
}

/** Options of {@link buildFigures}. */
export interface BuildFiguresOptions {
  /** Reconstruction digits per variant (default 3). */
  maxDigits?: number;
  /** Only these figures (default: all that the summary has data for). */
  only?: FigureName[];
}

interface FigureDef {
  name: FigureName;
  /** The caption, or a function of the summary when its wording depends on the data. */
  caption: string | ((s: Summary) => string);
  renderer: 'svg' | 'canvas';
  available: (s: Summary) => boolean;
  build: (s: Summary, o: BuildFiguresOptions) => TopLevelSpec;
}

const hasComparisons = (s: Summary): boolean => s.comparisons.length > 0;

const DEFS: FigureDef[] = [
  { name: 'answer', renderer: 'svg', available: (s) => answerData(s) !== null, build: answerFigure, caption: (s) => { const d = answerData(s); return d === null ? '' : `The answer: ${d.comparison.a}'s test loss, minus the dilution by the pad pixels and the change on the same original pixels (edge ring, interior), is ${d.comparison.b}'s; the small same-pixel terms again on a zoomed scale (right). Positive terms lower the padded model's loss.`; } },
  { name: 'headline', renderer: 'svg', available: (s) => s.variants.length > 0, build: headlineFigure, caption: (s) => `Final test and train loss per variant (mean, 95% CI across seeds)${s.reference === null ? '' : ' against the losses reported in the question'}.` },
  { name: 'gap-waterfall', renderer: 'svg', available: hasComparisons, build: waterfallFigure, caption: 'Every comparison’s gap split exactly into the change on the same pixels (edge ring, interior) and the dilution by the pad pixels; labels give each term with the sign used in the text (positive lowers the second model’s loss).' },
  { name: 'loss-maps', renderer: 'canvas', available: (s) => s.variants.some((v) => v.meanLossMap.length > 0), build: lossMapFigure, caption: 'Per-pixel mean test loss of each variant on one colour scale, with the pad ring and the edge ring outlined.' },
  { name: 'difference-maps', renderer: 'canvas', available: hasComparisons, build: differenceMapFigure, caption: 'Per-pixel difference of the loss on the original pixels (a minus the central crop of b).' },
  { name: 'intensity', renderer: 'svg', available: (s) => s.variants.some((v) => v.intensity.length > 0), build: (s) => intensityFigure(s), caption: (s) => (s.loss === undefined ? 'Mean loss by clean-target intensity with the entropy floor of each bin.' : `Mean loss by clean-target intensity (${s.loss} has no entropy floor).`) },
  { name: 'regions', renderer: 'svg', available: (s) => s.variants.some((v) => v.regions.length > 0), build: regionFigure, caption: 'Mean loss per region (interior, edge ring, pad ring) with 95% CIs and the paired tests.' },
  { name: 'curves', renderer: 'svg', available: (s) => s.variants.some((v) => v.curves.length > 0), build: curveFigure, caption: 'Training curves: train and test loss per epoch, mean and 95% CI band across seeds.' },
  { name: 'paired-seeds', renderer: 'svg', available: hasComparisons, build: pairedSeedFigure, caption: 'Test loss of every seed under the two variants of each comparison.' },
  { name: 'reconstructions', renderer: 'canvas', available: (s) => s.variants.some((v) => v.samples.length > 0), build: (s, o) => reconstructionFigure(s, { maxDigits: o.maxDigits }), caption: (s) => `Noisy input, output and clean target of fixed ${imageNoun(s)}, per variant.` },
  { name: 'prediction', renderer: 'svg', available: (s) => s.predictions.length > 0, build: predictionFigure, caption: 'Measured loss of further pad widths and modes against the loss predicted from dilution (left), and measured minus predicted with its 95% CI (right): the prediction holds where the CI covers zero.' },
];

/** All figure names in report order. */
export const FIGURE_NAMES: readonly FigureName[] = DEFS.map((d) => d.name);

/**
 * Builds every figure the summary has data for, in report order.
 *
 * @example
 * buildFigures(summary).map((f) => f.name); // ['headline', 'gap-waterfall', ...]
 */
export function buildFigures(summary: Summary, options: BuildFiguresOptions = {}): ReportFigure[] {
  checkReportLimits(summary);
  const defs = DEFS.filter((d) => d.available(summary) && (!options.only || options.only.includes(d.name)));
  return defs.map((d, i) => ({
    name: d.name,
    number: i + 1,
    caption: typeof d.caption === 'string' ? d.caption : d.caption(summary),
    renderer: d.renderer,
    // Figures label losses as BCE; an mse or l1 summary gets its own loss name and unit. Names such as
    // `toString` are marked so that Vega does not mistake them for its objects' members (vega-keys.ts).
    spec: vegaSafeSpec(relabelLoss(d.build(summary, options), lossLabel(summary))),
  }));
}

export * from './answer.js';
export * from './common.js';
export * from './curves.js';
export * from './difference-maps.js';
export * from './headline.js';
export * from './image-grid.js';
export * from './intensity.js';
export * from './label-layout.js';
export * from './loss-maps.js';
export * from './paired-seeds.js';
export * from './prediction.js';
export * from './reconstructions.js';
export * from './regions.js';
export * from './waterfall.js';
export * from './vega-keys.js';
