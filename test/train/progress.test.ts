import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { EpochRecord } from '../../src/train/history.js';
import { createProgressReporter, formatDuration, type ProgressEvent } from '../../src/train/progress.js';

function sink(isTTY: boolean): { stream: Writable & { isTTY?: boolean }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  }) as Writable & { isTTY?: boolean };
  stream.isTTY = isTTY;
  return { stream, text: () => text };
}

const batch = (b: number): ProgressEvent => ({
  kind: 'batch',
  run: 'edge32/seed-1',
  epoch: 2,
  epochs: 10,
  batch: b,
  batches: 469,
  imagesPerSecond: 250.4,
  etaSeconds: 185,
});

const record: EpochRecord = { epoch: 2, trainLoss: 0.1234, testLoss: 0.1111, testLossOriginal: 0.1, seconds: 240, imagesPerSecond: 250, testSeconds: 5 };

describe('formatDuration', () => {
  it('formats hours, minutes and seconds', () => {
    expect(formatDuration(185)).toBe('3m05s');
    expect(formatDuration(12.4)).toBe('12s');
    expect(formatDuration(3720)).toBe('1h02m');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});

describe('createProgressReporter', () => {
  it('writes a plain batch line per run at most every interval when not a TTY', () => {
    const out = sink(false);
    let clock = 100_000;
    const reporter = createProgressReporter({ stream: out.stream, intervalSeconds: 10, now: () => clock });
    reporter.report(batch(1));
    clock += 5_000;
    reporter.report(batch(2)); // within 10 s: no line
    clock += 6_000;
    reporter.report(batch(3));
    reporter.report({ kind: 'epoch', run: 'edge32/seed-1', epochs: 10, record });
    expect(out.text().split('\n')).toEqual([
      'edge32/seed-1 epoch 2/10 batch 1/469 250 img/s ETA 3m05s',
      'edge32/seed-1 epoch 2/10 batch 3/469 250 img/s ETA 3m05s',
      'edge32/seed-1 epoch 2/10 loss 0.1234 test 0.1111 (original 0.1000) 240.0s 250 img/s',
      '',
    ]);
    expect(out.text()).not.toContain('\r');
  });

  it('draws a bar on one rewritten line on a TTY', () => {
    const out = sink(true);
    let clock = 0;
    const reporter = createProgressReporter({ stream: out.stream, now: () => clock });
    reporter.report(batch(1));
    clock += 50;
    reporter.report(batch(2)); // redraws at most every 100 ms
    clock += 200;
    reporter.report(batch(235));
    reporter.close();
    const text = out.text();
    expect(text.match(/\r\x1b\[2K/g)?.length).toBe(3); // two draws and the final clear
    expect(text).toContain('edge32/seed-1 [------------] epoch 2/10 batch 1/469 250 img/s ETA 3m05s');
    expect(text).toContain('[######------] epoch 2/10 batch 235/469');
    expect(text).not.toContain('batch 2/469');
  });
});
