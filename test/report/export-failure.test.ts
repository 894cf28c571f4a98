/**
 * A figure export that fails part-way (a full disk, a folder in a file's place) is one files error
 * naming the file (exit 2 in the command), never an unhandled promise rejection: the PNGs
 * rasterised in the background while the next figure renders must not reject with nobody
 * listening (Node then ends the process with exit 1 and a stack trace).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesError } from '../../src/fs/files-error.js';
import { buildFigures } from '../../src/report/index.js';
import { exportFigures } from '../../src/report/export.js';
import { syntheticSummary } from './fixtures/synthetic-summary.js';

const root = mkdtempSync(join(tmpdir(), 'be-export-fail-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('exportFigures when a write fails', () => {
  it('a PNG that cannot be written while later figures still render: one FilesError naming it, no unhandled rejection', async () => {
    const figures = buildFigures(syntheticSummary({ seeds: 3, samples: 0, variants: ['baseline28', 'edge32'] }));
    expect(figures.length).toBeGreaterThan(2);
    const dir = join(root, 'figures');
    // A non-empty folder where the first PNG goes: its rename fails (EISDIR/ENOTEMPTY), early.
    const blocked = join(dir, `${figures[0].name}.png`);
    mkdirSync(blocked, { recursive: true });
    writeFileSync(join(blocked, 'keep'), 'x');
    // The last SVG fails too, after the first PNG's failure: the loop itself throws.
    mkdirSync(join(dir, `${figures[figures.length - 1].name}.svg`, 'keep'), { recursive: true });
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const error = await exportFigures(figures, dir).then(
        () => null,
        (e: unknown) => e,
      );
      // Let any rejection without a handler surface before looking.
      await new Promise((r) => setTimeout(r, 200));
      expect(error).toBeInstanceOf(FilesError);
      expect(String(error)).toMatch(/figures\//);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  }, 120_000);
});
