import { tf } from '../engine/tf.js';
import { ModelError } from './errors.js';
import type { AdamState } from './state.js';

export type { AdamState } from './state.js';

/** Keras's Adam defaults, as in the seed's `optimizer='adam'`. */
export const ADAM_SETTINGS = { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** The private fields of tfjs-core 4.x `AdamOptimizer` that its public API cannot restore exactly. */
interface AdamInternals {
  iterations_: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable }>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable }>;
}

function internalsOf(optimizer: tf.AdamOptimizer): AdamInternals {
  const internals = optimizer as unknown as Partial<AdamInternals>;
  if (
    internals.accBeta1 === undefined ||
    internals.accBeta2 === undefined ||
    !Array.isArray(internals.accumulatedFirstMoment) ||
    !Array.isArray(internals.accumulatedSecondMoment)
  ) {
    throw new ModelError('bad-state', 'this tfjs AdamOptimizer has no accBeta1/accBeta2/moment fields; the checkpoint code expects tfjs-core 4.22.');
  }
  // tfjs sets `iterations_` lazily (undefined until the first step or `iterations` read).
  internals.iterations_ ??= 0;
  return internals as AdamInternals;
}

/**
 * A fresh Adam with Keras's defaults: `tf.train.adam(0.001, 0.9, 0.999, 1e-7)`.
 *
 * @example
 * const optimizer = createAdam();
 */
export function createAdam(): tf.AdamOptimizer {
  const { learningRate, beta1, beta2, epsilon } = ADAM_SETTINGS;
  return tf.train.adam(learningRate, beta1, beta2, epsilon);
}

/**
 * Copies the optimizer's state out of the engine. Before the first step the moments are zeros.
 *
 * @example
 * const state = exportAdamState(optimizer, model.trainableWeights.map((w) => w.shape));
 */
export function exportAdamState(optimizer: tf.AdamOptimizer, variableShapes: ReadonlyArray<readonly number[]>): AdamState {
  const internals = internalsOf(optimizer);
  const read = (slots: AdamInternals['accumulatedFirstMoment']): Float32Array[] =>
    variableShapes.map((shape, i) => {
      const slot = slots[i];
      if (slot === undefined) return new Float32Array(tf.util.sizeFromShape([...shape]));
      return Float32Array.from(slot.variable.dataSync() as Float32Array);
    });
  return {
    iterations: internals.iterations_,
    accBeta1: internals.accBeta1.dataSync()[0],
    accBeta2: internals.accBeta2.dataSync()[0],
    firstMoments: read(internals.accumulatedFirstMoment),
    secondMoments: read(internals.accumulatedSecondMoment),
  };
}

/**
 * Puts a saved state into an optimizer (normally a fresh one) for the variables `variables`,
 * which must be the same variables in the same order as when the state was exported.
 *
 * @example
 * importAdamState(optimizer, trainedVariables(model), state);
 */
export function importAdamState(optimizer: tf.AdamOptimizer, variables: readonly tf.Variable[], state: AdamState): void {
  const internals = internalsOf(optimizer);
  if (state.firstMoments.length !== variables.length || state.secondMoments.length !== variables.length) {
    throw new ModelError(
      'bad-state',
      `the Adam state has ${state.firstMoments.length} moments for ${variables.length} variables; it belongs to another model.`,
    );
  }
  const slots = (moments: Float32Array[], suffix: string): AdamInternals['accumulatedFirstMoment'] =>
    variables.map((variable, i) => {
      const values = moments[i];
      if (values.length !== variable.size) {
        throw new ModelError('bad-state', `Adam moment ${i} has ${values.length} values but variable ${variable.name} has ${variable.size}.`);
      }
      const initial = tf.tensor(values, variable.shape);
      const slot = { originalName: `${variable.name}/${suffix}`, variable: tf.variable(initial, false) };
      initial.dispose();
      return slot;
    });
  tf.dispose([...internals.accumulatedFirstMoment, ...internals.accumulatedSecondMoment].map((slot) => slot.variable));
  internals.accumulatedFirstMoment = slots(state.firstMoments, 'm');
  internals.accumulatedSecondMoment = slots(state.secondMoments, 'v');
  tf.tidy(() => {
    internals.accBeta1.assign(tf.scalar(state.accBeta1));
    internals.accBeta2.assign(tf.scalar(state.accBeta2));
  });
  internals.iterations_ = state.iterations;
}
