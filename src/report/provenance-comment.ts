/**
 * The provenance comment that starts each exported table and numbers.tex: the tool and version
 * that wrote it, the command, and the sha256 of the summary.json it was drawn from, as a comment
 * of the file's format (LaTeX `%`, CSV `#`, Markdown `<!-- -->`).
 */

/** Where an exported file came from, for its first lines. */
export interface LatexProvenance {
  /** Tool name and version, e.g. `boundary-effects 0.1.0`. */
  tool: string;
  /** The command line that wrote the report (null when not known). */
  command: string | null;
  /** sha256 of the summary.json the numbers are from (hex). */
  summarySha256: string;
  /** sha256 of the ablations.json a table is drawn from too (only the ablation table's files name it). */
  ablationsSha256?: string;
}

/**
 * A comment line safe in any text file: control characters (a newline would end the comment and
 * let the rest run as code) become U+FFFD.
 *
 * @example
 * commentText('a\nb'); // 'a\uFFFDb'
 */
export function commentText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, '\uFFFD');
}

/**
 * The provenance lines (without the comment marker): tool, command, summary checksum.
 *
 * @example
 * provenanceLines({ tool: 'boundary-effects 0.1.0', command: 'boundary-effects report reports/mnist', summarySha256: 'ab12' });
 * // ['written by boundary-effects 0.1.0', 'command: boundary-effects report reports/mnist', 'summary.json sha256: ab12']
 */
export function provenanceLines(p: LatexProvenance): string[] {
  const lines = [`written by ${commentText(p.tool)}`, `command: ${p.command === null ? 'unknown (library call)' : commentText(p.command)}`, `summary.json sha256: ${commentText(p.summarySha256)}`];
  return p.ablationsSha256 === undefined ? lines : [...lines, `ablations.json sha256: ${commentText(p.ablationsSha256)}`];
}

/**
 * The provenance as a comment block of a format, ending with a newline.
 *
 * @example
 * provenanceComment(p, 'csv'); // '# written by boundary-effects 0.1.0\n# command: ...\n# summary.json sha256: ...\n'
 */
export function provenanceComment(p: LatexProvenance, format: 'tex' | 'csv' | 'md'): string {
  const lines = provenanceLines(p);
  if (format === 'tex') return lines.map((l) => `% ${l}\n`).join('');
  if (format === 'csv') return lines.map((l) => `# ${l}\n`).join('');
  // An HTML comment ends at the first -->: a command cannot close it early.
  return `<!-- ${lines.map((l) => l.replace(/--/g, '- -')).join('; ')} -->\n\n`;
}
