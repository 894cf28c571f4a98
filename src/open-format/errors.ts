import { BoundaryEffectsError } from '../errors.js';

/**
 * What is wrong with an open-format experiment folder:
 * - `manifest`: the manifest is missing, not JSON, or a field is missing or has the wrong type;
 * - `missing-file`: the manifest names a file that does not exist;
 * - `outside-folder`: the manifest names a file outside its folder (absolute, `../`, or a symlink out of it);
 * - `npy-header`: not a `.npy` file, or its header cannot be read;
 * - `npy-truncated`: the file holds fewer (or more) bytes than its header's shape needs;
 * - `npy-dtype`: a dtype other than float16/float32/float64;
 * - `npy-byte-order`: a big-endian array (rejected; save it little-endian);
 * - `npy-order`: a Fortran-order array too large to hold whole (save it in C order);
 * - `npz`: a `.npz` archive that cannot be unzipped, is truncated, or lacks an array;
 * - `shape`: an array's shape does not match the variant's geometry, the targets, or the other runs;
 * - `value`: a NaN, an infinity, a negative loss or a target outside the loss's range;
 * - `reference`: no unpadded reference variant for a comparison, or a comparison without shared seeds;
 * - `model`: a model that cannot be loaded or does not fit the data: a TensorFlow.js LayersModel (model.json + weight
 *   shards), or an ONNX model named in a manifest (unknown input/output name, a size or layout it cannot take, an
 *   output of another shape, non-finite outputs, probabilities outside [0, 1]).
 */
export type OpenFormatErrorCode =
  | 'manifest'
  | 'missing-file'
  | 'outside-folder'
  | 'npy-header'
  | 'npy-truncated'
  | 'npy-dtype'
  | 'npy-byte-order'
  | 'npy-order'
  | 'npz'
  | 'shape'
  | 'value'
  | 'reference'
  | 'model';

/**
 * The error of `src/open-format`: its message names the file and says what to do. The command maps it to exit code 2.
 *
 * @example
 * try { await readOpenExperiment('my-experiment'); }
 * catch (e) { if (e instanceof OpenFormatError) console.error(e.code, e.file, e.message); }
 */
export class OpenFormatError extends BoundaryEffectsError<OpenFormatErrorCode> {
  /** The file (or folder) the problem is in. */
  readonly file: string;

  constructor(code: OpenFormatErrorCode, file: string, message: string, options?: ErrorOptions) {
    super('OpenFormatError', code, `${file}: ${message}`, options);
    this.file = file;
  }
}
