/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types, so consumers need none of their own setup.
/**
 * Headless rendering in Node: Vega-Lite -> Vega -> SVG (Vega's renderer 'none' + toSVG), SVG -> PNG (resvg).
 */
import { Resvg, renderAsync } from '@resvg/resvg-js';
import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { BoundaryEffectsError } from '../errors.js';

/** Why a figure could not be rendered. */
export class ReportRenderError extends BoundaryEffectsError<'compile' | 'render' | 'rasterise' | 'fonts'> {
  constructor(code: 'compile' | 'render' | 'rasterise' | 'fonts', message: string) {
    super('ReportRenderError', code, message);
  }
}

// vega (which vega-lite imports) loads its Node canvas with a top-level await, and Node's
// require(esm) refuses any module graph holding one: both are imported on first use, so that a
// CommonJS project can require('boundary-effects') (test/package/consumer.test.ts).
const loadVega = (): Promise<typeof vega> => import('vega');

/** Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings. */
export async function compileToVega(spec: TopLevelSpec): Promise<{ vega: vega.Spec; warnings: string[] }> {
  const [{ Warn }, { compile }] = await Promise.all([loadVega(), import('vega-lite')]);
  const warnings: string[] = [];
  const logger: vega.LoggerInterface = {
    level(_?: number) {
      return _ === undefined ? Warn : logger;
    },
    error(...args: unknown[]) {
      throw new ReportRenderError('compile', `Vega-Lite error: ${args.map(String).join(' ')}`);
    },
    warn(...args: unknown[]) {
      warnings.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  try {
    const out = compile(spec, { logger });
    return { vega: out.spec as vega.Spec, warnings };
  } catch (e) {
    if (e instanceof ReportRenderError) throw e;
    throw new ReportRenderError('compile', `Vega-Lite could not compile the spec: ${(e as Error).message}`);
  }
}

/**
 * Renders a Vega-Lite spec to an SVG string with Vega's headless renderer.
 *
 * @example
 * const svg = await renderSvg(headlineFigure(summary)); // '<svg ...'
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega: vg } = await compileToVega(spec);
  const vega = await loadVega();
  try {
    const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Warn });
    const svg = await view.toSVG();
    view.finalize();
    return tightenSvg(svg);
  } catch (e) {
    throw new ReportRenderError('render', `Vega could not render the figure: ${(e as Error).message}`);
  }
}

const SVG_ROOT_SIZE = /^(<svg\b[^>]*?)\swidth="[\d.]+"\s+height="[\d.]+"\s+viewBox="[^"]*"/;
const SVG_BACKGROUND = /<rect width="[\d.]+" height="[\d.]+" fill="(?:white|#fff|#ffffff)"\/>/;

/**
 * Crops an SVG from Vega's headless renderer to its drawn content plus a margin. Without a
 * canvas, Vega estimates text widths generously, so long subtitles widen the view with empty
 * space; resvg measures the real glyphs, so its bounding box gives the true extent.
 *
 * @example
 * tightenSvg(await renderSvg(spec)); // same drawing, width/height/viewBox fitted to the marks
 */
export function tightenSvg(svg: string, margin = 8): string {
  if (!SVG_ROOT_SIZE.test(svg)) return svg;
  const content = svg.replace(SVG_BACKGROUND, '');
  const box = new Resvg(content, resvgOptions({ scale: 1 })).getBBox();
  if (box === undefined || !(box.width > 0 && box.height > 0)) return svg;
  const x = Math.floor(box.x - margin);
  const y = Math.floor(box.y - margin);
  const width = Math.ceil(box.width + 2 * margin);
  const height = Math.ceil(box.height + 2 * margin);
  return svg
    .replace(SVG_ROOT_SIZE, `$1 width="${width}" height="${height}" viewBox="${x} ${y} ${width} ${height}"`)
    .replace(SVG_BACKGROUND, `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="white"/>`);
}

/**
 * Rasterises an SVG to PNG with resvg: scale 2 by default, white background, system fonts loaded.
 *
 * @example
 * const png = svgToPng(svg); // Buffer starting with \x89PNG
 */
export function svgToPng(svg: string, options: { scale?: number; fontFamily?: string } = {}): Buffer {
  try {
    const r = new Resvg(svg, resvgOptions(options));
    return r.render().asPng();
  } catch (e) {
    throw new ReportRenderError('rasterise', `resvg could not rasterise the SVG: ${(e as Error).message}`);
  }
}

/**
 * Like {@link svgToPng} but on resvg's worker thread (lets several figures rasterise in parallel).
 *
 * @example
 * const png = await svgToPngAsync(svg);
 */
export async function svgToPngAsync(svg: string, options: { scale?: number; fontFamily?: string } = {}): Promise<Buffer> {
  try {
    const img = await renderAsync(svg, resvgOptions(options));
    return img.asPng();
  } catch (e) {
    throw new ReportRenderError('rasterise', `resvg could not rasterise the SVG: ${(e as Error).message}`);
  }
}

function resvgOptions(options: { scale?: number; fontFamily?: string }) {
  return {
      fitTo: { mode: 'zoom' as const, value: options.scale ?? 2 },
      background: 'white',
      font: { loadSystemFonts: true, defaultFontFamily: options.fontFamily ?? 'Liberation Sans', sansSerifFamily: 'Liberation Sans' },
      imageRendering: 1,
      shapeRendering: 2,
      textRendering: 1,
  } as const;
}
