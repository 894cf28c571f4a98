// The only module whose declarations name danfojs-node: it is reached through the
// `boundary-effects/dataframe` entry point alone, so `/stats` and `/analysis` compile without it.
import type { DataFrame } from 'danfojs-node';
import { isMissingPackage } from '../missing-package.js';
import { cellText, columnsOf, type TableOptions, type TableRow } from '../stats/tables.js';
import { DataFrameError } from './errors.js';

const PEER = 'danfojs-node';

/** danfo's module, imported on first use (it loads tfjs), with a clear error when it is absent. */
async function loadDanfo(): Promise<typeof import('danfojs-node')> {
  try {
    return await import('danfojs-node');
  } catch (error) {
    if (isMissingPackage(error, PEER)) {
      throw new DataFrameError(
        'peer-missing',
        `toDataFrame needs the optional peer dependency '${PEER}', which is not installed. Install it with the ` +
          `overrides given in boundary-effects' docs/install.md (its own dependencies are not all on the npm ` +
          `registry), or write tables with toCsv from 'boundary-effects/stats'.`,
        { cause: error },
      );
    }
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    throw new DataFrameError('peer-load-failed', `'${PEER}' is installed but failed to load (${first}); reinstall it as docs/install.md says.`, {
      cause: error,
    });
  }
}

/**
 * A danfojs-node DataFrame of rows (list cells joined into strings, null kept as missing), for
 * grouping (`df.groupby(['variant', 'metric'])`) and display. Needs the optional peer dependency
 * `danfojs-node`, imported on first call (it pulls in tfjs). danfo exposes columns as properties of
 * the frame, so a column named like a DataFrame member (e.g. `values`, `index`, `shape`) would break
 * the frame: such columns get a trailing underscore (`values` -> `values_`). Use toCsv for files.
 *
 * @example
 * const df = await toDataFrame(toLongRows(records));
 * df.groupby(['variant', 'metric']).col(['value']).mean().print();
 * @throws DataFrameError 'peer-missing' when danfojs-node is not installed
 */
export async function toDataFrame<R extends TableRow<R>>(rows: readonly R[], options: TableOptions = {}): Promise<DataFrame> {
  const dfd = await loadDanfo();
  const records = rows as unknown as ReadonlyArray<Readonly<Record<string, unknown>>>;
  const columns = columnsOf(records, options);
  const sep = options.listSeparator ?? ';';
  const data: Record<string, Array<string | number | boolean | null>> = {};
  const names = columns.map((c) => (c in dfd.DataFrame.prototype ? `${c}_` : c));
  for (const [k, c] of columns.entries()) {
    data[names[k]] = records.map((r) => {
      const v = r[c];
      if (v === undefined) return null;
      return Array.isArray(v) ? cellText(v, sep) : (v as string | number | boolean | null);
    });
  }
  return new dfd.DataFrame(data, { columns: names });
}
