// Writes a large open-format experiment for the benchmark and the bounded-memory test: variants x seeds runs of
// N RGB (or grey) float32 images as targets.npy + predictions.npy, written a block of images at a time (never whole
// in memory). 'dense': targets are grey levels k/255 (a quarter exact 0, some exact 1), predictions the targets
// moved by noise into (0, 1), the padded variant edge-padded as its manifest says. 'sparse': the files are
// headers followed by a hole (ftruncate), so they read as zeros (valid targets and, clipped, predictions) and a
// multi-GB file costs no disk.
import { closeSync, ftruncateSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';

export interface GeneratedExperimentOptions {
  dir: string;
  images: number;
  /** Height and width of the original images (the padded variant is size + 4). */
  size: number;
  channels: number;
  /** Seeds per variant. */
  seeds: number;
  /** 'dense' (two variants: unpadded and edge-padded by 2) or 'sparse' (one unpadded variant, zeros). */
  kind: 'dense' | 'sparse';
}

/** The .npy header bytes of a little-endian float32 C-order array (version 1, padded to 64 bytes as np.save does). */
export function npyHeader(shape: readonly number[]): Uint8Array {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  const text = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** xorshift32 for data only (fixed seed per file); the numbers need not be reproducible across versions. */
function xorshift(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** One block of `count` images: targets (edge-padded by `pad` when pad > 0; the same for every seed) and predictions (`noise` per seed). */
function imageBlock(count: number, size: number, channels: number, pad: number, random: () => number, noise: () => number): { targets: Float32Array; predictions: Float32Array } {
  const plane = size * size * channels;
  const targets = new Float32Array(count * plane);
  const predictions = new Float32Array(count * plane);
  const inner = size - 2 * pad;
  for (let n = 0; n < count; n++) {
    // the original first, then the pad copies its nearest border pixel (np.pad mode 'edge')
    for (let y = pad; y < pad + inner; y++) {
      for (let x = pad; x < pad + inner; x++) {
        for (let c = 0; c < channels; c++) {
          const u = random();
          targets[n * plane + (y * size + x) * channels + c] = u < 0.25 ? 0 : u > 0.95 ? 1 : Math.floor(random() * 256) / 255;
        }
      }
    }
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const sy = Math.min(Math.max(y - pad, 0), inner - 1) + pad;
        const sx = Math.min(Math.max(x - pad, 0), inner - 1) + pad;
        if (sy === y && sx === x) continue;
        for (let c = 0; c < channels; c++) targets[n * plane + (y * size + x) * channels + c] = targets[n * plane + (sy * size + sx) * channels + c];
      }
    }
  }
  for (let k = 0; k < predictions.length; k++) {
    const p = targets[k] + (noise() - 0.5) * 0.4;
    predictions[k] = p < 0.001 ? 0.001 : p > 0.999 ? 0.999 : p;
  }
  return { targets, predictions };
}

/** Images generated once and written cyclically (the reader's cost does not depend on repetition). */
const POOL_IMAGES = 64;

function writeNpy(file: string, shape: number[], block: Float32Array | null, blockImages: number): void {
  const fd = openSync(file, 'w');
  try {
    const header = npyHeader(shape);
    writeSync(fd, header);
    const perImage = shape.slice(1).reduce((a, b) => a * b, 1);
    const total = header.length + shape[0] * perImage * 4;
    if (block === null) {
      ftruncateSync(fd, total);
      return;
    }
    const bytes = new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
    let position = header.length;
    for (let n = 0; n < shape[0]; n += blockImages) {
      const k = Math.min(blockImages, shape[0] - n);
      writeSync(fd, bytes, 0, k * perImage * 4, position);
      position += k * perImage * 4;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes the experiment folder (manifest.json + .npy files) and returns the bytes of array data written.
 *
 * @example
 * writeGeneratedExperiment({ dir: '/tmp/exp', images: 2000, size: 128, channels: 3, seeds: 2, kind: 'dense' });
 */
export function writeGeneratedExperiment(options: GeneratedExperimentOptions): number {
  const { dir, images, size, channels, seeds, kind } = options;
  const variants = kind === 'dense' ? [{ id: 'plain', pad: 0 }, { id: 'edge', pad: 2 }] : [{ id: 'plain', pad: 0 }];
  let bytes = 0;
  const manifestVariants = variants.map((v, vi) => {
    const side = size + 2 * v.pad;
    const shape = channels === 1 ? [images, side, side] : [images, side, side, channels];
    const runs = [];
    for (let seed = 1; seed <= seeds; seed++) {
      const folder = path.join(dir, v.id, `seed-${seed}`);
      mkdirSync(folder, { recursive: true });
      const block = kind === 'dense' ? imageBlock(Math.min(POOL_IMAGES, images), side, channels, v.pad, xorshift(1000 * (vi + 1)), xorshift(seed)) : null;
      writeNpy(path.join(folder, 'targets.npy'), shape, block?.targets ?? null, POOL_IMAGES);
      writeNpy(path.join(folder, 'predictions.npy'), shape, block?.predictions ?? null, POOL_IMAGES);
      bytes += 2 * images * side * side * channels * 4;
      runs.push({ seed, files: { targets: `${v.id}/seed-${seed}/targets.npy`, predictions: `${v.id}/seed-${seed}/predictions.npy` } });
    }
    return {
      id: v.id,
      height: side,
      width: side,
      channels,
      pads: { top: v.pad, bottom: v.pad, left: v.pad, right: v.pad },
      ...(v.pad > 0 ? { padMode: 'edge' } : {}),
      runs,
    };
  });
  const manifest = {
    format: 'boundary-effects/open-experiment',
    version: 1,
    question: 'Benchmark: does edge-padding change the loss?',
    dataset: { name: 'generated', label: `generated, ${images} images of ${size}x${size}x${channels}` },
    loss: 'bce',
    edgeWidth: 2,
    reference: 'plain',
    variants: manifestVariants,
    comparisons: kind === 'dense' ? [{ a: 'plain', b: 'edge' }] : [],
  };
  const fd = openSync(path.join(dir, 'manifest.json'), 'w');
  writeSync(fd, JSON.stringify(manifest, null, 2));
  closeSync(fd);
  return bytes;
}
