import { RunFileError } from './errors.js';
import { failFor, integer, numbers, record } from '../json/fields.js';

/** test-loss-map.json: mean per-pixel test loss of a square run (the pad the same on every side). */
export interface LossMapFile {
  height: number;
  width: number;
  pad: number;
  /** Row-major `height * width` means over the test images. */
  values: number[];
}

/**
 * Checks a parsed test-loss-map.json: positive height and width, a pad that leaves an original
 * image, and exactly `height * width` finite losses >= 0. Throws a RunFileError naming `path` and
 * the field (for example the first index that is not a number).
 *
 * @example
 * parseLossMap({ height: 2, width: 2, pad: 0, values: [0.1, 0.2, 0.3] }, 'test-loss-map.json');
 * // RunFileError: test-loss-map.json: values has 3 entries, expected 4 (height 2 x width 2)
 */
export function parseLossMap(json: unknown, path: string): LossMapFile {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const m = record(json, 'loss map', fail);
  const height = integer(m.height, 'height', fail, 1);
  const width = integer(m.width, 'width', fail, 1);
  const pad = integer(m.pad, 'pad', fail, 0);
  if (2 * pad >= Math.min(height, width)) fail(`pad is ${pad} in a ${height}x${width} map, expected 2 * pad < ${Math.min(height, width)}`);
  const values = numbers(m.values, 'values', (message) =>
    fail(message.replace(/expected (\d+)$/, `expected $1 (height ${height} x width ${width})`)), { length: height * width, nonNegative: true });
  return { height, width, pad, values };
}
