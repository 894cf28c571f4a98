import { RunFileError } from './errors.js';
import { array, bool, failFor, integer, nullable, oneOf, record, text } from '../json/fields.js';

/** One data file a run read, with its sha256. */
export interface RunDataFile {
  split: 'train' | 'test';
  role: 'images' | 'labels';
  path: string;
  sha256: string;
}

/** The engine a run trained on (the shape of src/engine's EngineInfo). */
export interface RunEngine {
  backend: RunBackend;
  tfjsVersion: string;
  nativeAvailable: boolean;
  wasmSimd: boolean | null;
  wasmThreads: number | null;
}

/** environment.json: what a run ran on. */
export interface RunEnvironment {
  node: string;
  platform: string;
  arch: string;
  cpu: { model: string; count: number };
  totalMemoryBytes: number;
  engine: RunEngine;
  /** Versions of the packages that compute the numbers (null when not installed). */
  packages: Record<string, string | null>;
  data: RunDataFile[];
}

/** The backends a run can have trained on. */
export const RUN_BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;

/**
 * The backend a run trained on, as the run files record it: the engine's `BackendName`, written
 * here so the file format does not load the engine (test/run-format/backend.test.ts keeps the two equal).
 */
export type RunBackend = (typeof RUN_BACKENDS)[number];

/**
 * Checks every field of a parsed environment.json and returns it typed. Throws a RunFileError
 * naming `path` and the field.
 *
 * @example
 * parseRunEnvironment(JSON.parse(text), 'runs/edge32/seed-1/environment.json').engine.backend; // 'wasm'
 */
export function parseRunEnvironment(json: unknown, path: string): RunEnvironment {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const e = record(json, 'environment', fail);
  const cpu = record(e.cpu, 'cpu', fail);
  const engine = record(e.engine, 'engine', fail);
  const packages = record(e.packages, 'packages', fail);
  return {
    node: text(e.node, 'node', fail),
    platform: text(e.platform, 'platform', fail),
    arch: text(e.arch, 'arch', fail),
    cpu: { model: text(cpu.model, 'cpu.model', fail), count: integer(cpu.count, 'cpu.count', fail, 0) },
    totalMemoryBytes: integer(e.totalMemoryBytes, 'totalMemoryBytes', fail, 0),
    engine: {
      backend: oneOf(engine.backend, RUN_BACKENDS, 'engine.backend', fail),
      tfjsVersion: text(engine.tfjsVersion, 'engine.tfjsVersion', fail),
      nativeAvailable: bool(engine.nativeAvailable, 'engine.nativeAvailable', fail),
      wasmSimd: nullable(engine.wasmSimd, 'engine.wasmSimd', (v, w) => bool(v, w, fail)),
      wasmThreads: nullable(engine.wasmThreads, 'engine.wasmThreads', (v, w) => integer(v, w, fail, 0)),
    },
    packages: Object.fromEntries(
      Object.entries(packages).map(([name, version]) => [name, nullable(version, `packages["${name}"]`, (v, w) => text(v, w, fail))]),
    ),
    data: array(e.data, 'data', fail).map((item, i) => {
      const f = record(item, `data[${i}]`, fail);
      return {
        split: oneOf(f.split, ['train', 'test'] as const, `data[${i}].split`, fail),
        role: oneOf(f.role, ['images', 'labels'] as const, `data[${i}].role`, fail),
        path: text(f.path, `data[${i}].path`, fail),
        sha256: text(f.sha256, `data[${i}].sha256`, fail),
      };
    }),
  };
}
