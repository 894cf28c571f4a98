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
 * The loss columns of a history, for comparing runs (timings differ between identical runs).
 *
 * @example
 * historyLosses(history); // [{ epoch: 1, trainLoss: 0.21, testLoss: 0.13, testLossOriginal: 0.13 }, ...]
 */
export function historyLosses(
  history: readonly EpochRecord[],
): Array<Pick<EpochRecord, 'epoch' | 'trainLoss' | 'testLoss' | 'testLossOriginal'>> {
  return history.map(({ epoch, trainLoss, testLoss, testLossOriginal }) => ({ epoch, trainLoss, testLoss, testLossOriginal }));
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
