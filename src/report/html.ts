/**
 * The self-contained HTML report: title, the question, the generated answer, figures (Vega-Lite specs
 * rendered in the page by the inlined vega-embed with Vega's CSP-safe expression interpreter), tables and
 * provenance. Opens offline; a Content-Security-Policy forbids every remote load.
 */
import { checkReportLimits } from './report-limit.js';
import { refuseSymlinkedFolder, writeFileAtomic } from '../fs/atomic-file.js';
import { join } from 'node:path';
import type { Summary } from '../summary/types.js';
import { browserLibraries, type BrowserLibrary } from './assets.js';
import { escapeHtml, inlineScriptSource, jsonForScript } from './escape.js';
import { pairingClause } from './pairing-words.js';
import { exportFigures, exportNumbers, exportTables, type ExportOptions } from './export.js';
import { packageInfo } from '../version.js';
import { findReportFonts, fontFolders } from './pdf.js';
import { sha256Of } from '../run-format/manifest.js';
import { formatSummaryJson } from '../summary/summary-json.js';
import { buildFigures, type BuildFiguresOptions, type ReportFigure } from './figures/index.js';
import { buildNarrative, type Narrative, type NarrativeOptions } from './narrative.js';
import { buildTables, tableToHtml, type ReportTable } from './tables.js';
import { buildFindings } from '../findings/index.js';
import { answersTableHtml } from './answers.js';
import { lossLabel, relabelLoss, reportTitle } from './experiment.js';
import { glossary, glossaryHtml } from './glossary.js';
import { formatAblations, type AblationsDocument } from '../open-format/ablation-file.js';
import { ablationFindings } from '../findings/index.js';
import { ablationParagraphs } from './ablation-words.js';
import { ablationTable } from './ablation-table.js';


/** What the losses are, for the report's note: BCE in nats, or the mse / l1 of the summary (no floor). */
function lossSentence(summary: Summary): string {
  // Keras's mean is the seed question's; an experiment from another framework only shares the formula.
  if (summary.loss === undefined && summary.experiment !== undefined) return 'Losses are binary cross-entropy in nats per pixel (mean over pixels)';
  if (summary.loss === 'mse') return 'Losses are mean squared errors per pixel (mean over channels and pixels; no entropy floor)';
  if (summary.loss === 'l1') return 'Losses are mean absolute errors per pixel (mean over channels and pixels; no entropy floor)';
  return 'Losses are binary cross-entropy in nats per pixel (the Keras mean over pixels)';
}
/**
 * The page's Content-Security-Policy: nothing may be fetched; inline scripts and styles only; images
 * only as data: URLs. No 'unsafe-eval': Vega runs with its expression interpreter (`ast: true`).
 */
export const REPORT_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'";

/** Options of {@link renderReportHtml}. */
export interface ReportHtmlOptions extends BuildFiguresOptions, NarrativeOptions {
  /** Page title (default: the experiment's question, or for the tool's own runs the dataset and the direction the first comparison established; see reportTitle). */
  title?: string;
  /** Prebuilt figures (default: `buildFigures(summary, options)`). */
  figures?: ReportFigure[];
  /** Prebuilt tables (default: `buildTables(summary)`). */
  tables?: ReportTable[];
  /** What `ablate` measured on the experiment's models (its ablations.json): adds the Ablations section; none without. */
  ablations?: AblationsDocument;
}

/** The ablation table as the report prints it, its loss named as the summary's. */
function reportAblationTable(summary: Summary, ablations: AblationsDocument): ReportTable {
  return relabelLoss(ablationTable(ablations), lossLabel(summary));
}


