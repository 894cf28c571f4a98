/**
 * The benchmark's yardstick: the rate of the backend's own forward convolution (XNNPACK on wasm)
 * on a mid-sized layer of the autoencoder, measured in CPU time and interleaved with the training
 * steps it is compared with, so that other load on the machine affects both alike. On wasm the
 * generated SIMD kernels are turned off for the call, so that it is XNNPACK that is timed, not the
 * engine's own convolution.
 */
import { setGeneratedKernels } from '../engine/kernels/index.js';
import { tf } from '../engine/tf.js';
import { ArgumentError } from '../errors.js';

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

/** A reference convolution ready to be timed call by call. */
export interface ReferenceConv {
  /** Runs the convolution once and returns the CPU milliseconds it took. */
  timeOnce(): number;
  /** The rate from the calls timed so far (median), and frees the tensors. */
  finish(): ReferenceConvRate;
}

const median = (xs: number[]): number => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];

/**
 * Prepares `tf.conv2d` of a `[128, 14, 14, 32]` batch with a `[3, 3, 32, 32]` filter ('same'), the
 * autoencoder's second layer at 28x28, on the current backend, with two warm-up calls.
 *
 * @example
 * await initEngine({ backend: 'wasm' });
 * const reference = createReferenceConv();
 * for (let i = 0; i < 10; i++) reference.timeOnce(); // interleave with the work being compared
 * reference.finish().gflopsPerCpuSecond; // 14-29 on these machines, by their load
 */
export function createReferenceConv(): ReferenceConv {
  const [n, h, c] = [128, 14, 32];
  // Deterministic, non-denormal values; the rate does not depend on them.
  const x = tf.tensor4d(Float32Array.from({ length: n * h * h * c }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5), [n, h, h, c]);
  const w = tf.tensor4d(Float32Array.from({ length: 9 * c * c }, (_, i) => ((i * 104729) % 1000) / 5000 - 0.1), [3, 3, c, c]);
  const flopsPerCall = 2 * n * h * h * 9 * c * c;
  const times: number[] = [];
  const run = (): number => {
    const before = setGeneratedKernels(false);
    let used: NodeJS.CpuUsage;
    try {
      const start = process.cpuUsage();
      tf.conv2d(x, w, 1, 'same').dispose();
      used = process.cpuUsage(start);
    } finally {
      setGeneratedKernels(before);
    }
    return (used.user + used.system) / 1000;
  };
  run();
  run();
  return {
    timeOnce() {
      const ms = run();
      times.push(ms);
      return ms;
    },
    finish() {
      tf.dispose([x, w]);
      if (times.length === 0) throw new ArgumentError('createReferenceConv: finish() before any timeOnce()');
      const cpuMsPerCall = median(times);
      return {
        label: `conv2d ${n}x${h}x${h} ${c}->${c} 3x3 same`,
        flopsPerCall,
        calls: times.length,
        cpuMsPerCall,
        gflopsPerCpuSecond: flopsPerCall / cpuMsPerCall / 1e6,
      };
    },
  };
}
