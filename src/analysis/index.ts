// Public API of src/analysis: pure functions over typed arrays (no tfjs).
export { BoundaryEffectsError } from '../errors.js';
export { AnalysisError, type AnalysisErrorCode } from './errors.js';
export type { FloatArray } from './validate.js';
export { BCE_EPSILON, pixelBce } from './bce.js';
export { binaryEntropy, bceExcess } from './entropy.js';
export { meanLossMap, perImageMeanLoss, mapMean } from './loss-map.js';
export {
  DEFAULT_ORIGINAL_SIZE,
  DEFAULT_EDGE_WIDTH,
  resolveGeometry,
  regionMasks,
  originalMask,
  createRegionSet,
  validateRegionSet,
  type RegionMask,
  type RegionSet,
  type RegionGeometry,
  type ResolvedGeometry,
} from './regions.js';
export { IDENTITY_TOLERANCE, decomposeLoss, type RegionContribution, type LossDecomposition } from './decompose.js';
export {
  decomposeGap,
  type VariantMap,
  type SquareVariantMap,
  type ImageVariantMap,
  type VariantRegionMeans,
  type GapDecomposition,
} from './gap.js';
export {
  checkImageGeometry,
  uniformPads,
  imageRegionMasks,
  imageOriginalMask,
  type SidePads,
  type ImageGeometry,
  type CheckedImageGeometry,
} from './image-geometry.js';
export {
  DEFAULT_INTENSITY_EDGES,
  intensityBins,
  validateIntensityBins,
  binIndexer,
  type IntensityBin,
} from './intensity-bins.js';
export {
  intensityTable,
  intensityTableWithFloors,
  mergeIntensityTables,
  tableLossMap,
  intensityTableToJSON,
  intensityTableFromJSON,
  type IntensityTable,
  type IntensityTableJSON,
} from './intensity-table.js';
export {
  intensityByRegion,
  intensityByRegionFromArrays,
  type IntensityGroup,
  type IntensityCell,
  type IntensityRegionSummary,
  type IntensityBinSummary,
  type IntensityBreakdown,
} from './intensity-region.js';
export {
  PIXEL_LOSS_KINDS,
  pixelLoss,
  lossFloorOf,
  channelPixelLosses,
  type PixelLossKind,
  type LossFloorInfo,
  type ChannelPixelLosses,
} from './pixel-loss.js';
export { padContent, type PadContent } from './pad-content.js';
export {
  predictPaddedLoss,
  measurePadCost,
  predictPaddedLossFor,
  measurePadCostFor,
  type PadPrediction,
  type ImagePadPrediction,
  type PaddedLossPrediction,
} from './predict.js';
export { analyzeLosses, type LossAnalysisOptions, type LossAnalysis } from './analyze.js';