const STYLE = `
:root { color-scheme: light; }
body { font-family: 'Liberation Sans', Arial, Helvetica, sans-serif; color: #1d1d1d; background: #fff; margin: 0; line-height: 1.5; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 26px; margin: 8px 0 4px; } h2 { font-size: 20px; margin-top: 36px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
p { max-width: 900px; } .question { font-size: 14px; color: #444; margin: 4px 0 8px; } .answer { font-size: 15px; background: #f4f7fb; border-left: 4px solid #0072B2; padding: 8px 14px; margin-top: 4px; }
.mechanism { font-size: 18px; line-height: 1.45; margin: 10px 0 6px; max-width: 1000px; }
.banner { background: #fff4e5; border: 1px solid #e69f00; border-left: 6px solid #d55e00; padding: 8px 14px; margin: 10px 0; font-size: 14px; max-width: 1000px; }
.banner p { margin: 3px 0; } figure.top { margin: 6px 0 8px; }
details.table { margin: 8px 0 20px; } details.table summary { cursor: pointer; font-weight: bold; font-size: 14px; }
nav ol { columns: 2; column-gap: 4em; max-width: 980px; font-size: 14px; padding-left: 2.5em; } nav li { break-inside: avoid; }
abbr[title] { text-decoration: underline dotted; cursor: help; }
table.answers { font-size: 12.5px; margin: 4px 0 10px; } table.answers td { vertical-align: top; }
dl.glossary { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 14px; max-width: 1000px; } dl.glossary dt { font-weight: bold; } dl.glossary dd { margin: 0; }
.lead { font-size: 14px; color: #444; margin: 4px 0 8px; }
figure { margin: 18px 0 30px; } figcaption { font-size: 14px; color: #333; max-width: 900px; margin-top: 6px; }
.chart { overflow-x: auto; min-height: 60px; } .chart-error { color: #b00020; font-family: monospace; white-space: pre-wrap; }
table.data { border-collapse: collapse; font-size: 12.5px; margin: 8px 0 20px; font-variant-numeric: tabular-nums; }
table.data caption { caption-side: top; text-align: left; font-weight: bold; font-size: 14px; padding: 4px 0; }
table.data th, table.data td { padding: 3px 8px; border-bottom: 1px solid #e3e3e3; } table.data thead th { border-bottom: 2px solid #333; border-top: 2px solid #333; }
table.data tbody tr:last-child td { border-bottom: 2px solid #333; }
.l { text-align: left; } .r { text-align: right; } table.data td.r { white-space: nowrap; } .table-wrap { overflow-x: auto; }
code, pre { font-family: 'DejaVu Sans Mono', monospace; font-size: 12.5px; } pre { background: #f6f6f6; padding: 8px 10px; overflow-x: auto; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; font-size: 14px; } dl.kv dt { font-weight: bold; } dl.kv dd { margin: 0; }
.note { font-size: 13px; color: #555; }
`;

/** The script that renders every chart and records the outcome in `window.__report` (read by tests). */
const BOOT = `
(function () {
  'use strict';
  var state = { done: false, ok: [], errors: [], views: {} };
  window.__report = state;
  var specs = JSON.parse(document.getElementById('report-specs').textContent);
  var expr = window.vegaInterpreter && window.vegaInterpreter.expressionInterpreter;
  var jobs = specs.map(function (f) {
    var el = document.getElementById('chart-' + f.name);
    return vegaEmbed(el, f.spec, { mode: 'vega-lite', renderer: f.renderer, actions: false, ast: true, expr: expr, tooltip: true })
      .then(function (result) { state.views[f.name] = result.view; state.ok.push(f.name); })
      .catch(function (err) {
        state.errors.push({ name: f.name, message: String(err && err.message || err) });
        el.textContent = 'This figure could not be rendered: ' + String(err && err.message || err);
        el.className += ' chart-error';
        console.error('figure ' + f.name + ':', err);
      });
  });
  Promise.all(jobs).then(function () { state.done = true; document.documentElement.setAttribute('data-report-ready', 'true'); });
})();
`;

function paragraph(text: string, cls?: string): string {
  return `<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(text)}</p>`;
}

