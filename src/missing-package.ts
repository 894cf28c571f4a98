/**
 * Telling an optional peer dependency that is not installed from one that is installed but broken.
 * Imports nothing, so every area (including the tfjs-free ones) can use it.
 */

/**
 * True when `error` (from `import(specifier)`) says that `specifier` itself cannot be found; false
 * for any other failure, including a package that `specifier` imports being missing (a broken install).
 *
 * @example
 * try { await import('danfojs-node'); }
 * catch (e) { if (isMissingPackage(e, 'danfojs-node')) console.error('install danfojs-node'); else throw e; }
 */
export function isMissingPackage(error: unknown, specifier: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${specifier}'`);
}
