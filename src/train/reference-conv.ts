/**
 * The benchmark's yardstick: the rate of the backend's own forward convolution (XNNPACK on wasm)
 * on a mid-sized layer of the autoencoder, measured in CPU time so that other load on the
 * machine cancels out of the ratio "floor / step".
 */
import { tf } from '../engine/tf.js';

/** A measured forward-convolution rate. */
export interface ReferenceConvRate {
  /** The convolution timed, e.g. `conv2d 128x14x14 32->32 3x3 same`. */
  label: string;
  flopsPerCall: number;
  calls: number;
  /** Median CPU milliseconds per call. */
  cpuMsPerCall: number;
  /** FLOPs per CPU second / 1e9, from the median call. */
  gflopsPerCpuSecond: number;
}

/**
 * Times `tf.conv2d` of a `[128, 14, 14, 32]` batch with a `[3, 3, 32, 32]` filter ('same'), the
 * autoencoder's second layer at 28x28, for about `seconds` seconds (at least 5 calls) after two
 * warm-up calls, on the current backend.
 *
 * @example
 * await initEngine({ backend: 'wasm' });
 * measureReferenceConv(1).gflopsPerCpuSecond; // ~29 on these machines
 */
export function measureReferenceConv(seconds: number): ReferenceConvRate {
  const [n, h, c] = [128, 14, 32];
  // Deterministic, non-denormal values; the rate does not depend on them.
  const x = tf.tensor4d(Float32Array.from({ length: n * h * h * c }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5), [n, h, h, c]);
  const w = tf.tensor4d(Float32Array.from({ length: 9 * c * c }, (_, i) => ((i * 104729) % 1000) / 5000 - 0.1), [3, 3, c, c]);
  const once = (): number => {
    const before = process.cpuUsage();
    tf.conv2d(x, w, 1, 'same').dispose();
    const used = process.cpuUsage(before);
    return (used.user + used.system) / 1000;
  };
  once();
  once();
  const times: number[] = [];
  const started = performance.now();
  while (times.length < 5 || (performance.now() - started) / 1000 < seconds) times.push(once());
  tf.dispose([x, w]);
  times.sort((p, q) => p - q);
  const cpuMsPerCall = times[Math.floor(times.length / 2)];
  const flopsPerCall = 2 * n * h * h * 9 * c * c;
  return {
    label: `conv2d ${n}x${h}x${h} ${c}->${c} 3x3 same`,
    flopsPerCall,
    calls: times.length,
    cpuMsPerCall,
    gflopsPerCpuSecond: flopsPerCall / cpuMsPerCall / 1e6,
  };
}
