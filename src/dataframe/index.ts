// Public API of `boundary-effects/dataframe`: tables as danfojs-node DataFrames. danfojs-node is an
// optional peer dependency; this entry point's declarations import its types, the others' never do.
export { toDataFrame } from './to-data-frame.js';
export { DataFrameError, type DataFrameErrorCode } from './errors.js';
export { BoundaryEffectsError } from '../errors.js';
