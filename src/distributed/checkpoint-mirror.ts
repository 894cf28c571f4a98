/**
 * A run's checkpoint kept in Redis, so that a run whose worker dies resumes on another machine.
 * The worker trains into a local directory as usual (src/train writes and verifies the checkpoint
 * files); after every finished epoch the files of `checkpoint/` and the run's environment.json are
 * copied into one Redis hash, and a worker taking the run over writes them back into its own
 * directory before training, so `trainRun` resumes from them exactly as from a local checkpoint.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';
import { writeFileAtomic } from '../fs/atomic-file.js';
import { CHECKPOINT_DIR } from '../train/checkpoint.js';
import { RUN_FILES } from '../run-format/files.js';

/** How long a finished run's checkpoint stays after the run completes (a lost completion can still resume). */
export const FINISHED_CHECKPOINT_TTL_SECONDS = 24 * 3600;

/**
 * The Redis key of a run's checkpoint.
 *
 * @example
 * checkpointKey('mnist.edge32.seed-1.0123456789abcdef'); // 'boundary-effects:checkpoint:mnist.edge32.seed-1.0123456789abcdef'
 */
export function checkpointKey(jobId: string): string {
  return `boundary-effects:checkpoint:${jobId}`;
}

// Replaces the hash only with a later epoch, so a slow or orphaned process can never put an older
// checkpoint over a newer one. ARGV: epoch, then field/value pairs.
const REPLACE_IF_NEWER = `
local stored = tonumber(redis.call('HGET', KEYS[1], 'epoch') or '0')
if stored >= tonumber(ARGV[1]) then return 0 end
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'epoch', ARGV[1], unpack(ARGV, 2))
redis.call('PERSIST', KEYS[1])
return 1`;

const FILE_FIELD = 'file:';
const SAFE_NAME = /^[\w][\w.-]*$/;

/**
 * Copies the run's checkpoint (every file of `<runDir>/checkpoint/`) and environment.json into
 * Redis, replacing an earlier epoch's. Returns false when Redis already holds this or a later epoch.
 *
 * @example
 * await trainRun(config, runDir, { onCheckpoint: (epoch, dir) => uploadCheckpoint(redis, key, dir, epoch).then(() => undefined) });
 */
export async function uploadCheckpoint(redis: Redis, key: string, runDir: string, epoch: number): Promise<boolean> {
  const dir = join(runDir, CHECKPOINT_DIR);
  const fields: Array<string | Buffer> = ['environment', await readFile(join(runDir, RUN_FILES.environment))];
  for (const name of (await readdir(dir)).sort()) {
    if (name.startsWith('.')) continue; // temp files of an atomic write
    fields.push(`${FILE_FIELD}${name}`, await readFile(join(dir, name)));
  }
  const replaced: unknown = await redis.eval(REPLACE_IF_NEWER, 1, key, String(epoch), ...fields);
  return replaced === 1;
}

/**
 * Writes the run's checkpoint from Redis into `runDir` (checkpoint/ and environment.json) and
 * returns its epoch, or null when Redis holds none. The files are verified by `trainRun` when it
 * loads them (sha256 in checkpoint.json), like a local checkpoint.
 *
 * @example
 * const epoch = await restoreCheckpoint(redis, key, runDir); // 2: trainRun resumes at epoch 3
 */
export async function restoreCheckpoint(redis: Redis, key: string, runDir: string): Promise<number | null> {
  const hash = await redis.hgetallBuffer(key);
  const epochField = hash.epoch;
  if (epochField === undefined) return null;
  const epoch = Number(epochField.toString('utf8'));
  const environment = hash.environment;
  if (!Number.isInteger(epoch) || epoch < 1 || environment === undefined) {
    // Not ours or damaged: start the run over rather than guess.
    await redis.del(key);
    return null;
  }
  await writeFileAtomic(join(runDir, RUN_FILES.environment), environment);
  for (const [field, value] of Object.entries(hash)) {
    if (!field.startsWith(FILE_FIELD)) continue;
    const name = field.slice(FILE_FIELD.length);
    if (SAFE_NAME.test(name)) await writeFileAtomic(join(runDir, CHECKPOINT_DIR, name), value);
  }
  return epoch;
}

/**
 * Lets a finished run's checkpoint expire after {@link FINISHED_CHECKPOINT_TTL_SECONDS}.
 *
 * @example
 * await expireCheckpoint(redis, key);
 */
export async function expireCheckpoint(redis: Redis, key: string): Promise<void> {
  await redis.expire(key, FINISHED_CHECKPOINT_TTL_SECONDS);
}