function figureBlock(f: ReportFigure, cls = ''): string {
  return (
    `<figure id="fig-${escapeHtml(f.name)}"${cls ? ` class="${cls}"` : ''}><div class="chart" id="chart-${escapeHtml(f.name)}" data-figure="${escapeHtml(f.name)}"></div>` +
    `<figcaption><b>Figure ${f.number}.</b> ${escapeHtml(f.caption)}</figcaption></figure>`
  );
}

/** Tables shown beside the text (the comparisons and predictions), the rest in the Tables section. */
const TEXT_TABLES: ReadonlySet<ReportTable['name']> = new Set(['comparisons', 'predictions']);

/** A table, collapsed by default when it is long (the intensity bins), with a link to its CSV. */
function tableBlock(t: ReportTable): string {
  const html = `<div class="table-wrap">${tableToHtml(t)}</div>`;
  if (t.rows.length <= 40) return html;
  return `<details class="table" id="details-${escapeHtml(t.name)}"><summary>${escapeHtml(t.title)} — ${t.rows.length} rows, collapsed (also in <a href="tables/${escapeHtml(t.name)}.csv">tables/${escapeHtml(t.name)}.csv</a>)</summary>${html}</details>`;
}

function kv(pairs: Array<[string, string]>): string {
  return `<dl class="kv">${pairs.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`;
}

