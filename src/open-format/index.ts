// Public API of src/open-format: read experiments from any framework (manifest + NumPy files). No tfjs.
export { OpenFormatError, type OpenFormatErrorCode } from './errors.js';
export { parseNpy, type NumericArray } from './npy.js';
export { parseNpz } from './npz.js';
export {
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  OPEN_PAD_MODES,
  parseManifest,
  type OpenManifest,
  type OpenVariant,
  type OpenRunEntry,
  type OpenRunFiles,
  type OpenComparison,
  type OpenReferenceNumber,
  type OpenPadMode,
} from './manifest.js';
export { runFromLossMap, runFromPredictions, type OpenRunGeometry, type OpenRunDetails, type PredictionArrays } from './run-from-arrays.js';
export { readOpenExperiment, type OpenExperiment, type OpenExperimentDescription, type ReadOpenExperimentOptions } from './read-experiment.js';
export { analyzeOpenExperiment, type OpenExperimentAnalysis, type OpenRunRegions, type OpenComparisonGaps } from './analyze-open.js';
export { openExperimentSpec, summarizeOpenExperiment, summaryBlocker } from './summarize-open.js';
export { type OpenModelSettings, type OpenTestSet, type OpenCorruption } from './model-manifest.js';
export { OnnxRuntimeError, type OnnxRuntimeErrorCode } from '../onnx/errors.js';
export { type OnnxContract } from './predict-images.js';
