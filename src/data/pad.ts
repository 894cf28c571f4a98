/**
 * Padding with the semantics of `numpy.pad` (numpy >= 1.25, where wrap/reflect/symmetric widths
 * larger than the image are filled iteratively in periods of the original length).
 *
 * For these modes numpy's result is separable: padded pixel (y, x) equals source pixel
 * (rowMap[y], colMap[x]), where each map is numpy's 1-D algorithm applied to the indices of one
 * axis. We simulate numpy's iterations on index arrays once per axis, then gather.
 */

import { BoundaryEffectsError } from '../errors.js';

/** numpy.pad modes we support (numpy names; `constant` uses one `constantValue`, default 0). */
export type PadMode = 'edge' | 'constant' | 'reflect' | 'symmetric' | 'wrap';

/** Widths on each side, in pixels (non-negative integers). */
export interface PadWidths {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** How to pad: one width for all sides or per side, the mode, and the constant for `constant`. */
export interface PadSpec {
  widths: number | PadWidths;
  mode: PadMode;
  constantValue?: number;
}

/** The padded image size and the per-axis source-index maps (-1 = constant). */
export interface PadPlan {
  /** Rows added above and columns added on the left. */
  top: number;
  left: number;
  height: number;
  width: number;
  outHeight: number;
  outWidth: number;
  rowMap: Int32Array;
  colMap: Int32Array;
  constantValue: number;
}

const MODES: readonly PadMode[] = ['edge', 'constant', 'reflect', 'symmetric', 'wrap'];

/**
 * A padding request that cannot be honoured (bad width, unknown mode, empty axis with a
 * non-constant mode, wrong buffer size). The message says what to change.
 *
 * @example
 * try { padImage(new Float32Array(4), 2, 2, { widths: -1, mode: 'edge' }); }
 * catch (e) { console.log(e instanceof PadError); } // true
 */
export class PadError extends BoundaryEffectsError<'pad'> {
  constructor(message?: string, options?: ErrorOptions) {
    super('PadError', 'pad', message ?? '', options);
  }
}

/**
 * Normalises `spec.widths` to per-side widths, rejecting negative or non-integer widths.
 *
 * @example
 * resolvePadWidths(2); // { top: 2, bottom: 2, left: 2, right: 2 }
 */
export function resolvePadWidths(widths: number | PadWidths): PadWidths {
  const w = typeof widths === 'number' ? { top: widths, bottom: widths, left: widths, right: widths } : widths;
  for (const side of ['top', 'bottom', 'left', 'right'] as const) {
    const v = w[side];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new PadError(
        `Pad width ${side} = ${String(v)} is not allowed: widths must be non-negative integers (numpy.pad rejects negative and non-integer widths). Use e.g. 2 to go from 28 to 32.`,
      );
    }
  }
  return { top: w.top, bottom: w.bottom, left: w.left, right: w.right };
}

/** numpy's `_set_reflect_both` on a 1-D index array; returns the pads still to fill. */
function reflectStep(p: Int32Array, left: number, right: number, period: number, includeEdge: boolean): [number, number] {
  const total = p.length;
  let oldLength = total - right - left;
  let edgeOffset: number;
  if (includeEdge) {
    oldLength = Math.floor(oldLength / period) * period;
    edgeOffset = 1;
  } else {
    oldLength = Math.floor((oldLength - 1) / (period - 1)) * (period - 1) + 1;
    edgeOffset = 0;
    oldLength -= 1;
  }
  if (left > 0) {
    const chunk = Math.min(oldLength, left);
    const start = left - edgeOffset + chunk; // slice(start, stop, -1) takes start, start-1, ..., stop+1
    for (let k = 0; k < chunk; k++) p[left - chunk + k] = p[start - k];
    left -= chunk;
  }
  if (right > 0) {
    const chunk = Math.min(oldLength, right);
    const start = total - right + edgeOffset - 2;
    const dest = total - right;
    for (let k = 0; k < chunk; k++) p[dest + k] = p[start - k];
    right -= chunk;
  }
  return [left, right];
}

