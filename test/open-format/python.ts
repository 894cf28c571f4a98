// Finds a python3 with NumPy (and optionally PyTorch) for tests that write real .npy files.
import { spawnSync } from 'node:child_process';

/** The first python3 that imports all `modules`, or null (tests then skip with a reason). */
export function findPython(modules: readonly string[]): string | null {
  const candidates = [process.env.BOUNDARY_EFFECTS_PYTHON, '/usr/bin/python3', 'python3'].filter((c): c is string => c !== undefined && c.length > 0);
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', `import ${modules.join(', ')}`], { encoding: 'utf8' });
    if (r.status === 0) return python;
  }
  return null;
}

/** Runs a Python snippet (with `numpy as np` imported) and throws with its stderr on failure. */
export function runPython(python: string, code: string, args: string[] = []): string {
  const r = spawnSync(python, ['-c', `import numpy as np\n${code}`, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`python failed (${String(r.status)}): ${r.stderr}`);
  return r.stdout;
}
