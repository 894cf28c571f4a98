/**
 * Figure 1 — the headline: final test and train loss per variant with 95% CIs across seeds, and the
 * seed question's reported losses (0.099 and 0.075) as labelled reference rules.
 */
import { largest, smallest } from '../../stats/extremes.js';
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../summary/types.js';
import { questionReferences } from '../experiment.js';
import { LOSS_AXIS_TITLE } from '../theme.js';
import { estimateFields, figureContext, seedCountText, variantColor, withTheme, type EstimateFields, type FigureContext } from './common.js';

/** One point of the headline: a variant's final loss on one split. */
export interface HeadlineRow extends EstimateFields {
  variant: string;
  split: 'test' | 'train';
}

/** A reference loss reported in the seed question. */
export interface ReferenceRow {
  label: string;
  value: number;
}

/** The headline's data. */
export interface HeadlineData {
  rows: HeadlineRow[];
  references: ReferenceRow[];
  /** The dataset the references were measured on, for the subtitle ('MNIST' for the seed question); absent: not named. */
  referencesOn?: string;
}

/**
 * The rows of the headline figure: test and final train loss of every variant, plus the references.
 *
 * @example
 * headlineData(summary).rows.filter((r) => r.split === 'test').map((r) => r.variant);
 */
export function headlineData(summary: Summary): HeadlineData {
  const rows: HeadlineRow[] = summary.variants.flatMap((v) => [
    { variant: v.variant, split: 'test' as const, ...estimateFields(v.testLoss) },
    // A run source without a final training loss draws no train point (never 0).
    ...(v.finalTrainLoss === null ? [] : [{ variant: v.variant, split: 'train' as const, ...estimateFields(v.finalTrainLoss) }]),
  ]);
  const references: ReferenceRow[] = questionReferences(summary).map((r) => ({ label: `question: ${r.variant} ≈ ${r.value}`, value: r.value }));
  return { rows, references, ...(summary.experiment === undefined && summary.dataset === 'mnist' ? { referencesOn: 'MNIST' } : {}) };
}

/**
 * The headline's encoding: points with 95% CI bars per variant (test filled circles, train open squares),
 * dashed reference rules with labels.
 *
 * @example
 * const spec = headlineSpec(headlineData(summary), figureContext(summary));
 */
export function headlineSpec(data: HeadlineData, ctx: FigureContext): TopLevelSpec {
  const variants = [...new Set(data.rows.map((r) => r.variant))];
  const color = variantColor(ctx.palette);
  const all = [...data.rows.flatMap((r) => [r.lo, r.hi]), ...data.references.map((r) => r.value)];
  const lo = smallest(all);
  const hi = largest(all);
  const padding = (hi - lo) * 0.08 || 0.005;
  const x = {
    type: 'quantitative' as const,
    title: LOSS_AXIS_TITLE,
    scale: { domain: [Math.max(0, lo - padding), hi + padding], zero: false, nice: false },
    // A narrow domain (losses close together) would otherwise get a crowded tick every 0.002.
    axis: { tickCount: 6 },
  };
  const y = { field: 'variant', type: 'nominal' as const, title: null, sort: variants };
  const yOffset = { field: 'split', type: 'nominal' as const, sort: ['test', 'train'], scale: { paddingInner: 0.2 } };
  return withTheme({
    title: {
      text: 'Final loss per variant',
      offset: 18,
      subtitle: [
        `Mean and 95% CI across seeds (${seedCountText(data.rows.map((r) => r.n))}). Filled circles: test loss; open squares: final train loss.`,
        ...(data.references.length > 0 ? [`Dashed lines: the losses reported in the question${data.referencesOn === undefined ? '' : ` (on ${data.referencesOn})`}.`] : []),
      ],
    },
    width: 520,
    height: { step: 34 },
    layer: [
      ...(data.references.length === 0
        ? []
        : [
            {
              data: { values: data.references },
              mark: { type: 'rule' as const, strokeDash: [5, 4], color: '#555555' },
              encoding: { x: { ...x, field: 'value' }, tooltip: [{ field: 'label', type: 'nominal' as const, title: 'reference' }] },
            },
          ]),
      // The two references lie close together: label the lower one to its left, the others to their right.
      ...[...data.references]
        .sort((a, b) => a.value - b.value)
        .map((reference, i) => ({
          data: { values: [reference] },
          mark: {
            type: 'text' as const,
            align: i === 0 ? ('right' as const) : ('left' as const),
            dx: i === 0 ? -4 : 4,
            baseline: 'bottom' as const,
            dy: -3,
            color: '#444444',
            fontSize: 10,
          },
          encoding: { x: { ...x, field: 'value' }, y: { value: 0 }, text: { field: 'label' } },
        })),
      {
        data: { values: data.rows },
        // Clipped: with few seeds a CI can reach below the axis's start at 0.
        mark: { type: 'rule', strokeWidth: 1.6, clip: true },
        encoding: {
          x: { ...x, field: 'lo' },
          x2: { field: 'hi' },
          y,
          yOffset,
          color,
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'split', type: 'nominal' },
            { field: 'lo', type: 'quantitative', format: '.5f', title: '95% CI low' },
            { field: 'hi', type: 'quantitative', format: '.5f', title: '95% CI high' },
          ],
        },
      },
      {
        data: { values: data.rows },
        mark: { type: 'point', size: 60, strokeWidth: 1.6, filled: false, fillOpacity: 1 },
        encoding: {
          x: { ...x, field: 'mean' },
          y,
          yOffset,
          color,
          shape: { field: 'split', type: 'nominal', legend: null, scale: { domain: ['test', 'train'], range: ['circle', 'square'] } },
          fill: { condition: { test: "datum.split === 'test'", ...color }, value: 'white' },
          tooltip: [
            { field: 'variant', type: 'nominal' },
            { field: 'split', type: 'nominal' },
            { field: 'mean', type: 'quantitative', format: '.5f', title: 'mean BCE' },
            { field: 'lo', type: 'quantitative', format: '.5f', title: '95% CI low' },
            { field: 'hi', type: 'quantitative', format: '.5f', title: '95% CI high' },
            { field: 'n', type: 'quantitative', title: 'seeds' },
          ],
        },
      },
    ],
  });
}

/**
 * Figure 1 from a summary.
 *
 * @example
 * const spec = headlineFigure(summary); // a Vega-Lite TopLevelSpec with inline data
 */
export function headlineFigure(summary: Summary): TopLevelSpec {
  return headlineSpec(headlineData(summary), figureContext(summary));
}
