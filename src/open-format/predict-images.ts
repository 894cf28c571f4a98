import { OpenFormatError } from './errors.js';
import type { OnnxRuntime, OrtSession, OrtTensor } from '../onnx/runtime.js';

/** How the tool talks to a model: which input and output, the image layout, and what the output holds. */
export interface OnnxContract {
  /** Input name; null: the model's first input. */
  input: string | null;
  /** Output name; null: the model's first output. */
  output: string | null;
  /** `nchw` (as PyTorch exports) or `nhwc` (as Keras/tf2onnx exports). */
  layout: 'nchw' | 'nhwc';
  /** `probabilities` are used as they are (checked in [0, 1] when `checkRange`); `logits` get a sigmoid. */
  outputKind: 'probabilities' | 'logits';
  /** Images per run call (a model exported with a fixed batch dimension uses that instead). */
  batchSize: number;
}

/** Images in channels-last order (N, H, W, C), as the open format holds them. */
export interface ImageBatch {
  data: Float32Array;
  count: number;
  height: number;
  width: number;
  channels: number;
}

function dimsText(dims: ReadonlyArray<number | string>): string {
  return `[${dims.join(', ')}]`;
}

function fail(file: string, message: string, cause?: unknown): never {
  throw new OpenFormatError('model', file, message, cause === undefined ? undefined : { cause });
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n').map((l) => l.trim()).filter((l) => l.length > 0).join(' ');
}

/** The name the contract asks for, or the first; an error listing the model's names when it does not exist. */
function pickName(names: readonly string[], wanted: string | null, what: 'input' | 'output', file: string): string {
  const first = names[0];
  if (first === undefined) fail(file, `has no ${what}s; export a model with one image ${what}.`);
  if (wanted === null) return first;
  if (!names.includes(wanted)) {
    fail(file, `has no ${what} named '${wanted}' (its ${what}s: ${names.map((n) => `'${n}'`).join(', ')}); set "${what}" in the manifest's "model" block to one of them, or drop it to use the first.`);
  }
  return wanted;
}

/** Input dims the tool feeds for `n` images in the contract's layout. */
function feedDims(n: number, b: ImageBatch, layout: OnnxContract['layout']): number[] {
  return layout === 'nchw' ? [n, b.channels, b.height, b.width] : [n, b.height, b.width, b.channels];
}

/**
 * Checks the declared input shape (when the runtime reports it) against what the tool will feed, before any run:
 * returns the model's fixed batch size, or null when the batch dimension is free.
 */
function checkInputShape(session: OrtSession, input: string, b: ImageBatch, contract: OnnxContract, file: string, what: string): number | null {
  const meta = session.inputMetadata?.find((m) => m.name === input);
  if (meta === undefined || meta.shape === undefined) return null;
  if (meta.type !== undefined && meta.type !== 'float32') fail(file, `input '${input}' has type ${meta.type}; the tool feeds float32 images in [0, 1] (export the model in float32).`);
  const want = feedDims(0, b, contract.layout);
  const layoutWords = contract.layout === 'nchw' ? 'N, C, H, W' : 'N, H, W, C';
  const fixed = meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : null));
  const mismatch = meta.shape.length !== 4 || fixed.some((d, i) => i > 0 && d !== null && d !== want[i]);
  if (mismatch) {
    const other = contract.layout === 'nchw' ? 'nhwc' : 'nchw';
    fail(
      file,
      `takes input '${input}' of shape ${dimsText(meta.shape)}, but ${what} feeds ${dimsText(['N', ...want.slice(1)])} (layout ${contract.layout}: ${layoutWords}); ` +
        `the model cannot take this variant's images: export it for ${b.height}x${b.width}x${b.channels} (or with free height/width), or declare "layout": "${other}" if that is its layout.`,
    );
  }
  return fixed[0] ?? null;
}

/** NHWC -> NCHW (or a plain copy for nhwc) of images [start, start + n), padded to `rows` images by repeating the last. */
function packBatch(b: ImageBatch, start: number, n: number, rows: number, layout: OnnxContract['layout']): Float32Array {
  const { height: h, width: w, channels: c } = b;
  const plane = h * w * c;
  const out = new Float32Array(rows * plane);
  for (let k = 0; k < rows; k++) {
    const src = (start + Math.min(k, n - 1)) * plane;
    if (layout === 'nhwc' || c === 1) {
      out.set(b.data.subarray(src, src + plane), k * plane);
      continue;
    }
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) for (let ch = 0; ch < c; ch++) out[k * plane + ch * h * w + y * w + x] = b.data[src + (y * w + x) * c + ch];
  }
  return out;
}