/** numpy's `_set_wrap_both` on a 1-D index array; returns the pads still to fill. */
function wrapStep(p: Int32Array, left: number, right: number, originalPeriod: number): [number, number] {
  const total = p.length;
  const period = Math.floor((total - right - left) / originalPeriod) * originalPeriod;
  let newLeft = 0;
  let newRight = 0;
  if (left > 0) {
    const sliceEnd = left + period;
    const chunk = Math.min(period, left);
    const dest = left > period ? left - period : 0;
    if (left > period) newLeft = left - period;
    for (let k = 0; k < chunk; k++) p[dest + k] = p[sliceEnd - chunk + k];
  }
  if (right > 0) {
    const sliceStart = total - right - period;
    const chunk = Math.min(period, right);
    const dest = total - right;
    if (right > period) newRight = right - period;
    for (let k = 0; k < chunk; k++) p[dest + k] = p[sliceStart + k];
  }
  return [newLeft, newRight];
}

/**
 * The source index of every position of one padded axis, as numpy.pad computes it
 * (-1 where `constant` mode writes its value).
 *
 * @example
 * Array.from(padIndexMap(5, 2, 3, 'reflect')); // [2, 1, 0, 1, 2, 3, 4, 3, 2, 1]
 */
export function padIndexMap(length: number, before: number, after: number, mode: PadMode): Int32Array {
  if (!MODES.includes(mode)) {
    throw new PadError(`Unknown pad mode '${String(mode)}'. Use one of: ${MODES.join(', ')}.`);
  }
  resolvePadWidths({ top: before, bottom: after, left: 0, right: 0 });
  if (!Number.isInteger(length) || length < 0) throw new PadError(`Axis length must be a non-negative integer, got ${length}.`);
  const p = new Int32Array(before + length + after).fill(-1);
  for (let i = 0; i < length; i++) p[before + i] = i;
  if (mode === 'constant' || (before === 0 && after === 0)) return p;
  if (length === 0) {
    throw new PadError(
      `Cannot extend an empty axis with mode '${mode}' (numpy: "can't extend empty axis using modes other than 'constant'"). Use mode 'constant' or a non-empty image.`,
    );
  }
  if (mode === 'edge' || (length === 1 && (mode === 'reflect' || mode === 'symmetric'))) {
    // numpy extends a length-1 axis in reflect/symmetric mode with its edge value (legacy behaviour).
    p.fill(0, 0, before);
    p.fill(length - 1, before + length);
    return p;
  }
  let left = before;
  let right = after;
  while (left > 0 || right > 0) {
    [left, right] = mode === 'wrap' ? wrapStep(p, left, right, length) : reflectStep(p, left, right, length, mode === 'symmetric');
  }
  return p;
}

/**
 * Plans a padding of `height x width` images: output size and the two index maps.
 *
 * @example
 * const plan = planPad(28, 28, { widths: 2, mode: 'edge' }); // plan.outHeight === 32
 */
export function planPad(height: number, width: number, spec: PadSpec): PadPlan {
  const w = resolvePadWidths(spec.widths);
  const constantValue = spec.constantValue ?? 0;
  if (!Number.isFinite(constantValue)) {
    throw new PadError(`constantValue must be a finite number, got ${String(constantValue)}.`);
  }
  if (spec.mode !== 'constant' && spec.constantValue !== undefined && spec.constantValue !== 0) {
    throw new PadError(`constantValue ${spec.constantValue} only applies to mode 'constant', not '${spec.mode}'. Drop it or use mode 'constant'.`);
  }
  let rowMap: Int32Array;
  let colMap: Int32Array;
  try {
    rowMap = padIndexMap(height, w.top, w.bottom, spec.mode);
    colMap = padIndexMap(width, w.left, w.right, spec.mode);
  } catch (err) {
    if (err instanceof PadError && (height === 0 || width === 0)) {
      throw new PadError(`Cannot pad an empty ${height}x${width} image with mode '${spec.mode}': ${err.message}`);
    }
    throw err;
  }
  return { top: w.top, left: w.left, height, width, outHeight: rowMap.length, outWidth: colMap.length, rowMap, colMap, constantValue };
}

