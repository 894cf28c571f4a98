import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Root of the real datasets (holding `mnist/`): `$BOUNDARY_EFFECTS_DATA` (CI sets it to
 * ../shared/datasets), else `<repo>/../shared/datasets` when it exists, else null.
 */
export function realDataRoot(): string | null {
  const env = process.env.BOUNDARY_EFFECTS_DATA;
  if (env) return resolve(env);
  const fallback = resolve(repoRoot, '..', 'shared', 'datasets');
  return existsSync(resolve(fallback, 'mnist')) ? fallback : null;
}

/** Real data root or a thrown error that says how to provide it. */
export function requireRealDataRoot(): string {
  const root = realDataRoot();
  if (root === null) {
    throw new Error('Real MNIST is needed: set BOUNDARY_EFFECTS_DATA to a directory holding mnist/ (CI: ../shared/datasets).');
  }
  return root;
}
