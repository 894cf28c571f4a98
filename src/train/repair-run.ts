import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DamagedRunError } from '../run-format/errors.js';
import { FINAL_RUN_FILES, RUN_FILES } from '../run-format/files.js';
import { CHECKPOINT_DIR, CHECKPOINT_INDEX } from './checkpoint.js';

/**
 * Clears what is damaged in a finished run directory so that training it again repairs it, and
 * says what will happen. A damaged config.json or environment.json leaves the run's identity
 * unknown: everything is removed and the run is retrained from scratch. Otherwise the final files
 * (loss map, intensity table, samples, result, manifest; history.json too when it is the damaged
 * one) are removed: resuming recomputes them from the checkpoint (every epoch done, the same
 * numbers), or retrains the run when no checkpoint is kept (as in the committed reports/).
 *
 * @example
 * const action = await clearDamagedRun(runDir, state.error); // 'recomputing its final files from its checkpoint'
 */
export async function clearDamagedRun(runDir: string, damage: DamagedRunError): Promise<string> {
  if (damage.file === RUN_FILES.config || damage.file === RUN_FILES.environment) {
    await Promise.all([...Object.values(RUN_FILES), ...FINAL_RUN_FILES].map((file) => rm(join(runDir, file), { force: true })));
    await rm(join(runDir, CHECKPOINT_DIR), { recursive: true, force: true });
    return `retraining it from scratch (its ${damage.file} cannot say which run it was)`;
  }
  const files: string[] = [...FINAL_RUN_FILES, ...(damage.file === RUN_FILES.history ? [RUN_FILES.history] : [])];
  await Promise.all(files.map((file) => rm(join(runDir, file), { force: true })));
  const checkpoint = await stat(join(runDir, CHECKPOINT_DIR, CHECKPOINT_INDEX)).then(() => true, () => false);
  return checkpoint ? 'recomputing its final files from its checkpoint' : 'retraining it (no checkpoint is kept)';
}
