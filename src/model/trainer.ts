import { tf } from '../engine/tf.js';
import { createAdam, exportAdamState, importAdamState } from './adam.js';
import { ModelError } from './errors.js';
import { maskedMeanLoss } from './loss.js';
import type { TrainerState } from './state.js';

export type { TrainerState } from './state.js';

/** A model with its Adam optimizer and a custom training step (the loss may be masked). */
export interface AutoencoderTrainer {
  readonly model: tf.LayersModel;
  readonly optimizer: tf.AdamOptimizer;
  /**
   * One Adam step on a batch; returns the batch loss before the update (what Keras reports).
   * Inputs and targets are `[B, S, S, 1]`; they are not disposed.
   */
  step(inputs: tf.Tensor4D, targets: tf.Tensor4D): number;
  /** Model outputs for a batch, `[B, S, S, 1]`; the caller disposes it. */
  predict(inputs: tf.Tensor4D): tf.Tensor4D;
  exportState(): TrainerState;
  importState(state: TrainerState): void;
  /** Frees the optimizer's slots and the mask (not the model). */
  dispose(): void;
}

/** The model's trainable variables in a fixed order, so Adam's slot i is always the same weight. */
function trainedVariables(model: tf.LayersModel): tf.Variable[] {
  return model.trainableWeights.map((weight) => weight.read() as tf.Variable);
}

/**
 * Wraps a model into a trainer with Keras's Adam and binary cross-entropy. With `mask` (a
 * `[1, S, S, 1]` 0/1 tensor, owned by the trainer from then on) the loss is the mean over masked
 * pixels only; without it, over all pixels.
 *
 * @example
 * const trainer = createTrainer(buildAutoencoder(28, rng));
 * const loss = trainer.step(noisyBatch, cleanBatch); // e.g. 0.69 on the first step
 */
export function createTrainer(model: tf.LayersModel, options: { mask?: tf.Tensor | null } = {}): AutoencoderTrainer {
  const optimizer = createAdam();
  const mask = options.mask ?? null;
  const variables = trainedVariables(model);
  const forward = (inputs: tf.Tensor4D, training: boolean): tf.Tensor4D =>
    model.apply(inputs, { training }) as tf.Tensor4D;

  return {
    model,
    optimizer,
    step(inputs, targets) {
      const cost = optimizer.minimize(() => maskedMeanLoss(targets, forward(inputs, true), mask), true, variables);
      if (cost === null) throw new ModelError('bad-state', 'the optimizer returned no loss; minimize must be called with returnCost.');
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    predict(inputs) {
      return tf.tidy(() => forward(inputs, false));
    },
    exportState() {
      // getWeights() returns the variables themselves: read them, never dispose them.
      const weights = model.getWeights();
      const state: TrainerState = {
        weights: weights.map((w) => Float32Array.from(w.dataSync() as Float32Array)),
        weightShapes: weights.map((w) => [...w.shape]),
        adam: exportAdamState(optimizer, variables.map((v) => v.shape)),
      };
      return state;
    },
    importState(state) {
      const current = model.weights;
      if (current.length !== state.weights.length) {
        throw new ModelError('bad-state', `the state has ${state.weights.length} weight tensors but the model has ${current.length}; it belongs to another model.`);
      }
      const restored = current.map((w, i) => {
        const shape = w.shape as number[];
        const size = tf.util.sizeFromShape(shape);
        if (state.weights[i].length !== size) {
          throw new ModelError('bad-state', `weight ${i} has ${state.weights[i].length} values in the state but ${size} in the model (shape [${shape.join(', ')}]).`);
        }
        return tf.tensor(state.weights[i], shape);
      });
      model.setWeights(restored);
      tf.dispose(restored);
      importAdamState(optimizer, variables, state.adam);
    },
    dispose() {
      optimizer.dispose();
      if (mask !== null) mask.dispose();
    },
  };
}
