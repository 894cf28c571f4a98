import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Summary } from '../../src/summary/types.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.js';
import { findPython, runPython } from './python.js';

const python = findPython(['numpy']);
const dir = mkdtempSync(path.join(tmpdir(), 'be-open-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(python === null)('boundary-effects analyze <open-format folder>', () => {
  it('prints the per-seed gap split of a loss-map experiment (values by hand) and exits 2 naming a truncated file', async () => {
    // a: 3x3 unpadded, every pixel 0.3. b: 3x5 with one column of pad left and right; original 0.3, pad 0.
    // gap = 0.3 - (9 * 0.3) / 15 = 0.12, all of it dilution (same pixels unchanged), edge width 1.
    runPython(
      python ?? 'python3',
      `
import json, sys, os
d = sys.argv[1]
np.save(os.path.join(d, 'a.npy'), np.full((3, 3), 0.3))
b = np.zeros((3, 5)); b[:, 1:4] = 0.3
np.save(os.path.join(d, 'b.npy'), b)
json.dump({'format': 'boundary-effects/open-experiment', 'version': 1, 'question': 'Does a pad dilute?', 'dataset': {'name': 'toy'},
  'loss': 'l1', 'edgeWidth': 1, 'reference': 'a',
  'variants': [{'id': 'a', 'height': 3, 'width': 3, 'pads': {'top': 0, 'bottom': 0, 'left': 0, 'right': 0}, 'runs': [{'seed': 7, 'files': {'lossMap': 'a.npy'}}]},
               {'id': 'b', 'height': 3, 'width': 5, 'padMode': 'constant', 'pads': {'top': 0, 'bottom': 0, 'left': 1, 'right': 1}, 'runs': [{'seed': 7, 'files': {'lossMap': 'b.npy'}}]}],
  'comparisons': [{'a': 'a', 'b': 'b'}]}, open(os.path.join(d, 'manifest.json'), 'w'))
`,
      [dir],
    );
    const ok = await cli(['analyze', dir]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Does a pad dilute?');
    expect(ok.stdout).toContain('no floor: l1 reaches 0 at p = t');
    // the summary of any geometry and loss: gap 0.12, all of it dilution; the floors are null (l1 has none)
    expect(ok.stdout).toContain('a − b: gap +0.120; same pixels, all 0; same pixels: edge ring 0; same pixels: interior 0; dilution by pad pixels +0.120');
    expect(ok.stdout).toContain('b              test loss 0.180 (n = 1), no entropy floor');
    const json = await cli(['analyze', dir, '--json']);
    const doc: unknown = JSON.parse(json.stdout);
    expect(doc).toMatchObject({ loss: 'l1', comparisons: [{ pairedSeeds: [7] }] });
    const summary = doc as Summary; // the document's own type; the values used are compared below
    const term = (name: string): number[] | undefined => summary.comparisons[0].terms.find((t) => t.term === name)?.estimate.values;
    expect(term('gap')?.[0]).toBeCloseTo(0.12, 12);
    expect(term('dilution')?.[0]).toBeCloseTo(0.12, 12);
    expect(term('samePixel')?.[0]).toBeCloseTo(0, 12);
    expect(doc).toMatchObject({ variants: [{ entropyFloor: null, excess: null, finalTrainLoss: null, intensity: [] }, { geometry: { height: 3, width: 5 } }] });

    const file = path.join(dir, 'b.npy');
    const whole = readFileSync(file);
    writeFileSync(file, whole.subarray(0, whole.length - 8)); // one float64 short
    const bad = await cli(['analyze', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`${file}: holds`);
    expect(bad.stderr).toContain('(the file is truncated)');
    expect(bad.stderr).not.toMatch(/\n\s+at /); // no stack trace for a user's file
  });
});
