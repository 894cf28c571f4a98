/**
 * No path of the development machine in the repository: tests find data through
 * BOUNDARY_EFFECTS_DATA, scripts take their folders as arguments, recorded runs keep relative data
 * paths. Scans every tracked file (git ls-files) for the machine's workspace root.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..');
// Spelled in two parts so that this file does not match itself.
const MACHINE_ROOT = new RegExp(['/wo', 'rk/'].join(''));

it('no tracked file names a path of the development machine', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }).toString('utf8').split('\0').filter((f) => f !== '');
  expect(files.length).toBeGreaterThan(100);
  const hits: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(join(ROOT, file), 'latin1');
    } catch {
      continue; // listed but absent (deleted in the work tree, or a sparse checkout)
    }
    const lines = text.split('\n');
    lines.forEach((line, i) => MACHINE_ROOT.test(line) && hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`));
  }
  expect(hits).toEqual([]);
});
