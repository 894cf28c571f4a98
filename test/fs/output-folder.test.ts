/**
 * The output-folder life that reproduce, report and train share (src/fs/output-folder.ts): checked
 * before it is created, locked while the work runs, stale temp files swept, released however the
 * work ends.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FilesError } from '../../src/fs/files-error.js';
import { withOutputFolder } from '../../src/fs/output-folder.js';
import { LOCK_FILE } from '../../src/fs/output-lock.js';

const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false);
/** A temp file of the atomic writer whose process is gone (2^22 + 1 is above Linux's largest pid_max). */
const deadWritersTemp = (dir: string, name: string): string => join(dir, `.${name}.4194305.0a1b2c3d.tmp`);

describe('withOutputFolder', () => {
  it('a file in place of the folder is a FilesError naming the option; nothing runs', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'out-folder-')), 'taken');
    await writeFile(file, 'x');
    let ran = false;
    const error = await withOutputFolder(file, { option: '--report-dir', check: async () => void (ran = true) }, async () => void (ran = true)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FilesError);
    expect((error as FilesError).code).toBe('not-a-directory');
    expect((error as FilesError).message).toContain(`--report-dir: ${file} is a file, not a folder`);
    expect(ran).toBe(false);
  });

  it('a failing check leaves the disk as it was: the folder is not created, no lock', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'out-folder-')), 'new');
    const error = await withOutputFolder(dir, { check: () => Promise.reject(new Error('bad settings')) }, async () => 'never').catch((e: unknown) => e);
    expect((error as Error).message).toBe('bad settings');
    expect(await exists(dir)).toBe(false);
  });

  it('creates the folder, holds the lock while the work runs (a second writer is refused), then releases it', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'out-folder-')), 'a', 'b');
    const result = await withOutputFolder(dir, { command: 'boundary-effects report x' }, async (folder) => {
      expect(folder.dir).toBe(dir);
      expect(await readdir(dir)).toEqual([LOCK_FILE]);
      const second = await withOutputFolder(dir, {}, async () => 'second').catch((e: unknown) => e);
      expect((second as FilesError).code).toBe('locked');
      expect((second as FilesError).message).toContain('(boundary-effects report x)');
      return 42;
    });
    expect(result).toBe(42);
    expect(await readdir(dir)).toEqual([]);
  });

  it('releases the lock when the work throws', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'out-folder-'));
    const error = await withOutputFolder(dir, {}, () => Promise.reject(new Error('failed halfway'))).catch((e: unknown) => e);
    expect((error as Error).message).toBe('failed halfway');
    expect(await exists(join(dir, LOCK_FILE))).toBe(false);
  });

  it('removes a dead writer\'s temp files (only under `sweep` when given) and hands them to the work', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'out-folder-'));
    const runDir = join(dir, 'runs', 'edge32', 'seed-1');
    await mkdir(runDir, { recursive: true });
    const top = deadWritersTemp(dir, 'summary.json');
    const inRun = deadWritersTemp(runDir, 'history.json');
    const live = join(dir, `.report.html.${process.pid}.0a1b2c3d.tmp`);
    for (const path of [top, inRun, live]) await writeFile(path, 'partial');

    const swept = await withOutputFolder(dir, { sweep: runDir }, async (folder) => folder.removedTempFiles);
    expect(swept).toEqual([inRun]);
    expect(await exists(top)).toBe(true);

    const all = await withOutputFolder(dir, {}, async (folder) => folder.removedTempFiles);
    expect(all).toEqual([top]);
    // This process's own temp file is a write in flight, never stale.
    expect(await exists(live)).toBe(true);
  });

  it('listens for SIGINT and SIGTERM with onSignal only while the work runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'out-folder-'));
    const before = { int: process.listenerCount('SIGINT'), term: process.listenerCount('SIGTERM') };
    const signals: string[] = [];
    await withOutputFolder(dir, { onSignal: (signal) => signals.push(signal) }, async () => {
      expect(process.listenerCount('SIGINT')).toBe(before.int + 1);
      expect(process.listenerCount('SIGTERM')).toBe(before.term + 1);
      process.emit('SIGTERM', 'SIGTERM');
    });
    expect(signals).toEqual(['SIGTERM']);
    expect(process.listenerCount('SIGINT')).toBe(before.int);
    expect(process.listenerCount('SIGTERM')).toBe(before.term);
  });
});

describe('one output-folder life', () => {
  const SRC = resolve(__dirname, '../../src');
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
  /** `file:line name` of each call of the lifecycle's parts in a source text. */
  const callsIn = (name: string, text: string): string[] => {
    const source = ts.createSourceFile(name, text, ts.ScriptTarget.ES2022, true);
    const out: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && /^(acquireOutputLock|removeStaleTempFiles)$/.test(node.expression.getText(source))) {
        out.push(`${name}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.expression.getText(source)}`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
    return out;
  };

  it('only withOutputFolder takes an output lock or sweeps temp files: every command goes through it', () => {
    const calls = files(SRC).flatMap((file) => callsIn(relative(SRC, file), readFileSync(file, 'utf8')));
    // removeStaleTempFiles recurses into subfolders: that call is its own.
    expect(calls.filter((c) => !c.startsWith('fs/output-folder.ts:')).map((c) => c.replace(/:\d+/, ''))).toEqual(['fs/atomic-file.ts removeStaleTempFiles']);
    expect(calls.filter((c) => c.startsWith('fs/output-folder.ts:')).map((c) => c.replace(/:\d+/, ''))).toEqual(['fs/output-folder.ts acquireOutputLock', 'fs/output-folder.ts removeStaleTempFiles']);
    expect(callsIn('planted.ts', 'const lock = await acquireOutputLock(out);\n// acquireOutputLock(x) in a comment')).toEqual(['planted.ts:1 acquireOutputLock']);
  });
});