function checkBatch(length: number, count: number, height: number, width: number, what: string): void {
  for (const [name, v] of [['count', count], ['height', height], ['width', width]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new PadError(`${name} must be a non-negative integer, got ${v}.`);
  }
  if (length !== count * height * width) {
    throw new PadError(
      `${what} has ${length} values but ${count} x ${height} x ${width} = ${count * height * width}; pass the right count and size (NHWC, C = 1).`,
    );
  }
}

/** Writes the original rows of one image (interior columns copied, border columns from `colMap`). */
function writeInteriorRows(
  src: Float32Array | Uint8Array,
  sBase: number,
  out: Float32Array,
  oBase: number,
  plan: PadPlan,
  lut: Float32Array | undefined,
): void {
  const { height: h, width: w, outWidth: ow, colMap, constantValue, top, left } = plan;
  const right = ow - left - w;
  for (let sy = 0; sy < h; sy++) {
    const sRow = sBase + sy * w;
    const oRow = oBase + (top + sy) * ow;
    if (lut === undefined) {
      out.set((src as Float32Array).subarray(sRow, sRow + w), oRow + left);
    } else {
      for (let x = 0; x < w; x++) out[oRow + left + x] = lut[src[sRow + x]];
    }
    for (let x = 0; x < left; x++) {
      const sx = colMap[x];
      out[oRow + x] = sx < 0 ? constantValue : out[oRow + left + sx];
    }
    for (let x = ow - right; x < ow; x++) {
      const sx = colMap[x];
      out[oRow + x] = sx < 0 ? constantValue : out[oRow + left + sx];
    }
  }
}

/** Fills the padded rows of one image: constant, or a copy of the interior row they map to. */
function writeBorderRows(out: Float32Array, oBase: number, plan: PadPlan): void {
  const { height: h, outHeight: oh, outWidth: ow, rowMap, constantValue, top } = plan;
  for (let y = 0; y < oh; y++) {
    if (y === top) y = top + h; // skip the interior rows
    if (y >= oh) break;
    const sy = rowMap[y];
    const oRow = oBase + y * ow;
    if (sy < 0) out.fill(constantValue, oRow, oRow + ow);
    else out.copyWithin(oRow, oBase + (top + sy) * ow, oBase + (top + sy + 1) * ow);
  }
}

/**
 * Pads `count` images from `src` into `out` (already sized count x outHeight x outWidth). With
 * `lut` the source is uint8 and each value v becomes `lut[v]` (e.g. v / 255), so bytes can be
 * decoded and padded in one pass. The shared kernel of `padImages` and the dataset loader.
 *
 * @example
 * const plan = planPad(28, 28, { widths: 2, mode: 'edge' });
 * padInto(floatImages, 10, plan, new Float32Array(10 * 32 * 32));
 */
export function padInto(src: Float32Array | Uint8Array, count: number, plan: PadPlan, out: Float32Array, lut?: Float32Array): Float32Array {
  const { height: h, width: w, outHeight: oh, outWidth: ow } = plan;
  checkBatch(src.length, count, h, w, 'source');
  checkBatch(out.length, count, oh, ow, 'output');
  if (lut === undefined && !(src instanceof Float32Array)) {
    throw new PadError('padInto: a uint8 source needs a lookup table (lut) mapping bytes to floats, e.g. v / 255.');
  }
  if (lut !== undefined && !(src instanceof Uint8Array)) {
    throw new PadError('padInto: a lookup table (lut) only applies to a Uint8Array source; drop it for float images.');
  }
  if (h === 0 || w === 0) {
    out.fill(plan.constantValue);
    return out;
  }
  for (let n = 0; n < count; n++) {
    const oBase = n * oh * ow;
    writeInteriorRows(src, n * h * w, out, oBase, plan, lut);
    writeBorderRows(out, oBase, plan);
  }
  return out;
}

/**
 * Pads one `height x width` image (row-major Float32Array) like `numpy.pad(image, widths, mode)`.
 *
 * @example
 * padImage(new Float32Array([1, 2, 3, 4]), 2, 2, { widths: 1, mode: 'edge' });
 * // 4x4: [1,1,2,2, 1,1,2,2, 3,3,4,4, 3,3,4,4]
 */
export function padImage(src: Float32Array, height: number, width: number, spec: PadSpec): Float32Array {
  return padImages(src, 1, height, width, spec);
}

/**
 * Pads every image of an NHWC (C = 1) batch like
 * `np.array([np.pad(x, ((t, b), (l, r), (0, 0)), mode) for x in images])`. One output allocation.
 *
 * @example
 * const padded = padImages(train.images, train.count, 28, 28, { widths: 2, mode: 'edge' }); // 32x32 each
 */
export function padImages(images: Float32Array, count: number, height: number, width: number, spec: PadSpec): Float32Array {
  checkBatch(images.length, count, height, width, 'images');
  const plan = planPad(height, width, spec);
  return padInto(images, count, plan, new Float32Array(count * plan.outHeight * plan.outWidth));
}
