import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainerState } from '../model/state.js';
import { readJsonIfExists, writeFileAtomic, writeJsonAtomic } from '../fs/atomic-file.js';
import { array, failFor, finite, integer, numbers, oneOf, record, text } from '../json/fields.js';
import { RunFileError } from '../run-format/errors.js';
import { parseHistory } from '../run-format/history-file.js';
import { TrainingError } from './errors.js';
import type { EpochRecord } from './history.js';

/** Directory of the checkpoint inside a run directory. */
export const CHECKPOINT_DIR = 'checkpoint';
/** The checkpoint's index file; written last, so it only ever names complete weight files. */
export const CHECKPOINT_INDEX = 'checkpoint.json';

/** A checkpoint: the trainer state and the history at the end of a finished epoch. */
export interface Checkpoint {
  epoch: number;
  history: EpochRecord[];
  state: TrainerState;
}

/** checkpoint/checkpoint.json. */
interface CheckpointIndex {
  format: 'boundary-effects/checkpoint';
  version: 1;
  epoch: number;
  /** The history up to this epoch: the checkpoint, not history.json, is the truth on resume. */
  history: EpochRecord[];
  weightShapes: number[][];
  adam: { iterations: number; accBeta1: number; accBeta2: number; variables: number };
  /** Little-endian float32 files (gitignored: `*.weights.bin`). */
  files: { weights: string; adam: string };
  sha256: { weights: string; adam: string };
}

/** A weight file's name inside checkpoint/: a plain name, so a damaged index cannot point outside the folder. */
const WEIGHT_FILE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Checks a parsed checkpoint.json field by field, or throws a 'bad-checkpoint' TrainingError naming
 * the file and the field.
 *
 * @example
 * parseCheckpointIndex({ format: 'x' }, 'run/checkpoint/checkpoint.json');
 * // TrainingError: run/checkpoint/checkpoint.json: format is "x", expected one of "boundary-effects/checkpoint"; ...
 */
export function parseCheckpointIndex(json: unknown, path: string): CheckpointIndex {
  const fail = failFor((message) => new TrainingError('bad-checkpoint', `${path}: ${message}; delete the run's checkpoint/ to start over.`));
  const index = record(json, 'the index', fail);
  const pair = (value: unknown, where: string, check: (v: unknown, w: string) => string): { weights: string; adam: string } => {
    const r = record(value, where, fail);
    return { weights: check(r.weights, `${where}.weights`), adam: check(r.adam, `${where}.adam`) };
  };
  const fileName = (v: unknown, w: string): string => {
    const name = text(v, w, fail);
    return WEIGHT_FILE.test(name) ? name : fail(`${w} is ${JSON.stringify(name)}, expected a file name inside checkpoint/`);
  };
  const adam = record(index.adam, 'adam', fail);
  let history: EpochRecord[];
  try {
    history = parseHistory(index.history, path);
  } catch (error) {
    if (error instanceof RunFileError) return fail(error.detail);
    throw error;
  }
  oneOf(index.format, ['boundary-effects/checkpoint'] as const, 'format', fail);
  if (index.version !== 1) fail(`version is ${JSON.stringify(index.version)}, expected 1`);
  return {
    format: 'boundary-effects/checkpoint',
    version: 1,
    epoch: integer(index.epoch, 'epoch', fail, 1),
    history,
    weightShapes: array(index.weightShapes, 'weightShapes', fail).map((shape, i) => numbers(shape, `weightShapes[${i}]`, fail).map((d, k) => integer(d, `weightShapes[${i}][${k}]`, fail, 1))),
    adam: {
      iterations: integer(adam.iterations, 'adam.iterations', fail),
      accBeta1: finite(adam.accBeta1, 'adam.accBeta1', fail),
      accBeta2: finite(adam.accBeta2, 'adam.accBeta2', fail),
      variables: integer(adam.variables, 'adam.variables', fail),
    },
    files: pair(index.files, 'files', fileName),
    sha256: pair(index.sha256, 'sha256', (v, w) => text(v, w, fail)),
  };
}

function concat(arrays: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let offset = 0;
  for (const a of arrays) {
    out.set(a, offset);
    offset += a.length;
  }
  return out;
}

