import { join } from 'node:path';
import { parseJsonFile, readFileIfExists } from '../fs/atomic-file.js';
import { FilesError } from '../fs/files-error.js';
import type { Summary } from '../summary/types.js';
import { SUMMARY_FILE } from './experiment-file.js';
import { sha256Of } from '../run-format/manifest.js';
import { failFor } from '../json/fields.js';
import { parseSummary } from '../summary/parse-summary.js';

/**
 * Reads `DIR/summary.json`, or null when there is none. Invalid JSON or a document that is not a
 * summary (e.g. `{}`) throws a FilesError naming the file and the field, and saying to rebuild it.
 *
 * @example
 * const summary = await readSummaryFile('reports/mnist'); // null before the first reproduce
 */
export async function readSummaryFile(dir: string): Promise<Summary | null> {
  return (await readSummaryDocument(dir))?.summary ?? null;
}

/** A summary.json as read: the checked document and the sha256 of the file's bytes. */
export interface SummaryDocument {
  summary: Summary;
  sha256: string;
}

/**
 * Like {@link readSummaryFile}, with the sha256 of the file's bytes (what the report's tables
 * name as their source).
 *
 * @example
 * const doc = await readSummaryDocument('reports/mnist'); // { summary, sha256: '3f1c...' }
 */
export async function readSummaryDocument(dir: string): Promise<SummaryDocument | null> {
  const path = join(dir, SUMMARY_FILE);
  const bytes = await readFileIfExists(path);
  if (bytes === null) return null;
  const text = bytes.toString('utf8');
  const hint = `rebuild it from the runs with 'boundary-effects report ${dir} --rebuild'`;
  const fail = failFor((problem) => new FilesError('bad-shape', path, `${path} is not a summary of this tool (${problem}); ${hint}.`));
  return { summary: parseSummary(parseJsonFile(text, path, hint), fail), sha256: sha256Of(bytes) };
}
