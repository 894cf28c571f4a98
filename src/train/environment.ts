import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, platform, arch, totalmem } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { EngineInfo } from '../engine/backend.js';
import { tf } from '../engine/tf.js';
import { packageJsonFields } from '../json/package-json.js';
import type { RunEnvironment } from '../run-format/environment-file.js';
import type { RunData } from './run-data.js';

export type { RunEnvironment } from '../run-format/environment-file.js';

const PACKAGES = ['@tensorflow/tfjs', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', 'pure-rand'];

/** Finds a package's own package.json by walking up from its resolved entry point. */
function packageVersion(name: string): string | null {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 6; i++) {
      try {
        const json = packageJsonFields(readFileSync(join(dir, 'package.json'), 'utf8'));
        if (json.name === name && json.version !== null) return json.version;
      } catch {
        // no package.json at this level
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return (tf.version as Record<string, string | undefined>)[name.replace('@tensorflow/', '')] ?? null;
}

/**
 * A data file's path as environment.json records it: its folder's name and its own name
 * (`mnist/train-images-idx3-ubyte.gz`), never the machine's absolute path (a committed run must
 * not carry one; the sha256 beside it identifies the bytes wherever the data folder lives).
 *
 * @example
 * recordedDataPath('/data/sets/mnist/t10k-images-idx3-ubyte.gz'); // 'mnist/t10k-images-idx3-ubyte.gz'
 */
export function recordedDataPath(path: string): string {
  const folder = basename(dirname(path));
  return folder === '' || folder === '.' || folder === '/' ? basename(path) : `${folder}/${basename(path)}`;
}

/**
 * Describes the machine, engine, package versions and data files of a run.
 *
 * @example
 * const environment = describeEnvironment(getEngineInfo(), data.files);
 * environment.cpu; // { model: 'AMD EPYC ...', count: 2 }
 */
export function describeEnvironment(engine: EngineInfo, files: RunData['files']): RunEnvironment {
  const cores = cpus();
  return {
    node: process.version,
    platform: platform(),
    arch: arch(),
    cpu: { model: cores[0]?.model.trim() ?? 'unknown', count: cores.length },
    totalMemoryBytes: totalmem(),
    engine,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name)])),
    data: files.map((file) => ({ ...file, path: recordedDataPath(file.path) })),
  };
}
