/**
 * A finished run's files as a worker returns them to the coordinator through the job's return
 * value (no shared file system): every file of the run directory but the checkpoint, byte for byte
 * (run-manifest.json holds their sha256), gzipped into one base64 string (about 0.25 MB for a
 * full-data MNIST run instead of 0.83 MB of JSON).
 */
import { isRecord } from '../json/fields.js';
import { parseJsonText } from '../json/parse-text.js';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { writeFileAtomic } from '../fs/atomic-file.js';
import { IDENTITY_SETTINGS, runLabel, type RunConfig } from '../train/config.js';
import { LEGACY_PAIRING } from '../run-format/config-file.js';
import { RUN_FILES, RUN_MANIFEST_FILE } from '../run-format/files.js';
import { DistributedError } from './errors.js';

/** The run files a worker returns, in the order they are written: the manifest last, as train writes it. */
export const RETURNED_FILES = [
  RUN_FILES.config,
  RUN_FILES.environment,
  RUN_FILES.history,
  RUN_FILES.lossMap,
  RUN_FILES.intensityTable,
  RUN_FILES.samples,
  RUN_FILES.result,
  RUN_MANIFEST_FILE,
] as const;

/** A job's return value. */
export interface RunPayload {
  format: 'boundary-effects/run-files';
  version: 1;
  /** The worker that finished the run (`host:pid`). */
  worker: string;
  /** The epoch this worker started at: 1, or the epoch after the checkpoint it resumed from. */
  startEpoch: number;
  /** base64 of the gzipped JSON `{ [file name]: file text }`. */
  files: string;
}

/** A checked payload: the file texts by name. */
export interface RunFiles {
  worker: string;
  startEpoch: number;
  files: Map<string, string>;
}

/**
 * Reads a finished run directory's files into a job return value.
 *
 * @example
 * return packRunFiles(runDir, { worker: 'host:123', startEpoch: 3 });
 */
export async function packRunFiles(runDir: string, meta: { worker: string; startEpoch: number }): Promise<RunPayload> {
  const texts: Record<string, string> = {};
  for (const name of RETURNED_FILES) texts[name] = await readFile(join(runDir, name), 'utf8');
  const files = gzipSync(Buffer.from(JSON.stringify(texts), 'utf8')).toString('base64');
  return { format: 'boundary-effects/run-files', version: 1, worker: meta.worker, startEpoch: meta.startEpoch, files };
}

/**
 * The most a job's run files may inflate to (64 MiB; a full-data MNIST run is about 0.83 MB) and
 * the longest base64 text accepted for them (its gzip at most 16 MiB): a return value in Redis is
 * outside input, and a gzip bomb of 2 MB could otherwise cost the coordinator gigabytes.
 */
export const RUN_PAYLOAD_LIMITS = { inflatedBytes: 64 * 1024 * 1024, base64Chars: Math.ceil((16 * 1024 * 1024) / 3) * 4 } as const;

/**
 * Checks a job's return value for `config`: every file present and valid JSON, and result.json
 * holding the same run settings. Throws a DistributedError ('bad-result') naming the run otherwise.
 *
 * @example
 * const { files, worker } = parseRunPayload(job.returnvalue, config);
 */
export function parseRunPayload(value: unknown, config: RunConfig, limits: { inflatedBytes: number; base64Chars: number } = RUN_PAYLOAD_LIMITS): RunFiles {
  const label = runLabel(config);
  const bad = (what: string): never => {
    throw new DistributedError('bad-result', `the queued run ${label} finished but its result ${what}; run boundary-effects reproduce --redis again to retrain it.`);
  };
  if (!isRecord(value) || value.format !== 'boundary-effects/run-files' || value.version !== 1) return bad('is not a version 1 set of run files');
  const { worker, startEpoch, files } = value;
  if (typeof worker !== 'string' || typeof startEpoch !== 'number' || typeof files !== 'string') return bad('lacks its worker, start epoch or files');
  if (files.length > limits.base64Chars) return bad(`files are ${files.length} base64 characters, more than the limit of ${limits.base64Chars}`);
  let unzipped: string;
  try {
    // Bounded: zlib stops at the limit instead of inflating a bomb into memory.
    unzipped = gunzipSync(Buffer.from(files, 'base64'), { maxOutputLength: limits.inflatedBytes }).toString('utf8');
  } catch (error) {
    if (error instanceof RangeError) return bad(`files inflate past the limit of ${limits.inflatedBytes} bytes`);
    return bad('files cannot be decoded');
  }
  const parsed = parseJsonText(unzipped);
  if (!parsed.ok) return bad('files cannot be decoded');
  const decoded = parsed.value;
  if (!isRecord(decoded)) return bad('files are not a map of names to texts');
  const texts = new Map<string, string>();
  const values = new Map<string, unknown>();
  for (const name of RETURNED_FILES) {
    const text = decoded[name];
    if (typeof text !== 'string') return bad(`lacks ${name}`);
    const file = parseJsonText(text);
    if (!file.ok) return bad(`${name} is not valid JSON`);
    texts.set(name, text);
    values.set(name, file.value);
  }
  const stored = values.get(RUN_FILES.config);
  if (!isRecord(stored)) return bad('config.json is not an object');
  // A config.json without a pairing design was trained before designs existed.
  const settingOf = (c: Record<string, unknown>, key: (typeof IDENTITY_SETTINGS)[number]): unknown => (key === 'pairing' ? (c.pairing ?? LEGACY_PAIRING) : (c[key] ?? null));
  const differing = IDENTITY_SETTINGS.filter((key) => JSON.stringify(settingOf(stored, key)) !== JSON.stringify(settingOf({ ...config }, key)));
  if (differing.length > 0) return bad(`was trained with other settings (${differing.join(', ')})`);
  return { worker, startEpoch, files: texts };
}

/**
 * Writes a queued run's files into its directory of the output folder, byte for byte and in the
 * order train writes them (run-manifest.json last, so an interrupted write leaves an unfinished
 * run, never a finished-looking one). The caller checks the directory against its manifest.
 *
 * @example
 * await writeRunFiles(runDirectory(outDir, config), parseRunPayload(job.returnvalue, config));
 */
export async function writeRunFiles(runDir: string, run: RunFiles): Promise<void> {
  for (const name of RETURNED_FILES) {
    const text = run.files.get(name);
    if (text !== undefined) await writeFileAtomic(join(runDir, name), text);
  }
}
