import type { RunRecord } from '../run-format/run-record.js';
import { FileHandleBox, fileRangeStream, type ByteStream } from './byte-stream.js';
import { OpenFormatError } from './errors.js';
import { readNpyHeader } from './npy-header.js';
import { NpyImageReader } from './npy-images.js';
import { memberStream, zipMembers } from './npz-directory.js';
import { PredictionStatistics } from './prediction-statistics.js';
import {
  checkLossMapShape,
  checkPredictionShapes,
  recordFromStatistics,
  runFromLossMap,
  statisticsSetup,
  type OpenRunDetails,
  type OpenRunGeometry,
} from './run-from-arrays.js';

/** Where one run's arrays are (absolute or folder-joined paths, checked to exist): one `.npz`, a loss map, or targets + predictions (+ inputs). */
export type RunDataFiles =
  | { kind: 'npz'; npz: string }
  | { kind: 'lossMap'; lossMap: string }
  | { kind: 'predictions'; targets: string; predictions: string; inputs: string | null };

/** Everything needed to read one run: plain data, so it can be handed to a worker thread. */
export interface RunDataJob {
  geometry: OpenRunGeometry;
  files: RunDataFiles;
  sampleCount: number;
  /** Named in the record's `source` for a run of separate `.npy` files (the manifest entry). */
  source: string;
  /** Images per chunk; default: about {@link CHUNK_BYTES} of one array. Results do not depend on it. */
  chunkImages?: number;
}

/** A run read from its files. */
export interface RunData {
  record: RunRecord;
  details: OpenRunDetails;
  /** The file the run's images came from (for messages about mismatched image counts). */
  dataFile: string;
}

/** Bytes of one array per chunk by default: large enough that reads are cheap, small enough for the memory bound. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/** An opened array: its reader, the file named in messages. */
interface OpenArray {
  reader: NpyImageReader;
  file: string;
}

function openArray(stream: ByteStream, file: string): OpenArray {
  const layout = readNpyHeader(stream, file);
  return { reader: new NpyImageReader(stream, layout, file), file };
}

/** Streams targets, predictions (and inputs) chunk by chunk through the one-pass statistics. */
function streamPredictions(job: RunDataJob, t: OpenArray, p: OpenArray, i: OpenArray | null, source: string): { record: RunRecord; details: OpenRunDetails } {
  const g = job.geometry;
  const n = checkPredictionShapes(g, {
    targets: t.reader.layout.shape,
    targetsFile: t.file,
    predictions: p.reader.layout.shape,
    predictionsFile: p.file,
    inputs: i === null ? null : i.reader.layout.shape,
    inputsFile: i === null ? null : i.file,
  });
  const stats = new PredictionStatistics(statisticsSetup(g, { targetsFile: t.file, predictionsFile: p.file, inputsFile: i === null ? null : i.file }, job.sampleCount));
  const widest = Math.max(t.reader.layout.itemBytes, p.reader.layout.itemBytes) * t.reader.itemsPerImage;
  const chunk = Math.max(1, job.chunkImages ?? Math.floor(CHUNK_BYTES / widest));
  for (let done = 0; done < n; done += chunk) {
    const k = Math.min(chunk, n - done);
    const inputs = i === null ? null : i.reader.next(k);
    stats.add(t.reader.next(k), p.reader.next(k), inputs, k);
  }
  const converted = [t, p, i].filter((a): a is OpenArray => a !== null && a.reader.convertedFromFortran).map((a) => a.file);
  return recordFromStatistics(g, stats.finish(), source, converted);
}

/** A loss map (H x W floats, small once its shape is checked) read whole through the same reader. */
function lossMapRun(job: RunDataJob, array: OpenArray): { record: RunRecord; details: OpenRunDetails } {
  checkLossMapShape(job.geometry, array.reader.layout.shape, array.file);
  const values = array.reader.next(array.reader.images);
  return runFromLossMap(
    job.geometry,
    { shape: array.reader.layout.shape, data: values, dtype: array.reader.layout.code, convertedFromFortran: array.reader.convertedFromFortran },
    array.file,
  );
}

/**
 * Reads one run's arrays from disk in bounded memory: `.npy` files through a file handle in chunks of images,
 * `.npz` members from the zip directory (stored ones in place, deflated ones inflated as a stream, never past what
 * the member's header declares), all statistics in one pass. Any size (beyond 4 GiB too). Every problem is an
 * `OpenFormatError` naming the file (or `archive.npz:member.npy`).
 *
 * @example
 * const { record } = readRunData({ geometry, files: { kind: 'npz', npz: 'exp/edge32/seed-1/run.npz' }, sampleCount: 4, source: 'exp/manifest.json' });
 */
export function readRunData(job: RunDataJob): RunData {
  const boxes: FileHandleBox[] = [];
  const open = (file: string): FileHandleBox => {
    const box = new FileHandleBox(file);
    boxes.push(box);
    return box;
  };
  try {
    const files = job.files;
    if (files.kind === 'npz') {
      const box = open(files.npz);
      const members = zipMembers(box, files.npz);
      const member = (name: string): OpenArray | null => {
        const m = members.find((x) => x.name === `${name}.npy`);
        return m === undefined ? null : openArray(memberStream(box, m, files.npz), `${files.npz}:${m.name}`);
      };
      const lossMap = member('lossMap');
      const targets = member('targets');
      const predictions = member('predictions');
      if (lossMap !== null && targets === null && predictions === null) return { ...lossMapRun(job, lossMap), dataFile: files.npz };
      if (targets === null || predictions === null) {
        const arrays = members.filter((m) => m.name.endsWith('.npy')).map((m) => m.name.slice(0, -4));
        throw new OpenFormatError(
          'npz',
          files.npz,
          `holds ${arrays.join(', ') || 'no arrays'}; it needs 'lossMap', or 'targets' and 'predictions' (np.savez(path, targets=..., predictions=...)).`,
        );
      }
      const run = streamPredictions(job, targets, predictions, member('inputs'), files.npz);
      return { ...run, dataFile: targets.file };
    }
    const npy = (file: string): OpenArray => {
      const box = open(file);
      return openArray(fileRangeStream(box, 0, box.size), file);
    };
    if (files.kind === 'lossMap') return { ...lossMapRun(job, npy(files.lossMap)), dataFile: files.lossMap };
    const targets = npy(files.targets);
    const predictions = npy(files.predictions);
    const inputs = files.inputs === null ? null : npy(files.inputs);
    return { ...streamPredictions(job, targets, predictions, inputs, job.source), dataFile: targets.file };
  } finally {
    for (const box of boxes) box.close();
  }
}