function simpleTable(caption: string, headers: string[], rows: string[][], id: string): string {
  const th = headers.map((h) => `<th class="l">${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c) => `<td class="l">${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="table-wrap"><table class="data" id="${escapeHtml(id)}"><caption>${escapeHtml(caption)}</caption><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function provenanceSection(summary: Summary, libs: BrowserLibrary[], withAblations: boolean): string {
  const p = summary.provenance;
  const s = summary.settings;
  // Runs whose source does not record their time (null) are left out of the total and shown as '–'.
  const totalSeconds = p.runs.reduce((a, r) => a + (r.seconds === null ? 0 : r.seconds), 0);
  const timed = p.runs.filter((r) => r.seconds !== null).length;
  const parts = [
    '<section id="provenance"><h2>Provenance</h2>',
    kv([
      ['tool', `${summary.tool.name} ${summary.tool.version}`],
      ['dataset', summary.dataset],
      ['node', p.node === null ? '–' : p.node],
      ['backends', p.backends.join(', ') || '–'],
      ['settings', `epochs ${s.epochs}, batch size ${s.batchSize}, noise factor ${s.noiseFactor}, train images ${s.trainSize}, test images ${s.testSize}, edge ring width ${s.edgeWidth}`],
      ['runs', `${p.runs.length} runs, ${totalSeconds.toFixed(0)} s of training in total${timed < p.runs.length ? ` (${p.runs.length - timed} runs without a recorded time)` : ''}`],
      ['schema', `summary.json schema version ${summary.schemaVersion}`],
    ]),
    '<h3>Command line</h3>',
    `<pre id="command">${escapeHtml(p.command ?? '(not recorded)')}</pre>`,
    simpleTable('Variants, seeds and backends', ['variant', 'size', 'pad', 'pad mode', 'loss on', 'seeds', 'backends', 'train seconds (per seed)'],
      summary.variants.map((v) => [v.variant, String(v.size), String(v.pad), v.padMode, v.lossRegion, v.seeds.join(', '), [...new Set(v.backends)].map((b) => b ?? '–').join(', '), v.trainSeconds.map((x) => (x === null ? '–' : x.toFixed(0))).join(', ')]), 'prov-variants'),
    simpleTable('Data files (SHA-256 of the decompressed bytes)', ['file', 'sha256'], p.dataFiles.map((f) => [f.file, f.sha256]), 'prov-data'),
    simpleTable('Package versions of the runs', ['package', 'version'], Object.entries(p.packages).map(([k, v]) => [k, v]), 'prov-packages'),
    simpleTable('Runs', ['variant', 'seed', 'directory', 'backend', 'seconds'], p.runs.map((r) => [r.variant, String(r.seed), r.dir, r.backend ?? '–', r.seconds === null ? '–' : r.seconds.toFixed(1)]), 'prov-runs'),
    `<p class="note">This page was generated from ${withAblations ? 'summary.json and ablations.json' : 'summary.json alone'}. Charts are rendered in the page by ${libs
      .map((l) => `${l.name} ${l.version}`)
      .map(escapeHtml)
      .join(', ')}, inlined; Vega expressions run through vega-interpreter, so the Content-Security-Policy needs no 'unsafe-eval' and forbids all network access.</p>`,
    '</section>',
  ];
  return parts.join('\n');
}

/**
 * Renders the complete, self-contained report page.
 *
 * @example
 * const html = renderReportHtml(summary);
 * writeFileSync('report.html', html);
 */
export function renderReportHtml(summary: Summary, options: ReportHtmlOptions = {}): string {
  const findings = buildFindings(summary, options);
  const title = options.title ?? reportTitle(summary, findings);
  const figures = options.figures ?? buildFigures(summary, options);
  const tables = options.tables ?? buildTables(summary);
  const narrative: Narrative = buildNarrative(summary, options);
  // The lead: the question's lines, less the one that already is the title.
  const lead = narrative.question.filter((line) => line !== title);
  const libs = browserLibraries();
  const top = figures.find((f) => f.name === 'answer');
  const figureHtml = figures
    .filter((f) => f !== top)
    .map((f) => figureBlock(f))
    .join('\n');
  const textTables = tables.filter((t) => TEXT_TABLES.has(t.name) && t.rows.length > 0);
  const ablations = options.ablations;
  const ablationSection =
    ablations === undefined
      ? ''
      : [
          '<section id="ablations"><h2>Ablations from the models</h2>',
          ...ablationParagraphs(ablationFindings(ablations)).map((p) => paragraph(p)),
          tableBlock(reportAblationTable(summary, ablations)),
          '</section>',
        ].join('\n');
  const banner =
    narrative.banner.length === 0
      ? ''
      : `<div class="banner" id="small-run" role="note">${narrative.banner.map((line, i) => (i === 0 ? `<p><b>${escapeHtml(line)}</b></p>` : paragraph(line))).join('')}</div>`;
  const specs = figures.map((f) => ({ name: f.name, renderer: f.renderer, spec: f.spec }));
  const nav = [
    '<nav><ol>',
    '<li><a href="#answer">Answer</a></li>',
    '<li><a href="#how-to-read">How to read this</a></li>',
    '<li><a href="#details">Details</a></li>',
    ...(ablations === undefined ? [] : ['<li><a href="#ablations">Ablations from the models</a></li>']),
    ...figures.map((f) => `<li><a href="#fig-${escapeHtml(f.name)}">Figure ${f.number}: ${escapeHtml(f.caption.split(':')[0].split('.')[0])}</a></li>`),
    '<li><a href="#tables">Tables</a></li><li><a href="#provenance">Provenance</a></li>',
    '</ol></nav>',
  ].join('');
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body><main>',
    `<h1>${escapeHtml(title)}</h1>`,
    banner,
    lead.length === 0 ? '' : `<p class="question">${lead.map(escapeHtml).join(' ')}</p>`,
    '<section id="answer">',
    narrative.mechanism === null ? '' : paragraph(narrative.mechanism, 'mechanism'),
    answersTableHtml(summary, findings),
    top ? figureBlock(top, 'top') : '',
    paragraph(narrative.answer, 'answer'),
    `<p class="note">Dataset: ${escapeHtml(summary.dataset)}. ${lossSentence(summary)}; 95% CIs are t-based across seeds (a loss's lower bound is never shown below 0); ${escapeHtml(pairingClause(summary))}; p-values are Holm-adjusted within each comparison. Signs: every term of a gap L(a) − L(b) is positive when it lowers b's loss, in the text, the tables and the figures.</p>`,
    ...narrative.notes.map((n) => paragraph(n, 'note')),
    '</section>',
    glossaryHtml(glossary(lossLabel(summary))),
    nav,
    '<section id="details"><h2>Details</h2>',
    ...narrative.paragraphs.map((p) => paragraph(p)),
    ...textTables.map(tableBlock),
    '</section>',
    ...(ablationSection === '' ? [] : [ablationSection]),
    `<section id="figures"><h2>Figures</h2>\n${figureHtml}\n</section>`,
    `<section id="tables"><h2>Tables</h2>\n${tables.filter((t) => !TEXT_TABLES.has(t.name) && t.name !== 'ablations').map(tableBlock).join('\n')}\n</section>`,
    provenanceSection(summary, libs, ablations !== undefined),
    '</main>',
    `<script type="application/json" id="report-specs">${jsonForScript(specs)}</script>`,
    ...libs.map((l) => `<script data-lib="${escapeHtml(l.name)}">${inlineScriptSource(l.source)}</script>`),
    `<script>${BOOT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Options of {@link writeReport}. */
export interface WriteReportOptions extends ReportHtmlOptions, ExportOptions {
  /**
   * What the exports' provenance comments name: the command that wrote the report (default: none
   * known) and the sha256 of the summary.json file read (default: of the summary as
   * summary.json holds it).
   */
  provenance?: { command?: string | null; summarySha256?: string; ablationsSha256?: string };
}

/** What {@link writeReport} wrote. */
export interface WriteReportResult {
  html: string;
  htmlBytes: number;
  figures: string[];
  tables: string[];
  seconds: number;
}

/**
 * Writes `<outDir>/report.html`, `<outDir>/figures/<name>.{vl.json,svg,png}`,
 * `<outDir>/tables/<name>.{csv,md,tex}` and `<outDir>/tables/numbers.tex`, each atomically: a reader (or a full disk) never finds a
 * half-written file, and a symlink in a file's place is replaced, not followed. A symlinked
 * `figures/` or `tables/` folder is refused with a `FilesError`.
 *
 * @example
 * const r = await writeReport(summary, 'results/report');
 * r.html; // 'results/report/report.html'
 */
export async function writeReport(summary: Summary, outDir: string, options: WriteReportOptions = {}): Promise<WriteReportResult> {
  const t0 = performance.now();
  // Too many variants or comparisons to draw: stop before anything is written.
  checkReportLimits(summary);
  const figures = options.figures ?? buildFigures(summary, options);
  const tables = options.tables ?? buildTables(summary);
  // The report's folders are written into, so a symlinked one would change files outside outDir.
  await refuseSymlinkedFolder(join(outDir, 'figures'));
  await refuseSymlinkedFolder(join(outDir, 'tables'));
  // Without the PDFs' font, stop before writing anything rather than leave a report without its PDFs.
  if (!options.skipPdf) findReportFonts(options.fontFolders ?? fontFolders());
  const html = renderReportHtml(summary, { ...options, figures, tables });
  const htmlPath = join(outDir, 'report.html');
  await writeFileAtomic(htmlPath, html);
  const figureFiles = await exportFigures(figures, join(outDir, 'figures'), options);
  const pkg = packageInfo();
  const provenance = {
    tool: `${pkg.name} ${pkg.version}`,
    command: options.provenance?.command ?? null,
    summarySha256: options.provenance?.summarySha256 ?? sha256Of(Buffer.from(formatSummaryJson(summary))),
  };
  const tableFiles = exportTables(tables, join(outDir, 'tables'), provenance);
  // The ablation table is drawn from ablations.json too: its files name both sources.
  if (options.ablations !== undefined) {
    const ablationsSha256 = options.provenance?.ablationsSha256 ?? sha256Of(Buffer.from(formatAblations(options.ablations)));
    tableFiles.push(...exportTables([reportAblationTable(summary, options.ablations)], join(outDir, 'tables'), { ...provenance, ablationsSha256 }));
  }
  tableFiles.push(exportNumbers(summary, join(outDir, 'tables'), provenance));
  return { html: htmlPath, htmlBytes: Buffer.byteLength(html), figures: figureFiles, tables: tableFiles, seconds: (performance.now() - t0) / 1000 };
}
