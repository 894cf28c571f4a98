// Evaluate a TensorFlow.js LayersModel (model.json + weight shards) on a dataset the tool reads (uses tfjs).
export { loadLayersModelFromFiles } from './load-layers-model.js';
export { evaluateLayersModel, writeOpenRun, type LayersModelEvaluationOptions, type LayersModelEvaluation } from './evaluate-layers-model.js';
