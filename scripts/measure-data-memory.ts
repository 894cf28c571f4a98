/**
 * Measures the data layer on the full MNIST training set: load, pad 28 -> 32 (edge), add the
 * seed's Gaussian noise (factor 0.5). Prints JSON with timings and peak RSS.
 *
 * Usage: npx tsx scripts/measure-data-memory.ts [--fused] [--dir <dir holding mnist files>]
 *   default: loadDataset (unpadded floats) then padImages, the general path
 *   --fused: loadDataset({ pad }) decodes bytes straight into the padded buffer
 * Data: --dir, else $BOUNDARY_EFFECTS_DATA, else ../shared/datasets next to the repo.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '../src/data/datasets.js';
import { addGaussianNoise } from '../src/data/noise.js';
import { padImages, type PadSpec } from '../src/data/pad.js';
import { createRng, deriveSeed } from '../src/data/random.js';

const MB = 1024 * 1024;
const rssMB = (): number => process.memoryUsage().rss / MB;
const peakMB = (): number => (process.resourceUsage().maxRSS * 1024) / MB; // maxRSS is in KiB

function dataOptions(): { dir?: string; env: NodeJS.ProcessEnv; download: false } {
  const i = process.argv.indexOf('--dir');
  if (i >= 0) return { dir: process.argv[i + 1], env: process.env, download: false };
  if (process.env.BOUNDARY_EFFECTS_DATA) return { env: process.env, download: false };
  const fallback = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'datasets');
  if (!existsSync(fallback)) throw new Error('MNIST not found: pass --dir or set BOUNDARY_EFFECTS_DATA.');
  return { env: { ...process.env, BOUNDARY_EFFECTS_DATA: fallback }, download: false };
}

async function main(): Promise<void> {
  const fused = process.argv.includes('--fused');
  const spec: PadSpec = { widths: 2, mode: 'edge' };
  const baselineRss = rssMB();
  const t0 = performance.now();
  const set = await loadDataset('mnist', 'train', { ...dataOptions(), ...(fused ? { pad: spec } : {}) });
  const t1 = performance.now();
  const afterLoadPeak = peakMB();
  const padded = fused ? set.images : padImages(set.images, set.count, set.height, set.width, spec);
  const t2 = performance.now();
  if (!fused) set.images = new Float32Array(0); // drop the unpadded copy, as a caller would
  const noisy = addGaussianNoise(padded, 0.5, createRng(deriveSeed(42, 'noise', 'train')));
  const t3 = performance.now();
  const arraysMB = (padded.byteLength + noisy.byteLength) / MB;
  const peak = peakMB();
  console.log(
    JSON.stringify(
      {
        path: fused ? 'fused: loadDataset({ pad }) + addGaussianNoise' : 'general: loadDataset + padImages + addGaussianNoise',
        images: set.count,
        size: fused ? `${set.height}x${set.width}` : `${set.height}x${set.width} -> 32x32`,
        ms: { load: Math.round(t1 - t0), pad: Math.round(t2 - t1), noise: Math.round(t3 - t2), total: Math.round(t3 - t0) },
        mb: {
          baselineRss: Math.round(baselineRss),
          peakRssAfterLoad: Math.round(afterLoadPeak),
          peakRss: Math.round(peak),
          paddedPlusNoisyArrays: Math.round(arraysMB),
          peakOverArrays: Math.round((peak / arraysMB) * 100) / 100,
          peakAboveBaselineOverArrays: Math.round(((peak - baselineRss) / arraysMB) * 100) / 100,
        },
        node: process.version,
      },
      null,
      2,
    ),
  );
}

await main();
