/**
 * Escaping for the report's output formats: HTML text and attributes, JSON inside a <script> element,
 * LaTeX, CSV and Markdown table cells.
 */

/**
 * Escapes a string for HTML text or a quoted attribute value.
 *
 * @example
 * escapeHtml('<script>alert("x")</script>'); // '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c] ?? c);
}

/**
 * JSON safe to embed inside a `<script>` element: `<`, `>`, `&`, U+2028 and U+2029 are written as
 * `\uXXXX` escapes, so no `</script>` or `<!--` can appear in the output.
 *
 * @example
 * jsonForScript({ a: '</script>' }); // '{"a":"\\u003c/script\\u003e"}'
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * JavaScript source safe to inline in a `<script>` element (neutralises `</script` and `<!--`, which
 * only occur inside strings, regexes or comments in well-formed library code).
 *
 * @example
 * inlineScriptSource('var s = "</script>";'); // 'var s = "<\\/script>";'
 */
export function inlineScriptSource(src: string): string {
  return src.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

const LATEX: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '<': '\\textless{}',
  '>': '\\textgreater{}',
  '|': '\\textbar{}',
  '−': '$-$',
  '×': '$\\times$',
  'Δ': '$\\Delta$',
  '≈': '$\\approx$',
  '–': '--',
  '≤': '$\\leq$',
  '≥': '$\\geq$',
  '→': '$\\rightarrow$',
  '±': '$\\pm$',
  '’': "'",
};

/**
 * Escapes LaTeX special characters (and maps a few Unicode symbols to math mode).
 *
 * @example
 * escapeLatex('50% of a_b & {c}'); // '50\\% of a\\_b \\& \\{c\\}'
 */
export function escapeLatex(s: string): string {
  return s.replace(/[\\&%$#_{}~^<>|−×Δ≈–≤≥→±’]/g, (c) => LATEX[c] ?? c);
}

/**
 * A CSV text field (RFC 4180): quoted when it contains a comma, quote, CR or LF; quotes doubled.
 * Text starting with `=`, `+`, `-`, `@`, a tab or a carriage return (a variant id `=HYPERLINK(...)`)
 * would run as a formula in a spreadsheet: it is neutralised as OWASP recommends, prefixed with
 * `'` and quoted. For text only: numbers (`-0.012`) are written as they are, not through this.
 *
 * @example
 * csvField('a,"b"'); // '"a,""b"""'
 * csvField('=1+1'); // `"'=1+1"`
 */
export function csvField(s: string): string {
  if (/^[=+\-@\t\r]/.test(s)) return `"'${s.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A Markdown table cell: pipes and backslashes escaped, newlines as spaces, and `&`, `<`, `>` as
 * HTML entities, since Markdown renderers pass raw HTML through (a variant name or command such as
 * `<img src=x onerror=...>` must show as text, not run).
 *
 * @example
 * markdownCell('a|b'); // 'a\\|b'
 * markdownCell('<b>'); // '&lt;b&gt;'
 */
export function markdownCell(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}
