/**
 * Headless rendering in Node: Vega-Lite -> Vega -> SVG (Vega's renderer 'none' + toSVG), SVG -> PNG (resvg).
 */
import { Resvg, renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** Why a figure could not be rendered. */
export class ReportRenderError extends Error {
  readonly code: 'compile' | 'render' | 'rasterise';
  constructor(code: 'compile' | 'render' | 'rasterise', message: string) {
    super(message);
    this.name = 'ReportRenderError';
    this.code = code;
  }
}

/** Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings. */
export function compileToVega(spec: TopLevelSpec): { vega: vega.Spec; warnings: string[] } {
  const warnings: string[] = [];
  const logger: vega.LoggerInterface = {
    level(_?: number) {
      return _ === undefined ? vega.Warn : logger;
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
  const { vega: vg } = compileToVega(spec);
  try {
    const view = new vega.View(vega.parse(vg), { renderer: 'none', logLevel: vega.Warn });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  } catch (e) {
    throw new ReportRenderError('render', `Vega could not render the figure: ${(e as Error).message}`);
  }
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
