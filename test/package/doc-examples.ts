import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One ```ts block of the documentation, to be compiled and run as a user's file. */
export interface DocExample {
  /** A file name for it: `<doc>-L<line>.ts` (line of the opening fence, 1-based). */
  name: string;
  /** Where it is, for messages: `README.md:312`. */
  where: string;
  code: string;
  /** Whether it imports `boundary-effects/dataframe` (needs the optional peer danfojs-node). */
  needsDanfo: boolean;
}

/** The ```ts blocks of `markdown` (optionally only under the `## heading` section), with their lines. */
export function typescriptBlocks(markdown: string, file: string, section?: string): DocExample[] {
  const lines = markdown.split('\n');
  let from = 0;
  let to = lines.length;
  if (section !== undefined) {
    from = lines.findIndex((l) => l.trim() === `## ${section}`);
    if (from < 0) throw new Error(`${file} has no '## ${section}' section`);
    const next = lines.findIndex((l, i) => i > from && /^## /.test(l));
    to = next < 0 ? lines.length : next;
  }
  const blocks: DocExample[] = [];
  for (let i = from; i < to; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i]!)) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code block`);
    const code = lines.slice(i + 1, end).join('\n') + '\n';
    const base = file.replace(/^.*\//, '').replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');
    blocks.push({ name: `${base}-L${i + 1}.ts`, where: `${file}:${i + 1}`, code, needsDanfo: /from 'boundary-effects\/dataframe'/.test(code) });
    i = end;
  }
  return blocks;
}

/** Every example users are shown: README's "Library" section and every docs/api-*.md. */
export function docExamples(root: string): DocExample[] {
  const docs = readdirSync(join(root, 'docs')).filter((f) => /^api-.*\.md$/.test(f)).sort();
  return [
    ...typescriptBlocks(readFileSync(join(root, 'README.md'), 'utf8'), 'README.md', 'Library'),
    ...docs.flatMap((f) => typescriptBlocks(readFileSync(join(root, 'docs', f), 'utf8'), `docs/${f}`)),
  ];
}
