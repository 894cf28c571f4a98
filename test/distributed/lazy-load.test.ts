/** Local commands must not load BullMQ or ioredis: they are imported only with --redis and by `worker`. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../cli/helpers.js';

/** Imports `modules` in a fresh Node process and lists the queue packages then in require's cache (both are CommonJS). */
function queuePackagesLoadedBy(modules: readonly string[]): string[] {
  const script = `
    import { createRequire } from 'node:module';
    for (const m of ${JSON.stringify(modules)}) await import(m);
    const cache = Object.keys(createRequire(import.meta.url).cache);
    console.log(JSON.stringify(['bullmq', 'ioredis'].filter((p) => cache.some((f) => f.includes('/node_modules/' + p + '/')))));`;
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('lazy loading of the queue', () => {
  it('the command line, reproduce and the package root load neither bullmq nor ioredis', () => {
    expect(queuePackagesLoadedBy(['./src/cli/program.ts', './src/reproduce/reproduce.ts', './src/index.ts'])).toEqual([]);
  });

  it('the coordinator does (the check can see them)', () => {
    expect(queuePackagesLoadedBy(['./src/distributed/coordinator.ts'])).toEqual(['bullmq', 'ioredis']);
  });
});
