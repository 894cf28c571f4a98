import type { EpochRecord } from '../run-format/history-file.js';

// history.json's record and the scored test loss belong to the run format; re-exported for train's importers.
export { scoredTestLoss, type EpochRecord } from '../run-format/history-file.js';

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
