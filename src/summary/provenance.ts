import type { RunRecord } from '../run-format/run-record.js';
import type { Summary } from './types.js';
import { redactCommand } from '../credentials.js';

/**
 * Where the numbers come from: the command, package versions, node, backends, data files (by
 * name, with sha256) and every run with its directory and seconds.
 *
 * @example
 * provenance(records, 'boundary-effects reproduce --quick').runs[0].dir; // 'runs/baseline28/seed-1'
 */
export function provenance(runs: readonly RunRecord[], command: string | null): Summary['provenance'] {
  const packages: Record<string, string> = {};
  const dataFiles = new Map<string, string>();
  for (const run of runs) {
    for (const [name, version] of Object.entries(run.environment?.packages ?? {})) packages[name] = version;
    for (const file of run.environment?.dataFiles ?? []) dataFiles.set(file.file, file.sha256);
  }
  const backends = runs.flatMap((r) => (r.training?.backend == null ? [] : [r.training.backend]));
  return {
    // Recorded commands may hold a Redis URL: never with its password.
    command: redactCommand(command),
    packages,
    node: runs[0].environment?.node ?? null,
    backends: [...new Set(backends)],
    dataFiles: [...dataFiles].map(([file, sha256]) => ({ file, sha256 })).sort((a, b) => a.file.localeCompare(b.file)),
    runs: runs.map((r) => {
      const t = r.training;
      return {
        variant: r.variant,
        seed: r.seed,
        dir: r.source,
        backend: t?.backend ?? null,
        seconds: t === null || t.trainSeconds === null || t.testSeconds === null ? null : t.trainSeconds + t.testSeconds,
      };
    }),
  };
}
