import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseJsonFile } from '../fs/atomic-file.js';
import { describeFileError, FilesError } from '../fs/files-error.js';
import type { Summary } from '../summary/types.js';
import { SUMMARY_FILE } from './experiment-file.js';
import { sha256Of } from '../run-format/manifest.js';
import { isRecord } from '../json/fields.js';

const isNumberList = (value: unknown): value is number[] => Array.isArray(value) && value.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The first problem of an estimate-shaped field (`{ n, mean, values }`), or null. */
function estimateProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'is not an estimate object';
  if (typeof value.mean !== 'number' || !Number.isFinite(value.mean)) return "has no finite 'mean'";
  if (typeof value.n !== 'number') return "has no 'n'";
  if (!isNumberList(value.values)) return "has no list of finite 'values'";
  return null;
}

/** A summarised variant's output height and width, from `size` or from `geometry`; null when it has neither. */
function variantShape(v: Record<string, unknown>): { height: number; width: number } | null {
  if (typeof v.size === 'number' && typeof v.pad === 'number') return { height: v.size, width: v.size };
  const g = v.geometry;
  if (!isRecord(g) || typeof g.height !== 'number' || typeof g.width !== 'number' || typeof g.channels !== 'number' || !isRecord(g.pads)) return null;
  const pads = g.pads;
  if (!['top', 'bottom', 'left', 'right'].every((side) => typeof pads[side] === 'number')) return null;
  return { height: g.height, width: g.width };
}

/** The first structural problem of a parsed summary.json, as `<field> <what is wrong>`, or null. */
function summaryProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'the document is not an object';
  if (value.schemaVersion !== 1) return `'schemaVersion' is ${JSON.stringify(value.schemaVersion) ?? 'missing'}, not 1`;
  for (const list of ['variants', 'comparisons', 'predictions'] as const) {
    if (!Array.isArray(value[list])) return `'${list}' is not a list`;
  }
  if (!isRecord(value.settings)) return "'settings' is not an object";
  if (!isRecord(value.provenance)) return "'provenance' is not an object";
  const variants: unknown[] = Array.isArray(value.variants) ? value.variants : [];
  if (variants.length === 0) return "'variants' is empty";
  for (const [i, v] of variants.entries()) {
    if (!isRecord(v) || typeof v.variant !== 'string') return `variants[${i}] has no 'variant' name`;
    const where = `variants[${i}] (${v.variant})`;
    // The tool's own square runs carry size and pad; an open-format variant of any other shape carries geometry.
    const shape = variantShape(v);
    if (shape === null) return `${where} has neither 'size' and 'pad' nor a 'geometry' with height, width, pads and channels`;
    const testProblem = estimateProblem(v.testLoss);
    if (testProblem !== null) return `${where}.testLoss ${testProblem}`;
    // A run without a training loss, or a loss without a floor (mse, l1), writes null here.
    for (const field of ['finalTrainLoss', 'entropyFloor'] as const) {
      const problem = v[field] === null ? null : estimateProblem(v[field]);
      if (problem !== null) return `${where}.${field} ${problem} (nor null)`;
    }
    if (!isNumberList(v.meanLossMap) || v.meanLossMap.length !== shape.height * shape.width) return `${where}.meanLossMap is not ${shape.height}x${shape.width} finite numbers`;
    for (const list of ['regions', 'intensity', 'curves', 'samples'] as const) {
      if (!Array.isArray(v[list])) return `${where}.${list} is not a list`;
    }
  }
  return null;
}

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

/**
 * Like {@link readSummaryFile}, with the sha256 of the file's bytes (what the report's tables
 * name as their source).
 *
 * @example
 * const doc = await readSummaryDocument('reports/mnist'); // { summary, sha256: '3f1c...' }
 */
export async function readSummaryDocument(dir: string): Promise<{ summary: Summary; sha256: string } | null> {
  const path = join(dir, SUMMARY_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw describeFileError(error, path);
  }
  const text = bytes.toString('utf8');
  const hint = `rebuild it from the runs with 'boundary-effects report ${dir} --rebuild'`;
  const value = parseJsonFile(text, path, hint);
  const problem = summaryProblem(value);
  if (problem !== null) throw new FilesError('bad-shape', path, `${path} is not a summary of this tool (${problem}); ${hint}.`);
  // The structure the report reads was checked above; the remaining fields are the builder's own output.
  return { summary: value as Summary, sha256: sha256Of(bytes) };
}
