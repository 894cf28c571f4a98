import { describe, expect, it } from 'vitest';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import {
  buildFigures,
  compileToVega,
  cropOriginal,
  curveData,
  differenceMapData,
  figureContext,
  FIGURE_NAMES,
  headlineData,
  headlineSpec,
  intensityData,
  lossMapData,
  pairedSeedData,
  predictionData,
  predictionResiduals,
  predictionSpec,
  reconstructionData,
  pixelCountText,
  regionData,
  regionSpec,
  regionOutlines,
  variantPalette,
  waterfallData,
} from '../../src/report/index.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';

const summary = syntheticSummary({ seeds: 3, samples: 2 });

async function viewOf(spec: TopLevelSpec): Promise<vega.View> {
  const view = new vega.View(vega.parse((await compileToVega(spec)).vega), { renderer: 'none' });
  await view.runAsync();
  return view;
}

/** Counts scenegraph items of a mark type. */
function countMarks(node: unknown, type: string): number {
  let n = 0;
  const visit = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    const o = x as { marktype?: string; items?: unknown[] };
    if (o.marktype === type && Array.isArray(o.items)) n += o.items.length;
    if (Array.isArray(o.items)) o.items.forEach(visit);
  };
  visit(node);
  return n;
}

describe('figure registry', () => {
  it('builds all eleven figures for a full summary, each compiling without warnings', async () => {
    const figs = buildFigures(summary);
    expect(figs.map((f) => f.name)).toEqual([...FIGURE_NAMES]);
    expect(figs.map((f) => f.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    for (const f of figs) {
      const { vega: vg, warnings } = await compileToVega(f.spec);
      expect(warnings, f.name).toEqual([]);
      expect(vg.marks?.length ?? 0, f.name).toBeGreaterThan(0);
      expect(JSON.stringify(f.spec)).not.toMatch(/"url"\s*:/); // data inline, nothing loaded
    }
  });

  it('omits figures without data (no comparisons, samples or predictions)', () => {
    const s = syntheticSummary({ seeds: 2, variants: ['baseline28'], predictions: false, samples: 0 });
    expect(buildFigures(s).map((f) => f.name)).toEqual(['headline', 'loss-maps', 'intensity', 'regions', 'curves']);
  });
});

describe('palette', () => {
  it('fixes baseline28 and edge32 and gives other variants Okabe–Ito colours in order', () => {
    expect(variantPalette(['zero32', 'edge32', 'baseline28', 'edge36'])).toEqual({
      domain: ['zero32', 'edge32', 'baseline28', 'edge36'],
      range: ['#009E73', '#D55E00', '#0072B2', '#CC79A7'],
    });
    // the same variant keeps its colour in every figure's colour scale
    const specs = buildFigures(summary).map((f) => JSON.stringify(f.spec));
    const withScale = specs.filter((s) => s.includes('"domain":["baseline28","edge32"'));
    expect(withScale.length).toBeGreaterThanOrEqual(4);
    for (const s of withScale) expect(s).toContain('"range":["#0072B2","#D55E00"');
  });
});

describe('headline', () => {
  it('has a test and a train row per variant and the two references', () => {
    const d = headlineData(summary);
    expect(d.rows).toHaveLength(2 * summary.variants.length);
    const b = d.rows.find((r) => r.variant === 'baseline28' && r.split === 'test')!;
    expect(b.mean).toBeCloseTo(summary.variants[0].testLoss.mean, 5);
    expect(b.lo).toBeCloseTo(summary.variants[0].testLoss.ci95![0], 5);
    expect(d.references.map((r) => r.value)).toEqual([0.099, 0.075]);
  });

  it("draws no reference rules for a dataset the question's numbers do not describe", () => {
    const fashion = { ...summary, dataset: 'fashion-mnist', reference: null };
    const d = headlineData(fashion);
    expect(d.references).toEqual([]);
    const spec = JSON.stringify(headlineSpec(d, figureContext(fashion)));
    expect(spec).not.toMatch(/strokeDash/);
    expect(spec).not.toMatch(/reported in the question/);
    expect(JSON.stringify(headlineSpec(headlineData(summary), figureContext(summary)))).toMatch(/reported in the question/);
    const caption = (s: typeof summary): string => buildFigures(s, { only: ['headline'] })[0].caption;
    expect(caption(summary)).toMatch(/against the losses reported in the question\.$/);
    expect(caption(fashion)).toBe('Final test and train loss per variant (mean, 95% CI across seeds).');
  });
});

describe('tooltips', () => {
  it('every drawn mark of every figure but text labels has a tooltip', () => {
    const missing: string[] = [];
    const visit = (node: unknown, figure: string, path: string): void => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, figure, `${path}[${i}]`));
      if (typeof node !== 'object' || node === null) return;
      if ('mark' in node) {
        const mark = node.mark;
        const type = typeof mark === 'string' ? mark : typeof mark === 'object' && mark !== null && 'type' in mark ? mark.type : undefined;
        const encoding = 'encoding' in node && typeof node.encoding === 'object' && node.encoding !== null ? node.encoding : {};
        const markTooltip = typeof mark === 'object' && mark !== null && 'tooltip' in mark;
        if (type !== 'text' && !('tooltip' in encoding) && !markTooltip) missing.push(`${figure} ${path} (${String(type)})`);
      }
      for (const [k, v] of Object.entries(node)) if (k !== 'data' && k !== 'config') visit(v, figure, `${path}.${k}`);
    };
    for (const f of buildFigures(summary)) visit(f.spec, f.name, '');
    expect(missing).toEqual([]);
  });
});