/**
 * Runs an ONNX model (its bytes) on images and returns its outputs as images of the same shape, channels last,
 * checked: the input and output names exist, the model takes the images' size in the declared layout, returns
 * float32 images of that size, every value is finite, and (with `checkRange`, for BCE) declared probabilities lie in
 * [0, 1]; declared logits get a sigmoid. Every problem is an `OpenFormatError` 'model' naming `file` and saying
 * what to change. Batches of `contract.batchSize` (a fixed batch dimension wins; the last batch is filled up with
 * copies of its last image, whose outputs are dropped).
 *
 * @example
 * const out = await predictImages(await loadOnnxRuntime(), bytes, 'models/edge32.onnx',
 *   { input: null, output: null, layout: 'nchw', outputKind: 'probabilities', batchSize: 256 },
 *   { data: noisy, count: 500, height: 32, width: 32, channels: 1 }, { checkRange: true, what: "variant 'edge32'" });
 */
export async function predictImages(
  runtime: OnnxRuntime,
  modelBytes: Uint8Array,
  file: string,
  contract: OnnxContract,
  images: ImageBatch,
  options: { checkRange: boolean; what: string },
): Promise<Float32Array> {
  const { ort } = runtime;
  let session: OrtSession;
  try {
    session = await ort.InferenceSession.create(modelBytes, { intraOpNumThreads: 2 });
  } catch (e) {
    fail(file, `cannot be loaded by ${runtime.name} (${errorText(e)}); export it with torch.onnx.export or tf2onnx (opset 13 or later).`, e);
  }
  try {
    if (session.inputNames.length > 1 && contract.input === null) {
      fail(file, `has ${session.inputNames.length} inputs (${session.inputNames.join(', ')}); the tool feeds one image tensor: export a model with one input.`);
    }
    const input = pickName(session.inputNames, contract.input, 'input', file);
    const output = pickName(session.outputNames, contract.output, 'output', file);
    const fixedBatch = checkInputShape(session, input, images, contract, file, options.what);
    const batch = fixedBatch ?? contract.batchSize;
    const { count, height: h, width: w, channels: c } = images;
    const plane = h * w * c;
    const result = new Float32Array(count * plane);
    for (let start = 0; start < count; start += batch) {
      const n = Math.min(batch, count - start);
      const rows = fixedBatch ?? n;
      const dims = feedDims(rows, images, contract.layout);
      let outputs: Record<string, OrtTensor | undefined>;
      try {
        outputs = await session.run({ [input]: new ort.Tensor('float32', packBatch(images, start, n, rows, contract.layout), dims) });
      } catch (e) {
        fail(
          file,
          `failed on ${options.what}'s images fed as ${dimsText(dims)} (layout ${contract.layout}): ${errorText(e)}; the model cannot take these images: check the variant's size and the declared "layout".`,
          e,
        );
      }
      const y = outputs[output];
      if (y === undefined) fail(file, `returned no output '${output}'.`);
      if (y.type !== 'float32' || !(y.data instanceof Float32Array)) fail(file, `output '${output}' has type ${y.type}; the tool needs float32 images.`);
      const want = feedDims(rows, images, contract.layout);
      const same = y.dims.length === 4 && y.dims.every((d, i) => d === want[i]);
      const squeezed = c === 1 && y.dims.length === 3 && y.dims[0] === rows && y.dims[1] === h && y.dims[2] === w;
      if (!same && !squeezed) {
        fail(file, `output '${output}' has shape ${dimsText(y.dims)} for input ${dimsText(dims)}; the tool needs one output image per input image, of the input's size (${dimsText(want)}, layout ${contract.layout}).`);
      }
      unpackBatch(y.data, result, start, n, images, contract, file, output, options.checkRange);
    }
    return result;
  } finally {
    await session.release();
  }
}

/** Writes the first n output images into `out` (channels last), checking and transforming each value. */
function unpackBatch(
  y: Float32Array,
  out: Float32Array,
  start: number,
  n: number,
  b: ImageBatch,
  contract: OnnxContract,
  file: string,
  output: string,
  checkRange: boolean,
): void {
  const { height: h, width: w, channels: c } = b;
  const plane = h * w * c;
  const logits = contract.outputKind === 'logits';
  for (let k = 0; k < n; k++) {
    for (let y0 = 0; y0 < h; y0++) {
      for (let x = 0; x < w; x++) {
        for (let ch = 0; ch < c; ch++) {
          const src = contract.layout === 'nhwc' || c === 1 ? k * plane + (y0 * w + x) * c + ch : k * plane + ch * h * w + y0 * w + x;
          const v = y[src];
          const where = `image ${start + k}, row ${y0}, column ${x}${c > 1 ? `, channel ${ch}` : ''}`;
          if (!Number.isFinite(v)) fail(file, `output '${output}' holds ${String(v)} at ${where}; the model's outputs must be finite (check the exported weights and the input range [0, 1]).`);
          const p = logits ? 1 / (1 + Math.exp(-v)) : v;
          if (checkRange && !logits && (v < 0 || v > 1)) {
            fail(
              file,
              `output '${output}' holds ${String(v)} at ${where}, outside [0, 1], but the manifest declares "outputKind": "probabilities"; if the model ends without a sigmoid, declare "outputKind": "logits" and the tool applies it.`,
            );
          }
          out[(start + k) * plane + (y0 * w + x) * c + ch] = p;
        }
      }
    }
  }
}
