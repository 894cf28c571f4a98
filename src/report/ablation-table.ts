/**
 * The report's ablation table: ablations.json's rows (each ONNX model scored at other pads and modes by `ablate`),
 * measured against the predictor's what-if, one row per model and setting.
 */
import type { AblationRow, AblationsDocument } from '../open-format/ablation-file.js';
import type { ReportTable, TableCell } from './report-table.js';

/** `pad 2, edge`, or `pad 0` (no pad). */
function setting(r: Pick<AblationRow, 'pad' | 'mode'>): string {
  return r.pad === 0 ? 'pad 0' : `pad ${r.pad}, ${r.mode}`;
}

/**
 * One row per model (variant, seed) and setting, grouped by model in the order the models first appear: the loss
 * over all pixels and over the original pixels, the what-if and measured − predicted (empty at pad 0).
 *
 * @example
 * ablationTable(doc).rows[0]; // ['baseline28', 1, 'pad 0', 'yes', 0.2192, 0.2192, null, null]
 */
export function ablationTable(doc: Pick<AblationsDocument, 'rows' | 'images' | 'originalHeight' | 'originalWidth'>): ReportTable {
  const order = [...new Set(doc.rows.map((r) => `${r.variant}/${r.seed}`))];
  const rows = doc.rows
    .map((r, i) => ({ r, i, model: order.indexOf(`${r.variant}/${r.seed}`) }))
    .sort((x, y) => x.model - y.model || x.i - y.i)
    .map(({ r }): TableCell[] => [
      r.variant,
      r.seed,
      setting(r),
      r.asTrained ? 'yes' : '',
      r.testLoss,
      r.originalLoss,
      r.predicted,
      r.predicted === null ? null : r.testLoss - r.predicted,
    ]);
  return {
    name: 'ablations',
    title: `Ablations measured from the models (boundary-effects ablate, ${doc.images.toLocaleString('en-US')} test images): each model scored at other pads and modes, against the predictor’s what-if (BCE, nats/pixel)`,
    columns: [
      { key: 'variant', header: 'model (trained as)', kind: 'text' },
      { key: 'seed', header: 'seed', kind: 'int' },
      { key: 'setting', header: 'scored at', kind: 'text' },
      { key: 'asTrained', header: 'own pad', kind: 'text' },
      { key: 'all', header: 'loss, all pixels', kind: 'loss' },
      { key: 'original', header: `loss, original ${doc.originalHeight}×${doc.originalWidth} pixels`, kind: 'loss' },
      { key: 'predicted', header: 'predicted (what-if)', kind: 'loss' },
      { key: 'miss', header: 'measured − predicted', kind: 'signed' },
    ],
    rows,
    note: 'own pad: the pad and mode the model was trained with (the run the analysis scores). predicted: the same model’s per-pixel losses at pad 0 kept on the original pixels, each pad pixel at the pad cost measured in that row; – at pad 0, where there is nothing to predict. zero pads are "constant" (0).',
  };
}
