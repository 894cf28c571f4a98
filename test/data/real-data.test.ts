import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DATASETS, FASHION_SYSTEM_DIR, loadDataset, verifyDataset, type ImageSet } from '../../src/data/datasets.js';
import { requireRealDataRoot } from './helpers.js';

/** Population mean and standard deviation of all pixel values. */
function pixelStats(set: ImageSet): { mean: number; std: number } {
  let sum = 0;
  let sum2 = 0;
  for (const v of set.images) {
    sum += v;
    sum2 += v * v;
  }
  const mean = sum / set.images.length;
  return { mean, std: Math.sqrt(sum2 / set.images.length - mean * mean) };
}

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

describe('real MNIST (from $BOUNDARY_EFFECTS_DATA, else ../shared/datasets)', () => {
  const options = () => ({ env: { BOUNDARY_EFFECTS_DATA: requireRealDataRoot(), HOME: tmpdir() }, download: false });

  it('training set: 60,000 images 28x28, mean 0.13066, std 0.30811, first labels 5 0 4 1 9', async () => {
    const train = await loadDataset('mnist', 'train', options());
    expect(train.count).toBe(60_000);
    expect([train.height, train.width]).toEqual([28, 28]);
    expect(train.images.length).toBe(60_000 * 784);
    const { mean, std } = pixelStats(train);
    expect(round5(mean)).toBe(0.13066);
    expect(round5(std)).toBe(0.30811);
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
    expect(train.files.map((f) => f.sha256)).toEqual([
      'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
      '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
    ]);
  });

  it('test set: 10,000 images, first labels 7 2 1 0 4', async () => {
    const test = await loadDataset('mnist', 'test', options());
    expect(test.count).toBe(10_000);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([7, 2, 1, 0, 4]);
  });

  it('verifyDataset: all four files ok', async () => {
    const rows = await verifyDataset('mnist', options());
    expect(rows).toHaveLength(4);
    for (const r of rows) {
      expect(r.ok).toBe(true);
      expect(r.path).toContain(join(requireRealDataRoot(), 'mnist'));
    }
  });
});

const fashionInstalled = existsSync(join(FASHION_SYSTEM_DIR, `${DATASETS['fashion-mnist'].files.train.images}.gz`));

describe(`Fashion-MNIST from Debian's dataset-fashion-mnist (${fashionInstalled ? 'installed' : 'NOT installed: apt-get install -y dataset-fashion-mnist'})`, () => {
  it.runIf(fashionInstalled)('loads 60,000 + 10,000 images from /usr/share/datasets/fashion-mnist with the pinned sums', async () => {
    const options = { env: { HOME: tmpdir() }, download: false };
    const train = await loadDataset('fashion-mnist', 'train', options);
    const test = await loadDataset('fashion-mnist', 'test', options);
    expect(train.count).toBe(60_000);
    expect(test.count).toBe(10_000);
    expect(train.files[0].path).toBe(join(FASHION_SYSTEM_DIR, 'train-images-idx3-ubyte.gz'));
    // Fashion-MNIST's well-known figures: first labels ankle boot, T-shirt, T-shirt, dress ...; mean 0.2860, std 0.3530
    expect(Array.from(train.labels.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(test.labels.subarray(0, 5))).toEqual([9, 2, 1, 1, 6]);
    const { mean, std } = pixelStats(train);
    expect(mean).toBeCloseTo(0.28604, 5);
    expect(std).toBeCloseTo(0.35302, 5);
    expect((await verifyDataset('fashion-mnist', options)).every((r) => r.ok)).toBe(true);
  });
});
