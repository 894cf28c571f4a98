import type { IntensityTable } from '../analysis/intensity-table.js';
export interface PadWidths { top: number; bottom: number; left: number; right: number }
export type LossKind = 'bce' | 'mse' | 'l1';
/** Mean per-pixel test loss (averaged over channels), row-major height x width, the pads placed as given. */
export interface LossMapRecord { height: number; width: number; pads: PadWidths; values: Float64Array }
export interface EpochPoint { epoch: number; trainLoss: number | null; testLoss: number | null }
export interface SampleRecord { index: number; height: number; width: number; channels: number;
  noisy: number[] | null; output: number[]; target: number[] }
export interface RunRecord {
  /** Where the run came from (run directory or manifest entry), for error messages and provenance. */
  source: string;
  variant: string;
  /** Pairing id: runs of two variants with the same seed are paired. */
  seed: number;
  loss: LossKind;
  lossMap: LossMapRecord;
  /** Which pixels the run's training loss counted: all, or only the original (unpadded) ones. */
  lossRegion: 'all' | 'original';
  /** Per location x intensity bin table (src/analysis); null when the source has no clean targets. */
  intensity: IntensityTable | null;
  finalTrainLoss: number | null;
  /** Test loss over the pixels the loss counts (the scored test loss). */
  finalTestLoss: number;
  history: EpochPoint[] | null;
  samples: SampleRecord[] | null;
  /** Training provenance when known (tool-trained runs): backend, seconds, settings. */
  training: { backend: string | null; trainSeconds: number | null; testSeconds: number | null;
    settings: Record<string, string | number | null> } | null;
  /**
   * (Added by the summary pipeline.) Test loss over the original, unpadded pixels as the trainer
   * measured it; absent: the summary computes it from `lossMap`.
   */
  finalTestLossOriginal?: number;
  /** (Added by the summary pipeline.) Software and data files of the run, for the provenance; absent when unknown. */
  environment?: { node: string; packages: Record<string, string>; dataFiles: Array<{ file: string; sha256: string }> };
}
