import { RunFileError } from './errors.js';
import { array, failFor, integer, nonNegative, record } from '../json/fields.js';

/** One finished epoch, as written to history.json. */
export interface EpochRecord {
  /** 1-based, as Keras prints "Epoch 1/10". */
  epoch: number;
  /** Batch-size-weighted mean of the epoch's batch losses (what Keras prints for the epoch). */
  trainLoss: number;
  /** Mean BCE over all output pixels of the noisy test inputs against the clean targets. */
  testLoss: number;
  /** Test loss over the original 28x28 region only (equals testLoss for baseline28). */
  testLossOriginal: number;
  /** Wall time of the epoch's training steps. */
  seconds: number;
  /** Training images per second in this epoch. */
  imagesPerSecond: number;
  /** Wall time of the epoch's test evaluation. */
  testSeconds: number;
}

/**
 * Checks every field of a parsed history.json (epochs 1, 2, 3, ... in order; losses and timings
 * finite and >= 0) and returns it typed. Throws a RunFileError naming `path`, the epoch and the field.
 *
 * @example
 * parseHistory([{ epoch: 1, trainLoss: 'x' }], 'history.json');
 * // RunFileError: history.json: epoch 1 trainLoss is "x", expected a finite number
 */
export function parseHistory(json: unknown, path: string): EpochRecord[] {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  return array(json, 'history', fail).map((item, i) => {
    const r = record(item, `entry ${i + 1}`, fail);
    const epoch = integer(r.epoch, `entry ${i + 1} epoch`, fail, 1);
    if (epoch !== i + 1) fail(`entry ${i + 1} has epoch ${epoch}, expected ${i + 1} (epochs in order from 1)`);
    const at = (key: string): string => `epoch ${epoch} ${key}`;
    return {
      epoch,
      trainLoss: nonNegative(r.trainLoss, at('trainLoss'), fail),
      testLoss: nonNegative(r.testLoss, at('testLoss'), fail),
      testLossOriginal: nonNegative(r.testLossOriginal, at('testLossOriginal'), fail),
      seconds: nonNegative(r.seconds, at('seconds'), fail),
      imagesPerSecond: nonNegative(r.imagesPerSecond, at('imagesPerSecond'), fail),
      testSeconds: nonNegative(r.testSeconds, at('testSeconds'), fail),
    };
  });
}

/**
 * The test loss a variant is judged by: the mean over the pixels its training loss counts. For a
 * `-masked` variant that is the original region (`testLossOriginal`), so its test loss compares
 * with its own training loss and with the unpadded model; `testLoss` (all pixels) also scores the
 * pad it was never trained on.
 *
 * @example
 * scoredTestLoss({ testLoss: 0.0747, testLossOriginal: 0.0977 }, 'original'); // 0.0977
 * scoredTestLoss({ testLoss: 0.0748, testLossOriginal: 0.0975 }, 'all'); // 0.0748
 */
export function scoredTestLoss(losses: { testLoss: number; testLossOriginal: number }, lossRegion: 'all' | 'original'): number {
  return lossRegion === 'original' ? losses.testLossOriginal : losses.testLoss;
}
