/**
 * Loading the optional native engine, `@tensorflow/tfjs-node` (an optional peer dependency: its
 * install script downloads libtensorflow, so it is never installed on a user's behalf).
 */
import { isMissingPackage } from '../missing-package.js';

/** The optional peer dependency that provides tfjs's native `tensorflow` backend. */
export const NATIVE_PACKAGE = '@tensorflow/tfjs-node';

/** The version of {@link NATIVE_PACKAGE} that matches this package's `@tensorflow/tfjs`. */
export const NATIVE_VERSION = '4.22.0';

/** Whether the native backend could be loaded, and if not, why (a sentence for messages). */
export type NativeProbe =
  | { available: true }
  | { available: false; kind: 'not-installed' | 'load-failed' | 'no-backend'; reason: string };

const INSTALL_HINT =
  `It is an optional peer dependency: 'npm install ${NATIVE_PACKAGE}@${NATIVE_VERSION}' (its install script ` +
  `downloads libtensorflow from storage.googleapis.com; Linux x64, macOS or Windows).`;

/**
 * Imports the native package with `load` and says whether its `tensorflow` backend registered.
 * Detection is by the registered backend, never by the module resolving: a project whose
 * `@tensorflow/tfjs-node` is an npm alias of plain `@tensorflow/tfjs` (as danfojs-node's install
 * instructions set up) imports fine and registers nothing.
 *
 * @example
 * ```ts
 * const spec: string = NATIVE_PACKAGE; // a variable keeps TypeScript from requiring the optional types
 * const probe = await probeNativePackage(() => import(spec), () => 'tensorflow' in tf.engine().registryFactory);
 * if (!probe.available) console.warn(probe.reason); // "... is not installed. It is an optional peer dependency: ..."
 * ```
 */
export async function probeNativePackage(load: () => Promise<unknown>, registered: () => boolean): Promise<NativeProbe> {
  if (registered()) return { available: true };
  try {
    await load();
  } catch (error) {
    if (isMissingPackage(error, NATIVE_PACKAGE)) {
      return { available: false, kind: 'not-installed', reason: `'${NATIVE_PACKAGE}' is not installed. ${INSTALL_HINT}` };
    }
    const first = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    return {
      available: false,
      kind: 'load-failed',
      reason:
        `'${NATIVE_PACKAGE}' is installed but failed to load (${first}). Reinstall it on a machine that can ` +
        `reach storage.googleapis.com, or remove it to use wasm without this message.`,
    };
  }
  if (registered()) return { available: true };
  return {
    available: false,
    kind: 'no-backend',
    reason:
      `'${NATIVE_PACKAGE}' loaded but registered no 'tensorflow' backend (it is probably an npm alias of ` +
      `@tensorflow/tfjs, as danfojs-node's overrides install it). ${INSTALL_HINT}`,
  };
}
