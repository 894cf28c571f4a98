import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../fs/atomic-file.js';
import { RunFileError } from './errors.js';
import { failFor, oneOf, record, text } from '../json/fields.js';
import { RUN_FILES, RUN_MANIFEST_FILE } from './files.js';

/** run-manifest.json: the sha256 of each of a finished run's files, written last. */
export interface RunManifest {
  format: 'boundary-effects/run-manifest';
  version: 1;
  /** File name (inside the run directory) to the sha256 (hex) of its bytes. */
  files: Record<string, string>;
}

/**
 * sha256 (hex) of some bytes.
 *
 * @example
 * sha256Of(Buffer.from('')); // 'e3b0c442...'
 */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Checks a parsed run-manifest.json: its format and version, and a 64-digit hex sha256 for every
 * file of a run directory. Throws a RunFileError naming `path` and the field.
 *
 * @example
 * parseRunManifest(JSON.parse(text), 'runs/edge32/seed-1/run-manifest.json').files['result.json']; // 'a3f1...'
 */
export function parseRunManifest(json: unknown, path: string): RunManifest {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const m = record(json, 'manifest', fail);
  oneOf(m.format, ['boundary-effects/run-manifest'] as const, 'format', fail);
  if (m.version !== 1) fail(`version is ${JSON.stringify(m.version)}, expected 1`);
  const files = record(m.files, 'files', fail);
  const out: Record<string, string> = {};
  for (const name of Object.values(RUN_FILES)) {
    const hash = text(files[name], `files["${name}"]`, fail);
    if (!/^[0-9a-f]{64}$/.test(hash)) fail(`files["${name}"] is ${JSON.stringify(hash)}, expected a sha256 of 64 hex digits`);
    out[name] = hash;
  }
  return { format: 'boundary-effects/run-manifest', version: 1, files: out };
}

/**
 * Writes `run-manifest.json` into a run directory whose files are all written: the sha256 of each
 * file in RUN_FILES as it is on disk now. `train` calls it last, so a run directory with a manifest
 * is a finished run whose files can be checked for damage.
 *
 * @example
 * await writeRunManifest('out/runs/edge32/seed-1');
 */
export async function writeRunManifest(runDir: string): Promise<RunManifest> {
  const files: Record<string, string> = {};
  for (const name of Object.values(RUN_FILES)) files[name] = sha256Of(await readFile(join(runDir, name)));
  const manifest: RunManifest = { format: 'boundary-effects/run-manifest', version: 1, files };
  await writeJsonAtomic(join(runDir, RUN_MANIFEST_FILE), manifest);
  return manifest;
}
