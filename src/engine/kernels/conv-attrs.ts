/** Validation of the conv attributes the composed wasm kernels support. */
import { EngineError } from '../errors.js';
import { tf } from '../tf.js';

/** Explicit NHWC padding, as tfjs spells it. */
export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/** Resolved geometry of a 2-D convolution (NHWC, filter [KH, KW, CI, CO]). */
export interface ConvGeometry {
  batch: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
  outChannels: number;
  filterHeight: number;
  filterWidth: number;
  strideHeight: number;
  strideWidth: number;
  padTop: number;
  padBottom: number;
  padLeft: number;
  padRight: number;
}

function unsupported(kernel: string, what: string): EngineError {
  return new EngineError(
    'unsupported-kernel-config',
    `${kernel} on the wasm backend (composed kernel from src/engine/kernels) does not support ${what}. ` +
      `Supported: dataFormat 'NHWC', dilations 1, strides 1 or 2, pad 'same' | 'valid' | explicit numbers. ` +
      `Use the 'cpu' or 'tensorflow' backend for this layer.`,
  );
}

/**
 * Check the attributes of Conv2DBackpropFilter / Conv2DBackpropInput and compute the geometry.
 * Throws an {@link EngineError} with code 'unsupported-kernel-config' naming the attribute.
 */
export function convGeometry(
  kernel: string,
  xShape: number[],
  filterShape: number[],
  attrs: {
    strides: number | [number, number];
    pad: 'valid' | 'same' | number | ExplicitPad;
    dataFormat?: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    dilations?: number | [number, number];
  },
): ConvGeometry {
  if (attrs.dataFormat !== undefined && attrs.dataFormat !== 'NHWC') {
    throw unsupported(kernel, `dataFormat '${attrs.dataFormat}'`);
  }
  const dil = attrs.dilations ?? 1;
  const [dh, dw] = typeof dil === 'number' ? [dil, dil] : dil;
  if (dh !== 1 || dw !== 1) throw unsupported(kernel, `dilations [${dh}, ${dw}]`);
  const [sh, sw] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
  if (![1, 2].includes(sh) || ![1, 2].includes(sw)) throw unsupported(kernel, `strides [${sh}, ${sw}]`);
  if (xShape.length !== 4 || filterShape.length !== 4) {
    throw unsupported(kernel, `input rank ${xShape.length} / filter rank ${filterShape.length} (need 4 / 4)`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    [sh, sw],
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const p = info.padInfo;
  if (p.top < 0 || p.bottom < 0 || p.left < 0 || p.right < 0) {
    throw unsupported(kernel, `negative padding ${JSON.stringify(p)}`);
  }
  if (p.top >= info.filterHeight || p.bottom >= info.filterHeight || p.left >= info.filterWidth || p.right >= info.filterWidth) {
    throw unsupported(kernel, `padding ${JSON.stringify(p)} as large as the filter (${info.filterHeight}x${info.filterWidth})`);
  }
  return {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: sh,
    strideWidth: sw,
    padTop: p.top,
    padBottom: p.bottom,
    padLeft: p.left,
    padRight: p.right,
  };
}