describe('waterfall', () => {
  it('steps from L(a) down to L(b) by the exact terms', () => {
    const rows = waterfallData(summary).filter((r) => r.comparison === 'baseline28 − edge32');
    expect(rows.map((r) => r.step)).toEqual(['L(baseline28)', 'edge ring', 'interior', 'pad dilution', 'L(edge32)']);
    const c = summary.comparisons[0];
    const t = (name: string) => c.terms.find((x) => x.term === name)!.estimate.mean;
    expect(rows[1].start).toBeCloseTo(summary.variants[0].testLoss.mean, 5);
    expect(rows[1].start - rows[1].end).toBeCloseTo(t('samePixelEdge'), 5);
    expect(rows[3].start - rows[3].end).toBeCloseTo(t('dilution'), 5);
    // the last step ends at L(b) (the identity gap = edge + interior + dilution)
    expect(rows[3].end).toBeCloseTo(rows[4].end, 5);
  });

  it('labels each step with the sign the text uses (positive lowers the loss), not the bar\'s change', () => {
    const s = structuredClone(summary);
    const edge = s.comparisons[0].terms.find((x) => x.term === 'samePixelEdge')!;
    edge.estimate.mean = 0.000035;
    edge.estimate.ci95 = [0.000019, 0.000051];
    const interior = s.comparisons[0].terms.find((x) => x.term === 'samePixelInterior')!;
    interior.estimate.mean = -0.0003;
    interior.estimate.ci95 = [-0.0011, 0.0005];
    const rows = waterfallData(s).filter((r) => r.comparison === 'baseline28 − edge32');
    expect(rows[1].label[0]).toBe('+0.000035');
    expect(rows[2].label[0]).toBe('−0.0003');
    // the bar still steps down by a positive term and up by a negative one
    expect(rows[1].end).toBeLessThan(rows[1].start);
    expect(rows[2].end).toBeGreaterThan(rows[2].start);
  });
});

