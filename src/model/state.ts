// A trainer's state as plain arrays (what a checkpoint holds), apart from the tfjs code that makes
// it, so that checkpoint files can be described without naming tfjs.

/**
 * The full state of tfjs's Adam for the variables it trains, enough to continue bit for bit:
 * the step count, the running powers `beta1^t`, `beta2^t` as tfjs holds them (float32 values built
 * by repeated multiplication, which `pow` would not reproduce) and both moments per variable.
 */
export interface AdamState {
  iterations: number;
  accBeta1: number;
  accBeta2: number;
  /** First moments, one per trained variable, in the order the variables are trained. */
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/** The weights and optimizer state of a trainer, as plain arrays (a checkpoint's content). */
export interface TrainerState {
  /** Model weights in `model.getWeights()` order. */
  weights: Float32Array[];
  weightShapes: number[][];
  adam: AdamState;
}
