/**
 * `MaxPoolGrad` for the wasm backend as a tight JS loop over the wasm heap.
 *
 * The backend's own MaxPoolGrad is a generic scalar kernel (~125 ms for the 28x28x32 layer on a
 * 128 batch, the single most expensive kernel of a training step). This one scans each pooling
 * window once, channel-innermost (NHWC memory order), and routes dy to the window's first maximum
 * in row-major order: the same tie rule as the cpu backend (`pixel > max`, first one wins).
 * The autoencoder's 2x2/2 pooling over complete windows runs as a generated SIMD kernel
 * (wasm-simd/max-pool-grad-2x2.ts; 28x28x32 on a 128 batch: a tenth of the time of the JS loop).
 */
import { tf } from '../tf.js';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '../tf.js';
import { EngineError } from '../errors.js';
import { callOriginal, f32, heapMemory, type WasmBackendLike } from './wasm-calls.js';
import { maxPool2x2GradKernel } from './wasm-simd/max-pool-grad-2x2.js';

let original: KernelFunc | null = null;

/** Remember the wasm backend's original kernel (for non-float32 inputs). */
export function setMaxPoolGradOriginal(kernelFunc: KernelFunc | null): void {
  original = kernelFunc;
}

interface MaxPoolGradAttrs {
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Gradient of a 2-D max pool (NHWC) with respect to its input, on the wasm backend.
 *
 * @example
 * ```ts
 * // Registered by registerWasmTrainingKernels(); used by tf.grad of tf.maxPool on wasm.
 * const dx = tf.grad((x: tf.Tensor4D) => tf.maxPool(x, 2, 2, 'same'))(x);
 * ```
 */
export function maxPoolGradWasm(args: {
  inputs: NamedTensorInfoMap;
  backend: WasmBackendLike;
  attrs: NamedAttrMap;
}): TensorInfo {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const attrs = args.attrs as unknown as MaxPoolGradAttrs;
  if (input.dtype !== 'float32' || dy.dtype !== 'float32') return callOriginal(original, 'MaxPoolGrad', args);
  if (input.shape.length !== 4) {
    throw new EngineError('unsupported-kernel-config', `MaxPoolGrad on wasm: input rank ${input.shape.length} is not supported (need NHWC rank 4).`);
  }
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { batchSize: n, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
  const { strideHeight: sh, strideWidth: sw, filterHeight: fh, filterWidth: fw } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const b = args.backend;
  const out = b.makeOutput(input.shape, 'float32');
  const memory = heapMemory(b);
  const completeWindows = fh === 2 && fw === 2 && sh === 2 && sw === 2 && top === 0 && left === 0 && OH * 2 === H && OW * 2 === W;
  const simd = completeWindows && memory !== null ? maxPool2x2GradKernel({ batch: n, height: H, width: W, channels: C }, memory) : null;
  if (simd !== null) {
    simd(f32(b, input).byteOffset, f32(b, dy).byteOffset, f32(b, out).byteOffset);
    return out;
  }
  const dx = f32(b, out);
  const x = f32(b, input);
  const g = f32(b, dy);
  dx.fill(0);
  if (fh === 2 && fw === 2 && sh === 2 && sw === 2) {
    pool2x2Grad(x, g, dx, { n, H, W, C, OH, OW, top, left });
    return out;
  }
  const best = new Float32Array(C);
  const where = new Int32Array(C);
  for (let bn = 0; bn < n; bn++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * sh - top;
      const hMin = Math.max(0, h0);
      const hMax = Math.min(H, h0 + fh);
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * sw - left;
        const wMin = Math.max(0, w0);
        const wMax = Math.min(W, w0 + fw);
        best.fill(-Infinity);
        where.fill(-1);
        for (let h = hMin; h < hMax; h++) {
          for (let w = wMin; w < wMax; w++) {
            const base = ((bn * H + h) * W + w) * C;
            for (let c = 0; c < C; c++) {
              const v = x[base + c];
              if (v > best[c]) {
                best[c] = v;
                where[c] = base + c;
              }
            }
          }
        }
        const dyBase = ((bn * OH + oh) * OW + ow) * C;
        for (let c = 0; c < C; c++) {
          const at = where[c];
          if (at >= 0) dx[at] += g[dyBase + c];
        }
      }
    }
  }
  return out;
}

/**
 * The autoencoder's pooling (2x2, stride 2): windows do not overlap, so each dx element gets at
 * most one dy value and is written, not accumulated. Same scan order and tie rule as the general
 * loop (row-major, first `>` maximum wins; a window of NaN/-Infinity routes nothing). Windows cut
 * by the padding ('same' on odd sizes) skip their missing pixels.
 */
function pool2x2Grad(
  x: Float32Array,
  g: Float32Array,
  dx: Float32Array,
  d: { n: number; H: number; W: number; C: number; OH: number; OW: number; top: number; left: number },
): void {
  const { n, H, W, C, OH, OW, top, left } = d;
  for (let bn = 0; bn < n; bn++) {
    for (let oh = 0; oh < OH; oh++) {
      const h0 = oh * 2 - top;
      const hasTop = h0 >= 0;
      const hasBottom = h0 + 1 < H;
      for (let ow = 0; ow < OW; ow++) {
        const w0 = ow * 2 - left;
        const hasLeft = w0 >= 0;
        const hasRight = w0 + 1 < W;
        // Offsets of the four window pixels (row-major); -1 when outside the image.
        const p0 = hasTop && hasLeft ? ((bn * H + h0) * W + w0) * C : -1;
        const p1 = hasTop && hasRight ? ((bn * H + h0) * W + w0 + 1) * C : -1;
        const p2 = hasBottom && hasLeft ? ((bn * H + h0 + 1) * W + w0) * C : -1;
        const p3 = hasBottom && hasRight ? ((bn * H + h0 + 1) * W + w0 + 1) * C : -1;
        const dyBase = ((bn * OH + oh) * OW + ow) * C;
        if (p0 >= 0 && p3 >= 0) {
          for (let c = 0; c < C; c++) {
            let best = -Infinity;
            let at = -1;
            let v = x[p0 + c];
            if (v > best) { best = v; at = p0 + c; }
            v = x[p1 + c];
            if (v > best) { best = v; at = p1 + c; }
            v = x[p2 + c];
            if (v > best) { best = v; at = p2 + c; }
            v = x[p3 + c];
            if (v > best) at = p3 + c;
            if (at >= 0) dx[at] = g[dyBase + c];
          }
        } else {
          for (let c = 0; c < C; c++) {
            let best = -Infinity;
            let at = -1;
            for (const p of [p0, p1, p2, p3]) {
              if (p < 0) continue;
              const v = x[p + c];
              if (v > best) { best = v; at = p + c; }
            }
            if (at >= 0) dx[at] = g[dyBase + c];
          }
        }
      }
    }
  }
}

/** Kernel config registered for 'wasm' by `registerWasmTrainingKernels`. */
export const maxPoolGradWasmConfig: KernelConfig = {
  kernelName: 'MaxPoolGrad',
  backendName: 'wasm',
  kernelFunc: maxPoolGradWasm as unknown as KernelConfig['kernelFunc'],
};