describe('image figures', () => {
  it('loss maps: one row per variant with S*S values, outlines for pad and edge ring', () => {
    const d = lossMapData(summary);
    expect(d.maps.map((m) => m.values.length)).toEqual(summary.variants.map((v) => (v.size ?? 0) * (v.size ?? 0)));
    expect(d.outlines.filter((o) => o.key === 'baseline28').map((o) => o.boundary)).toEqual(['edge-ring']);
    expect(d.outlines.filter((o) => o.key === 'edge32').map((o) => o.boundary)).toEqual(['original', 'edge-ring']);
    expect(regionOutlines('x', 2, 28, 2)).toEqual([
      { key: 'x', boundary: 'original', x: 0, x2: 28, y: 0, y2: 28 },
      { key: 'x', boundary: 'edge-ring', x: 2, x2: 26, y: 2, y2: 26 },
    ]);
  });

  it('loss maps expand to cells at the right original coordinates (y downward)', async () => {
    const s = syntheticSummary({ seeds: 2, variants: ['baseline28', 'edge32'], samples: 0, predictions: false });
    const spec = buildFigures(s, { only: ['loss-maps'] })[0].spec;
    const view = await viewOf(spec);
    const edge = s.variants[1];
    // find the dataset of the edge32 cells
    const vg = (await compileToVega(spec)).vega;
    const names = (vg.data ?? []).map((d) => d.name);
    let found = false;
    for (const name of names) {
      const rows = view.data(name) as Array<{ key?: string; x?: number; y?: number; value?: number }>;
      if (rows.length === (edge.size ?? 0) * (edge.size ?? 0) && rows[0]?.key === 'edge32' && rows[0].x !== undefined) {
        found = true;
        for (const k of [0, 33, 500, 1023]) {
          const r = rows[k];
          expect(r.x).toBe((k % 32) - 2);
          expect(r.y).toBe(Math.floor(k / 32) - 2);
          expect(r.value).toBeCloseTo(edge.meanLossMap[k], 3);
        }
      }
    }
    expect(found).toBe(true);
    expect(countMarks((view.scenegraph() as unknown as { root: unknown }).root, 'rect')).toBeGreaterThanOrEqual(784 + 1024);
    view.finalize();
  });

  it('difference maps are a minus the central crop of b on 28x28', () => {
    const d = differenceMapData(summary);
    const m = d.maps.find((x) => x.comparison === 'baseline28 − edge32')!;
    expect(m.values).toHaveLength(784);
    const a = summary.variants[0];
    const b = summary.variants[1];
    const crop = cropOriginal(b);
    expect(crop[0]).toBe(b.meanLossMap[2 * 32 + 2]);
    expect(m.values[29]).toBeCloseTo(a.meanLossMap[29] - crop[29], 3);
    expect(d.limit).toBeGreaterThan(0);
  });

  it('reconstructions: three panels per digit and variant, packed with the cell index', () => {
    const rows = reconstructionData(summary, { maxDigits: 1 });
    expect(rows).toHaveLength(summary.variants.length * 3);
    expect(rows.slice(0, 3).map((r) => r.panel)).toEqual(['noisy input', 'output', 'clean target']);
    const r = rows.find((x) => x.variant === 'edge32' && x.panel === 'clean target')!;
    const sample = summary.variants[1].samples[0];
    expect(r.values).toHaveLength(32 * 32);
    expect(r.values[100] % 256).toBe(Math.round(sample.target[100] * 255));
    expect(Math.floor(r.values[100] / 256)).toBe(100);
    expect([r.padLeft, r.padTop, r.width, r.height]).toEqual([2, 2, 32, 32]);
  });
});

describe('other figures', () => {
  it('intensity rows per variant and bin with the floor', () => {
    const rows = intensityData(summary);
    expect(rows).toHaveLength(summary.variants.length * 12);
    expect(rows[0].bin).toBe('0');
    expect(rows[0].floor).toBe(0);
  });

  it('region rows and test annotations with Holm p', () => {
    const d = regionData(summary);
    expect(d.rows.filter((r) => r.variant === 'baseline28').map((r) => r.region)).toEqual(['interior', 'edge']);
    expect(d.rows.filter((r) => r.variant === 'edge32').map((r) => r.region)).toEqual(['interior', 'edge', 'pad']);
    expect(d.tests[0].text).toMatch(/^baseline28 − edge32: Δ \+0\.\d+ \[\+0\.\d+, \+0\.\d+\], p_Holm/);
  });

  it('a region panel titles its pixel count, as a range when the pads differ', () => {
    expect(pixelCountText([576, 576])).toBe('576 px');
    expect(pixelCountText([240, 512, 240])).toBe('240–512 px');
    const pads = regionData(summary).rows.filter((r) => r.region === 'pad').map((r) => r.pixels);
    expect(new Set(pads).size).toBeGreaterThan(1); // the fixture has a 32×32 and a 36×36 pad
    const spec = regionSpec(regionData(summary), figureContext(summary)) as unknown as { hconcat: Array<{ title: { text: string } }> };
    expect(spec.hconcat.map((p) => p.title.text)).toContain(`pad ring (${Math.min(...pads)}–${Math.max(...pads)} px)`);
  });

  it('curve rows: train and test per epoch', () => {
    const rows = curveData(summary);
    expect(rows).toHaveLength(summary.variants.length * 10 * 2);
  });

  it('paired rows: two per seed and comparison', () => {
    const rows = pairedSeedData(summary);
    expect(rows).toHaveLength(summary.comparisons.length * 3 * 2);
    expect(rows[0]).toMatchObject({ comparison: 'baseline28 − edge32', variant: 'baseline28', side: 0, seed: 1 });
  });

  it('prediction rows mirror summary.predictions', () => {
    const rows = predictionData(summary);
    expect(rows.map((r) => r.variant)).toEqual(summary.predictions.map((p) => p.variant));
    expect(figureContext(summary).maxPad).toBe(4);
    // Two pad costs per variant: told apart by shape, labelled once.
    expect(rows.filter((r) => r.variant === 'zero32').map((r) => [r.padCostKind, r.label])).toEqual([
      ['measured pad loss', 'zero32'],
      ['pad entropy floor', ''],
    ]);
    for (const variant of new Set(rows.map((r) => r.variant))) {
      expect(rows.filter((r) => r.variant === variant && r.label !== '').map((r) => r.label)).toEqual([variant]);
    }
  });
});

