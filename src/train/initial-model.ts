import { createRng } from '../data/random.js';
import type { tf } from '../engine/tf.js';
import { buildAutoencoder } from '../model/autoencoder.js';
import type { RunConfig } from './config.js';
import { runStreams } from './pairing-design.js';
import { parseVariant } from './variants.js';

// Its own file so that run.ts's declarations (exported from the package root) name no tfjs type:
// a strict consumer with skipLibCheck: false would otherwise compile tfjs-layers' broken .d.ts.
/**
 * The run's model with its initial weights, drawn from the run's weights stream (the same kernels
 * for every variant with the same seed: the layers' shapes do not depend on the image size).
 *
 * @example
 * initialModel(makeRunConfig({ variant: 'edge32', seed: 1 })).getWeights(); // equal to baseline28's seed 1
 */
export function initialModel(config: RunConfig): tf.LayersModel {
  return buildAutoencoder(parseVariant(config.variant).size, createRng(runStreams(config).weights));
}