function bytesOf(values: Float32Array): Uint8Array {
  return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Saves a checkpoint into `<runDir>/checkpoint/`: the float32 weight and Adam files of this epoch
 * (fsynced), then `checkpoint.json` atomically, then removes the files of earlier epochs. A kill
 * at any point leaves either the previous or the new checkpoint complete.
 *
 * @example
 * await saveCheckpoint(runDir, { epoch: 3, history, state: trainer.exportState() });
 */
export async function saveCheckpoint(runDir: string, checkpoint: Checkpoint): Promise<void> {
  const dir = join(runDir, CHECKPOINT_DIR);
  const tag = `epoch-${String(checkpoint.epoch).padStart(4, '0')}`;
  const files = { weights: `${tag}.model.weights.bin`, adam: `${tag}.adam.weights.bin` };
  const { state } = checkpoint;
  const weights = bytesOf(concat(state.weights));
  const adam = bytesOf(concat([...state.adam.firstMoments, ...state.adam.secondMoments]));
  await writeFileAtomic(join(dir, files.weights), weights);
  await writeFileAtomic(join(dir, files.adam), adam);
  const index: CheckpointIndex = {
    format: 'boundary-effects/checkpoint',
    version: 1,
    epoch: checkpoint.epoch,
    history: checkpoint.history,
    weightShapes: state.weightShapes,
    adam: {
      iterations: state.adam.iterations,
      accBeta1: state.adam.accBeta1,
      accBeta2: state.adam.accBeta2,
      variables: state.adam.firstMoments.length,
    },
    files,
    sha256: { weights: sha256(weights), adam: sha256(adam) },
  };
  await writeJsonAtomic(join(dir, CHECKPOINT_INDEX), index);
  const keep = new Set([CHECKPOINT_INDEX, files.weights, files.adam]);
  for (const name of await readdir(dir)) {
    if (!keep.has(name) && !name.startsWith('.')) await rm(join(dir, name), { force: true });
  }
}

function split(values: Float32Array, sizes: readonly number[], what: string): Float32Array[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (values.length !== total) {
    throw new TrainingError('bad-checkpoint', `checkpoint ${what} file has ${values.length} values, expected ${total}; delete the run's checkpoint/ to start over.`);
  }
  const out: Float32Array[] = [];
  let offset = 0;
  for (const size of sizes) {
    out.push(values.slice(offset, offset + size));
    offset += size;
  }
  return out;
}

async function readFloat32(path: string, expectedSha: string): Promise<Float32Array> {
  const bytes = await readFile(path);
  if (sha256(bytes) !== expectedSha) {
    throw new TrainingError('bad-checkpoint', `checkpoint file ${path} does not match its sha256 in ${CHECKPOINT_INDEX}; delete the run's checkpoint/ to start over.`);
  }
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}

/**
 * Loads the run's checkpoint, or null when it has none yet. The Adam variables are the model's
 * trainable weights, which for this model are all of its weights, in the same order.
 *
 * @example
 * const checkpoint = await loadCheckpoint(runDir); // { epoch: 3, history, state } or null
 */
export async function loadCheckpoint(runDir: string): Promise<Checkpoint | null> {
  const dir = join(runDir, CHECKPOINT_DIR);
  const index = await readJsonIfExists(join(dir, CHECKPOINT_INDEX), parseCheckpointIndex);
  if (index === null) return null;
  const sizes = index.weightShapes.map((shape) => shape.reduce((a, b) => a * b, 1));
  const weights = split(await readFloat32(join(dir, index.files.weights), index.sha256.weights), sizes, 'weights');
  if (index.adam.variables !== sizes.length) {
    throw new TrainingError('bad-checkpoint', `checkpoint has Adam state for ${index.adam.variables} variables but ${sizes.length} weights.`);
  }
  const moments = split(await readFloat32(join(dir, index.files.adam), index.sha256.adam), [...sizes, ...sizes], 'Adam');
  return {
    epoch: index.epoch,
    history: index.history,
    state: {
      weights,
      weightShapes: index.weightShapes,
      adam: {
        iterations: index.adam.iterations,
        accBeta1: index.adam.accBeta1,
        accBeta2: index.adam.accBeta2,
        firstMoments: moments.slice(0, sizes.length),
        secondMoments: moments.slice(sizes.length),
      },
    },
  };
}
