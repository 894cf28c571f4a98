/**
 * `boundary-effects/model`: the tfjs-level pieces, for users who build, train or evaluate the
 * autoencoder themselves: the shared `tf` instance and backend selection, the wasm training kernels,
 * the seed's Keras model, its loss, Adam and trainer, and the per-pixel evaluation. Apart from the
 * root entry because these declarations name `@tensorflow/tfjs`'s, and tfjs-layers' own declarations
 * do not compile with `skipLibCheck: false` under `strict`: importing this entry needs `skipLibCheck: true`.
 */
export * from './engine/index.js';
export * from './model/index.js';
export { evaluatePixelLosses, regionMeanLoss, type PixelLossEvaluation, type BatchPredictor } from './train/evaluate.js';
export { collectSamples, SAMPLE_TEST_INDICES } from './train/samples.js';
export { BoundaryEffectsError } from './errors.js';
