// The tool reads back every summary.json it writes: the seed's own runs, open-format experiments
// under MSE and BCE, and a variant of general geometry (non-square, per-side pads, channels).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSummaryFile } from '../../src/reproduce/summary-file.js';
import type { Summary } from '../../src/summary/types.js';
import { findPython } from '../open-format/python.js';
import { ownExperiment } from '../report/fixtures/own-experiments.js';

const root = mkdtempSync(join(tmpdir(), 'be-summary-roundtrip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Writes a summary as summary.json into a fresh folder and reads it back. */
async function roundTrip(summary: Summary, name: string): Promise<Summary | null> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return readSummaryFile(dir);
}

describe('summary.json round trip', () => {
  it('the seed MNIST summary (square, size and pad, BCE)', async () => {
    const summary: Summary = JSON.parse(readFileSync(join(__dirname, '../../reports/mnist/summary.json'), 'utf8')) as Summary;
    expect(await roundTrip(summary, 'mnist')).toEqual(summary);
  });

  const python = findPython(['numpy']);
  it.skipIf(python === null).each(['b', 'c'] as const)('open-format experiment %s (b: MSE, no floor; c: BCE)', async (kind) => {
    const summary = await ownExperiment(python ?? 'python3', root, kind);
    expect(summary.loss).toBe(kind === 'b' ? 'mse' : undefined);
    if (kind === 'b') expect(summary.variants.every((v) => v.entropyFloor === null)).toBe(true);
    expect(await roundTrip(summary, `open-${kind}`)).toEqual(summary);
  }, 60_000);

  it('a variant of general geometry (20×24, pads 1/3/2/0, 3 channels) and no training loss', async () => {
    const summary: Summary = JSON.parse(readFileSync(join(__dirname, '../../reports/mnist/summary.json'), 'utf8')) as Summary;
    const v = summary.variants[1];
    delete v.size;
    delete v.pad;
    v.geometry = { height: 20, width: 24, pads: { top: 1, bottom: 3, left: 2, right: 0 }, channels: 3 };
    v.meanLossMap = Array.from({ length: 20 * 24 }, (_, i) => i / 1000);
    v.finalTrainLoss = null;
    v.entropyFloor = null;
    expect(await roundTrip(summary, 'geometry')).toEqual(summary);
    // A map of the wrong size is still refused, naming the field.
    v.meanLossMap = v.meanLossMap.slice(1);
    await expect(roundTrip(summary, 'bad-map')).rejects.toThrow(/variants\[1\] \(edge32\)\.meanLossMap is not 20x24 finite numbers/);
  });
});
