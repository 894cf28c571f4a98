import { AnalysisError } from '../analysis/errors.js';
import { intensityTableFromJSON, type IntensityTable, type IntensityTableJSON } from '../analysis/intensity-table.js';
import { RunFileError } from './errors.js';
import { failFor, integer, record } from '../json/fields.js';

/** test-intensity-table.json: the run's location x intensity-bin table (src/analysis) and its pad. */
export type IntensityTableFile = IntensityTableJSON & { pad: number };

/** A parsed intensity table with the pad of the run it belongs to. */
export interface StoredIntensityTable {
  pad: number;
  table: IntensityTable;
}

/**
 * Checks a parsed test-intensity-table.json: the table's own format (bins, array lengths, finite
 * numbers; see `intensityTableFromJSON`), counts that are whole numbers adding up to the number of
 * images at every location, and loss and floor sums >= 0. Throws a RunFileError naming `path` and
 * the field.
 *
 * @example
 * parseIntensityTableFile(JSON.parse(text), 'runs/edge32/seed-1/test-intensity-table.json').table.images; // 10000
 */
export function parseIntensityTableFile(json: unknown, path: string): StoredIntensityTable {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const pad = integer(record(json, 'intensity table', fail).pad, 'pad', fail, 0);
  let table: IntensityTable;
  try {
    table = intensityTableFromJSON(json);
  } catch (error) {
    if (error instanceof AnalysisError) return fail(error.message.replace(/\.$/, ''));
    throw error;
  }
  const plane = table.height * table.width;
  const perLocation = new Float64Array(plane);
  for (let i = 0; i < table.count.length; i++) {
    const c = table.count[i];
    if (!Number.isInteger(c) || c < 0) fail(`count[${i}] is ${c}, expected a whole number >= 0`);
    if (table.lossSum[i] < 0) fail(`lossSum[${i}] is ${table.lossSum[i]}, expected a number >= 0`);
    if (table.floorSum[i] < 0) fail(`floorSum[${i}] is ${table.floorSum[i]}, expected a number >= 0`);
    perLocation[i % plane] += c;
  }
  const bad = perLocation.findIndex((n) => n !== table.images);
  if (bad >= 0) {
    fail(`the counts at row ${Math.floor(bad / table.width)}, column ${bad % table.width} add up to ${perLocation[bad]}, expected one per image (${table.images})`);
  }
  return { pad, table };
}
