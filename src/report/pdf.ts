/// <reference types="node" preserve="true" />
// Kept in the published .d.ts (preserve): its declarations name Node types (Buffer, NodeJS), so consumers need none of their own setup.
/**
 * Vector PDF figures for papers: the figure's SVG (from Vega's headless renderer) drawn into a PDF
 * by PDFKit with svg-to-pdfkit, in pure JavaScript (no browser, no native build). The report's font,
 * Liberation Sans, is embedded (subset), so the PDF looks the same on every machine and journals'
 * "all fonts embedded" checks pass.
 *
 * Why these two libraries: PDFKit is maintained and embeds TrueType fonts through fontkit;
 * svg-to-pdfkit parses the SVG itself (jsPDF's svg2pdf.js needs a DOM, i.e. jsdom in Node) and
 * draws everything Vega's SVG uses: text with font weights and anchors, clip paths, dashed strokes,
 * fill and stroke opacity, transforms and the gradient of a colour legend.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { ReportRenderError } from './render.js';

/** The four faces of the figures' font, as TrueType files. */
export interface ReportFontFiles {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

const FACE_FILES: Readonly<Record<keyof ReportFontFiles, string>> = {
  regular: 'LiberationSans-Regular.ttf',
  bold: 'LiberationSans-Bold.ttf',
  italic: 'LiberationSans-Italic.ttf',
  boldItalic: 'LiberationSans-BoldItalic.ttf',
};

/**
 * Where to look for Liberation Sans: only `BOUNDARY_EFFECTS_FONT_DIR` when it is set, else where
 * Debian/Ubuntu (fonts-liberation), Fedora, Arch, macOS and a user's own installs put it.
 *
 * @example
 * fontFolders({ BOUNDARY_EFFECTS_FONT_DIR: 'fonts' }); // ['fonts']
 */
export function fontFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  const own = env.BOUNDARY_EFFECTS_FONT_DIR;
  if (own !== undefined && own !== '') return [own];
  return [
    '/usr/share/fonts/truetype/liberation',
    '/usr/share/fonts/truetype/liberation2',
    '/usr/share/fonts/liberation-sans',
    '/usr/share/fonts/liberation',
    '/usr/share/fonts/TTF',
    '/usr/local/share/fonts',
    join(homedir(), '.local/share/fonts'),
    join(homedir(), 'Library/Fonts'),
    '/Library/Fonts',
  ];
}

/**
 * The Liberation Sans files the PDFs embed: the first folder of {@link fontFolders} that holds all
 * four faces. Throws a ReportRenderError ('fonts') saying what to
 * install when none does: a PDF with a substituted font would not look like the report's figures.
 *
 * @example
 * findReportFonts().regular; // '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf'
 */
export function findReportFonts(folders: readonly string[] = fontFolders()): ReportFontFiles {
  for (const dir of folders) {
    const files = {
      regular: join(dir, FACE_FILES.regular),
      bold: join(dir, FACE_FILES.bold),
      italic: join(dir, FACE_FILES.italic),
      boldItalic: join(dir, FACE_FILES.boldItalic),
    };
    if (Object.values(files).every((f) => existsSync(f))) return files;
  }
  throw new ReportRenderError(
    'fonts',
    `the PDF figures embed the font Liberation Sans, but ${Object.values(FACE_FILES).join(', ')} were not found together in any of ${folders.join(', ')}. ` +
      'Install it (Debian/Ubuntu: apt-get install fonts-liberation; Fedora: dnf install liberation-sans-fonts), set BOUNDARY_EFFECTS_FONT_DIR to a folder holding the four files, or skip the PDFs (report --no-pdf).',
  );
}

/** Width and height of an SVG's root element (Vega writes both in pixels). */
function svgSize(svg: string): { width: number; height: number } {
  const root = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\swidth="([\d.]+)"/.exec(root)?.[1]);
  const height = Number(/\sheight="([\d.]+)"/.exec(root)?.[1]);
  if (!(width > 0 && height > 0)) throw new ReportRenderError('render', 'the SVG has no width and height in pixels on its root element; cannot size the PDF page.');
  return { width, height };
}

/** Options of {@link svgToPdf}. */
export interface SvgToPdfOptions {
  /** Font files (default: {@link findReportFonts}). */
  fonts?: ReportFontFiles;
  /** The PDF's title (its document information). */
  title?: string;
  /** The producer named in the PDF (e.g. `boundary-effects 0.1.0`). */
  producer?: string;
}

/**
 * Draws an SVG into a one-page PDF the size of the SVG (1 px = 1 pt), with Liberation Sans embedded.
 * The same SVG always gives the same bytes (fixed creation date, deterministic file id).
 *
 * @example
 * const pdf = await svgToPdf(await renderSvg(spec), { title: 'headline' }); // Buffer starting with %PDF-
 */
export async function svgToPdf(svg: string, options: SvgToPdfOptions = {}): Promise<Buffer> {
  const fonts = options.fonts ?? findReportFonts();
  const { width, height } = svgSize(svg);
  // Loaded on first use: commands that write no PDF do not pay for PDFKit's start-up.
  const [{ default: PDFDocument }, { default: SVGtoPDF }] = await Promise.all([import('pdfkit'), import('svg-to-pdfkit')]);
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    compress: true,
    // A fixed date: rebuilding a report gives byte-identical PDFs.
    info: { Title: options.title ?? '', Producer: options.producer ?? 'PDFKit', Creator: 'svg-to-pdfkit', CreationDate: new Date(0) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  try {
    doc.registerFont('report-regular', fonts.regular);
    doc.registerFont('report-bold', fonts.bold);
    doc.registerFont('report-italic', fonts.italic);
    doc.registerFont('report-bold-italic', fonts.boldItalic);
    const warnings: string[] = [];
    SVGtoPDF(doc, svg, 0, 0, {
      width,
      height,
      assumePt: true,
      // Every figure's text is in the report's font (theme.ts); other families would be substitutes.
      fontCallback: (_family, bold, italic) => (bold ? (italic ? 'report-bold-italic' : 'report-bold') : italic ? 'report-italic' : 'report-regular'),
      warningCallback: (w) => warnings.push(w),
    });
    if (warnings.length > 0) throw new ReportRenderError('render', `svg-to-pdfkit could not draw all of the figure: ${warnings.slice(0, 3).join('; ')}`);
    doc.end();
  } catch (e) {
    doc.end();
    if (e instanceof ReportRenderError) throw e;
    throw new ReportRenderError('render', `the PDF could not be written: ${(e as Error).message}`);
  }
  return done;
}
