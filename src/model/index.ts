export { ModelError, type ModelErrorCode } from './errors.js';
export { glorotLimit, glorotUniformKernel } from './glorot.js';
export { buildAutoencoder, countParameters, summarizeLayers, HIDDEN_FILTERS, type LayerSummary } from './autoencoder.js';
export { BCE_EPSILON, pixelBinaryCrossEntropy, maskedMeanLoss } from './loss.js';
export { regionMask, regionMaskValues } from './region-mask.js';
export { ADAM_SETTINGS, createAdam, exportAdamState, importAdamState, type AdamState } from './adam.js';
export { createTrainer, type AutoencoderTrainer, type TrainerState } from './trainer.js';
