/**
 * Exports for papers: every figure as `.vl.json`, `.svg` (Vega's headless renderer), `.pdf` (vector,
 * Liberation Sans embedded; pdf.ts) and `.png` (resvg, 2x, white background); every table as `.csv`, `.md` and `.tex` (booktabs); every number of the
 * report as a LaTeX macro in `numbers.tex`. Every file is written
 * atomically (temp file, fsync, rename): a symlink in its place is replaced, never followed.
 */
import { join } from 'node:path';
import { writeFileAtomic, writeFileAtomicSync } from '../fs/atomic-file.js';
import type { ReportFigure } from './figures/index.js';
import { renderSvg, svgToPngAsync } from './render.js';
import { findReportFonts, fontFolders, svgToPdf } from './pdf.js';
import { packageInfo } from '../version.js';
import { tableToCsv, tableToLatex, tableToMarkdown, type ReportTable } from './tables.js';
import { numberMacros, numbersToLatex } from './numbers.js';
import { provenanceComment, type LatexProvenance } from './provenance-comment.js';
import type { Summary } from '../summary/types.js';

/** Options of {@link exportFigures}. */
export interface ExportOptions {
  /** PNG scale (default 2). */
  pngScale?: number;
  /** Skip the PNGs (faster; default false). */
  skipPng?: boolean;
  /** Skip the PDFs (no Liberation Sans needed; default false). */
  skipPdf?: boolean;
  /** Folders to look for Liberation Sans in (default: {@link fontFolders} of the process's environment). */
  fontFolders?: string[];
}

/**
 * Writes each figure's spec, SVG, PDF and PNG into `dir`; returns the written paths.
 *
 * @example
 * await exportFigures(buildFigures(summary), 'out/figures'); // ['out/figures/headline.vl.json', ...]
 */
export async function exportFigures(figures: ReportFigure[], dir: string, options: ExportOptions = {}): Promise<string[]> {
  const written: string[] = [];
  const pngs: Array<Promise<void>> = [];
  // Found before anything is written: without the font, no figure is exported half-way.
  const fonts = options.skipPdf ? null : findReportFonts(options.fontFolders ?? fontFolders());
  const producer = `${packageInfo().name} ${packageInfo().version}`;
  try {
    for (const f of figures) {
      const base = join(dir, f.name);
      await writeFileAtomic(`${base}.vl.json`, `${JSON.stringify(f.spec, null, 1)}\n`);
      const svg = await renderSvg(f.spec);
      await writeFileAtomic(`${base}.svg`, svg);
      written.push(`${base}.vl.json`, `${base}.svg`);
      if (fonts !== null) {
        await writeFileAtomic(`${base}.pdf`, await svgToPdf(svg, { fonts, title: f.name, producer }));
        written.push(`${base}.pdf`);
      }
      if (!options.skipPng) {
        // rasterise on resvg's thread while the next figure renders
        const png = svgToPngAsync(svg, { scale: options.pngScale ?? 2 }).then((bytes) => writeFileAtomic(`${base}.png`, bytes));
        // Handled at once: a PNG that fails (a full disk) while the loop still awaits must not be an
        // unhandled rejection (Node would end the process with exit 1 and a stack trace); it is thrown below.
        png.catch(() => undefined);
        pngs.push(png);
        written.push(`${base}.png`);
      }
    }
  } catch (error) {
    // The loop failed: let the PNGs under way end (their temp files removed) before saying so.
    await Promise.allSettled(pngs);
    throw error;
  }
  // The first failure, once every PNG has ended.
  const failed = (await Promise.allSettled(pngs)).find((r) => r.status === 'rejected');
  if (failed !== undefined) {
    const reason: unknown = failed.reason;
    throw reason;
  }
  return written;
}

/**
 * Writes each table as CSV, Markdown and LaTeX into `dir`, each starting with the provenance
 * comment when given (tool, command, summary.json sha256); returns the written paths.
 *
 * @example
 * exportTables(buildTables(summary), 'out/tables'); // ['out/tables/final-losses.csv', ...]
 */
export function exportTables(tables: ReportTable[], dir: string, provenance?: LatexProvenance): string[] {
  const written: string[] = [];
  const head = (format: 'tex' | 'csv' | 'md'): string => (provenance === undefined ? '' : provenanceComment(provenance, format));
  for (const t of tables) {
    const base = join(dir, t.name);
    writeFileAtomicSync(`${base}.csv`, head('csv') + tableToCsv(t));
    writeFileAtomicSync(`${base}.md`, head('md') + tableToMarkdown(t));
    writeFileAtomicSync(`${base}.tex`, head('tex') + tableToLatex(t));
    written.push(`${base}.csv`, `${base}.md`, `${base}.tex`);
  }
  return written;
}

/**
 * Writes `numbers.tex` (one LaTeX macro per number of the report, see numbers.ts) into `dir`;
 * returns its path.
 *
 * @example
 * exportNumbers(summary, 'out/tables', provenance); // 'out/tables/numbers.tex'
 */
export function exportNumbers(summary: Summary, dir: string, provenance: LatexProvenance): string {
  const path = join(dir, 'numbers.tex');
  writeFileAtomicSync(path, numbersToLatex(numberMacros(summary), provenance));
  return path;
}
