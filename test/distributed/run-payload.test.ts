import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packRunFiles, parseRunPayload, RETURNED_FILES, RUN_PAYLOAD_LIMITS, writeRunFiles } from '../../src/distributed/run-payload.js';
import { forwardProgress, parseQueuedProgress, type QueuedProgress } from '../../src/distributed/progress-forwarder.js';
import { makeRunConfig } from '../../src/train/config.js';

const config = makeRunConfig({ dataset: 'synthetic', variant: 'edge32', seed: 3, epochs: 2 });

/** A fake finished run directory: every returned file with small JSON content. */
async function fakeRun(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'be-payload-'));
  for (const name of RETURNED_FILES) await writeFile(join(dir, name), JSON.stringify(name === 'config.json' ? config : { name }));
  return dir;
}

describe('run payload', () => {
  it('carries every run file (gzip + base64), manifest last, and writes them back byte for byte', async () => {
    const payload = await packRunFiles(await fakeRun(), { worker: 'host:1', startEpoch: 2 });
    const decoded = JSON.parse(gunzipSync(Buffer.from(payload.files, 'base64')).toString('utf8')) as Record<string, string>;
    expect(Object.keys(decoded)).toEqual(['config.json', 'environment.json', 'history.json', 'test-loss-map.json', 'test-intensity-table.json', 'samples.json', 'result.json', 'run-manifest.json']);
    const run = parseRunPayload(JSON.parse(JSON.stringify(payload)), config);
    expect(run.worker).toBe('host:1');
    expect(run.startEpoch).toBe(2);
    const out = await mkdtemp(join(tmpdir(), 'be-payload-out-'));
    await writeRunFiles(out, run);
    expect(JSON.parse(await readFile(join(out, 'config.json'), 'utf8'))).toEqual(config);
    expect(JSON.parse(await readFile(join(out, 'test-loss-map.json'), 'utf8'))).toEqual({ name: 'test-loss-map.json' });
  });

  it('refuses a gzip bomb in a return value without inflating it (inflation stops at the limit), and an oversized text', async () => {
    const payload = await packRunFiles(await fakeRun(), { worker: 'host:1', startEpoch: 1 });
    // 100 MB of zeros gzip to about 100 KB: past the 64 MiB limit, zlib must stop there.
    const bomb = { ...payload, files: gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 1 }).toString('base64') };
    expect(bomb.files.length).toBeLessThan(1024 * 1024);
    expect(() => parseRunPayload(bomb, config)).toThrow(`the queued run edge32/seed-3 finished but its result files inflate past the limit of ${64 * 1024 * 1024} bytes`);
    const long = { ...payload, files: 'A'.repeat(RUN_PAYLOAD_LIMITS.base64Chars + 4) };
    expect(() => parseRunPayload(long, config)).toThrow(`more than the limit of ${RUN_PAYLOAD_LIMITS.base64Chars}`);
    expect(RUN_PAYLOAD_LIMITS.base64Chars).toBe(22369624); // 16 MiB of gzip, as base64: 16 * 2^20 / 3 * 4, rounded up
  });

  it('refuses a result of another run or with a file missing', async () => {
    const payload = await packRunFiles(await fakeRun(), { worker: 'host:1', startEpoch: 1 });
    expect(() => parseRunPayload(payload, { ...config, epochs: 3 })).toThrow(/was trained with other settings \(epochs\)/);
    expect(() => parseRunPayload({ ...payload, files: 'not gzip' }, config)).toThrow(/cannot be decoded/);
    expect(() => parseRunPayload({ ...payload, worker: 7 }, config)).toThrow(/lacks its worker/);
    const texts = JSON.parse(gunzipSync(Buffer.from(payload.files, 'base64')).toString('utf8')) as Record<string, string>;
    delete texts['run-manifest.json'];
    const withoutManifest = { ...payload, files: gzipSync(Buffer.from(JSON.stringify(texts))).toString('base64') };
    expect(() => parseRunPayload(withoutManifest, config)).toThrow(/lacks run-manifest.json/);
  });
});

describe('progress forwarding', () => {
  it('sends every epoch event and at most one batch event per interval, checked on the way back', async () => {
    const sent: QueuedProgress[] = [];
    let t = 0;
    const reporter = forwardProgress(async (p) => void sent.push(p), 'host:9', 2000, () => t);
    const batch = (b: number) => ({ kind: 'batch' as const, run: 'edge32/seed-1', epoch: 1, epochs: 2, batch: b, batches: 10, imagesPerSecond: 100, etaSeconds: 5 });
    reporter.report(batch(1)); // sent (first)
    t = 1000;
    reporter.report(batch(2)); // dropped (1 s after)
    t = 2500;
    reporter.report(batch(3)); // sent
    reporter.report(batch(10)); // the epoch's last batch: always sent
    const record = { epoch: 1, trainLoss: 0.3, testLoss: 0.2, testLossOriginal: 0.25, seconds: 4, imagesPerSecond: 64, testSeconds: 1 };
    reporter.report({ kind: 'epoch', run: 'edge32/seed-1', epochs: 2, record });
    await reporter.flush();
    expect(sent.map((p) => (p.event.kind === 'batch' ? p.event.batch : p.event.kind))).toEqual([1, 3, 10, 'epoch']);
    expect(parseQueuedProgress(JSON.parse(JSON.stringify(sent[3])))).toEqual({ worker: 'host:9', event: { kind: 'epoch', run: 'edge32/seed-1', epochs: 2, record } });
    expect(parseQueuedProgress({ worker: 'host:9', event: { kind: 'epoch', run: 'x', epochs: 2, record: { epoch: '1' } } })).toBeNull();
    expect(parseQueuedProgress(42)).toBeNull();
  });
});
