/**
 * Figure 8 — paired per-seed plot: the test loss of each seed under two variants, joined by a line per
 * seed, one panel per comparison.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Summary } from '../../summary/types.js';
import { round6 } from '../format.js';
import { LOSS_AXIS_TITLE } from '../theme.js';
import { figureContext, findVariant, variantColor, withTheme, type FigureContext } from './common.js';
import { comparisonLabel } from './waterfall.js';

/** One seed's test loss under one variant of a comparison. */
export interface PairedSeedRow {
  comparison: string;
  variant: string;
  /** 0 for a, 1 for b. */
  side: 0 | 1;
  seed: number;
  loss: number;
}

/**
 * The paired rows of every comparison (only seeds present in both variants).
 *
 * @example
 * pairedSeedData(summary).filter((r) => r.comparison === 'baseline28 − edge32').length; // 2 x seeds
 */
export function pairedSeedData(summary: Summary): PairedSeedRow[] {
  const rows: PairedSeedRow[] = [];
  for (const c of summary.comparisons) {
    const va = findVariant(summary, c.a);
    const vb = findVariant(summary, c.b);
    if (!va || !vb) continue;
    const comparison = comparisonLabel(c);
    for (const seed of c.pairedSeeds) {
      const ia = va.testLoss.seeds.indexOf(seed);
      const ib = vb.testLoss.seeds.indexOf(seed);
      if (ia < 0 || ib < 0) continue;
      rows.push({ comparison, variant: c.a, side: 0, seed, loss: round6(va.testLoss.values[ia]) });
      rows.push({ comparison, variant: c.b, side: 1, seed, loss: round6(vb.testLoss.values[ib]) });
    }
  }
  return rows;
}

/**
 * The paired plot's encoding: grey lines per seed (detail), points coloured by variant, a panel per comparison.
 *
 * @example
 * const spec = pairedSeedSpec(pairedSeedData(summary), figureContext(summary));
 */
export function pairedSeedSpec(rows: PairedSeedRow[], ctx: FigureContext): TopLevelSpec {
  const comparisons = [...new Set(rows.map((r) => r.comparison))];
  const variants = ctx.palette.domain.filter((v) => rows.some((r) => r.variant === v));
  const x = { field: 'variant', type: 'nominal' as const, title: null, sort: { field: 'side' }, scale: { padding: 0.5 }, axis: { labelAngle: -30, labelAlign: 'right' as const, labelLimit: 110 } };
  const y = { field: 'loss', type: 'quantitative' as const, title: `test ${LOSS_AXIS_TITLE}`, scale: { zero: false } };
  return withTheme({
    title: {
      text: 'Every seed, paired',
      subtitle: 'Test loss of each seed under the two variants of a comparison; a grey line joins the two runs of one seed (same seed, same initial draw streams).',
    },
    data: { values: rows },
    facet: { field: 'comparison', type: 'nominal', sort: comparisons, title: null },
    columns: Math.min(4, comparisons.length),
    resolve: { scale: { x: 'independent' } },
    spec: {
      width: 170,
      height: 220,
      layer: [
        {
          mark: { type: 'line', color: '#9a9a9a', strokeWidth: 1.2 },
          encoding: { x, y, detail: { field: 'seed', type: 'nominal' }, tooltip: [{ field: 'seed', type: 'quantitative' }, { field: 'comparison', type: 'nominal' }] },
        },
        {
          mark: { type: 'point', size: 50, filled: true, opacity: 1 },
          encoding: {
            x,
            y,
            color: { ...variantColor({ domain: variants, range: variants.map((v) => ctx.palette.range[ctx.palette.domain.indexOf(v)]) }), legend: { orient: 'right' as const } },
            tooltip: [
              { field: 'variant', type: 'nominal' },
              { field: 'seed', type: 'quantitative' },
              { field: 'loss', type: 'quantitative', format: '.5f', title: 'test BCE' },
            ],
          },
        },
      ],
    },
  });
}

/**
 * Figure 8 from a summary.
 *
 * @example
 * const spec = pairedSeedFigure(summary);
 */
export function pairedSeedFigure(summary: Summary): TopLevelSpec {
  return pairedSeedSpec(pairedSeedData(summary), figureContext(summary));
}