describe('prediction figure labels', () => {
  /** Bounds of every non-empty text item of the data's text marks (not axes or legends) in a rendered view. */
  function textBounds(node: unknown): Array<{ text: string; x1: number; x2: number; y1: number; y2: number }> {
    const out: Array<{ text: string; x1: number; x2: number; y1: number; y2: number }> = [];
    const visit = (x: unknown, role: string | undefined): void => {
      if (!x || typeof x !== 'object') return;
      const o = x as { marktype?: string; role?: string; items?: unknown[]; text?: unknown; bounds?: { x1: number; x2: number; y1: number; y2: number } };
      if (role === 'mark' && typeof o.text === 'string' && o.text !== '' && o.bounds) out.push({ text: o.text, ...o.bounds });
      if (Array.isArray(o.items)) o.items.forEach((child) => visit(child, o.marktype === undefined ? role : o.role));
    };
    visit(node, undefined);
    return out;
  }

  it('points closer than a line of text get labels that do not overlap', async () => {
    // edge32 and zero32 on MNIST: measured 0.07477 and 0.07481, predicted 0.07458 and 0.07449.
    const rows = predictionData(summary).filter((r) => r.label !== '');
    const crowded = rows.slice(0, 2).map((r, i) => ({ ...r, predicted: 0.07458 - i * 0.00009, mean: 0.07477 + i * 0.00004, lo: 0.0745, hi: 0.0751 }));
    const far = { ...rows[0]!, variant: 'far', label: 'far', predicted: 0.0592, mean: 0.0595, lo: 0.0590, hi: 0.0600 };
    expect(crowded).toHaveLength(2);
    const spec = predictionSpec([...crowded, far], figureContext(summary));
    const view = await viewOf(spec);
    const labels = textBounds((view.scenegraph() as unknown as { root: unknown }).root).filter((b) => [...crowded, far].some((r) => r.label === b.text));
    expect(labels.map((b) => b.text).sort()).toEqual([...crowded.map((r) => r.label), 'far'].sort());
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i]!;
        const b = labels[j]!;
        const overlap = a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
        expect(overlap, `${a.text} and ${b.text} overlap`).toBe(false);
      }
    }
    view.finalize();
  });

  it('residuals are measured minus predicted, the CI moved along', () => {
    const rows = predictionData(summary);
    const res = predictionResiduals(rows);
    expect(res).toHaveLength(rows.length);
    rows.forEach((r, i) => {
      expect(res[i]!.residual).toBeCloseTo(r.mean - r.predicted, 6);
      expect(res[i]!.lo).toBeCloseTo(r.lo - r.predicted, 6);
      expect(res[i]!.hi).toBeCloseTo(r.hi - r.predicted, 6);
      expect(res[i]!.row).toBe(`${r.variant} · ${r.padCostKind}`);
    });
    // One row per variant and pad cost: the panel's rows are distinct.
    expect(new Set(res.map((r) => r.row)).size).toBe(res.length);
  });
});
