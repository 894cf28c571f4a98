/**
 * Generates the synthetic fixture set in fixtures/synthetic/: MNIST-format (IDX, gzip) 28x28
 * digit-like images — a few line and arc strokes drawn with a soft anti-aliased brush on a black
 * background with a black border — 512 training and 128 test images with labels, plus
 * SHA256SUMS of the decompressed bytes. Deterministic: same seed, same bytes. The files have names of
 * their own (`synthetic-train-images.idx3.gz`, ...; see `DATASETS.synthetic.files`), never MNIST's.
 *
 * Usage: npx tsx scripts/make-fixtures.ts [--out <dir>] [--seed <n>]
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng, deriveSeed, type Rng } from '../src/data/random.js';
import { encodeIdx, sha256Hex, writeIdxFile, type IdxArray } from '../src/data/idx.js';
import { DATASETS, fixturesDir } from '../src/data/datasets.js';

type Point = [number, number];
type Stroke = Point[];

const SIZE = 28;
const BOX = 20; // digits live in the central 20x20 box, like MNIST
const MARGIN = (SIZE - BOX) / 2;

/** Samples an elliptic arc (angles in turns, 0 = right, 0.25 = down) into a polyline. */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 24): Stroke {
  const pts: Stroke = [];
  for (let i = 0; i <= steps; i++) {
    const t = 2 * Math.PI * (from + ((to - from) * i) / steps);
    pts.push([cx + rx * Math.cos(t), cy + ry * Math.sin(t)]);
  }
  return pts;
}

/** Digit-like stroke templates in the unit box (x right, y down). */
const TEMPLATES: Record<number, Stroke[]> = {
  0: [arc(0.5, 0.5, 0.3, 0.45, 0, 1, 40)],
  1: [[[0.35, 0.2], [0.55, 0.05], [0.55, 0.95]]],
  2: [[...arc(0.5, 0.3, 0.28, 0.25, 0.5, 1.1), [0.2, 0.95], [0.85, 0.95]]],
  3: [arc(0.45, 0.28, 0.28, 0.23, 0.55, 1.25), arc(0.45, 0.72, 0.32, 0.23, 0.75, 1.45)],
  4: [[[0.65, 0.05], [0.15, 0.65], [0.85, 0.65]], [[0.65, 0.3], [0.65, 0.95]]],
  5: [[[0.8, 0.05], [0.3, 0.05], [0.25, 0.45]], arc(0.48, 0.68, 0.3, 0.27, 0.65, 1.35)],
  6: [[[0.7, 0.05], ...arc(0.48, 0.7, 0.28, 0.25, 0.6, 1.6)]],
  7: [[[0.15, 0.05], [0.85, 0.05], [0.4, 0.95]]],
  8: [arc(0.5, 0.27, 0.24, 0.22, 0, 1), arc(0.5, 0.72, 0.3, 0.23, 0, 1)],
  9: [arc(0.5, 0.3, 0.27, 0.25, 0, 1), [[0.77, 0.3], [0.65, 0.95]]],
};

/** Random affine jitter (scale, shear, rotation, shift) mapping the unit box to pixels. */
function jitter(rng: Rng): (p: Point) => Point {
  const s = BOX * (0.8 + 0.2 * rng.uniform());
  const sx = s * (0.75 + 0.25 * rng.uniform());
  const shear = (rng.uniform() - 0.5) * 0.5;
  const rot = (rng.uniform() - 0.5) * 0.3;
  const dx = MARGIN + (BOX - sx) / 2 + (rng.uniform() - 0.5) * 2;
  const dy = MARGIN + (BOX - s) / 2 + (rng.uniform() - 0.5) * 2;
  const c = Math.cos(rot);
  const sn = Math.sin(rot);
  return ([x, y]) => {
    const u = (x - 0.5 + shear * (y - 0.5)) * sx;
    const v = (y - 0.5) * s;
    return [c * u - sn * v + sx / 2 + dx, sn * u + c * v + s / 2 + dy];
  };
}

/** Distance from point (px, py) to segment a-b. */
function segmentDistance(px: number, py: number, a: Point, b: Point): number {
  const vx = b[0] - a[0];
  const vy = b[1] - a[1];
  const len2 = vx * vx + vy * vy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - a[0]) * vx + (py - a[1]) * vy) / len2));
  return Math.hypot(px - a[0] - t * vx, py - a[1] - t * vy);
}

/** Renders one digit: soft brush of radius r, anti-aliased over `soft` pixels, black border kept. */
function renderDigit(label: number, rng: Rng, out: Uint8Array, offset: number): void {
  const map = jitter(rng);
  const strokes = TEMPLATES[label].map((stroke) => stroke.map(map));
  const radius = 0.9 + 0.7 * rng.uniform();
  const soft = 1.1 + 0.4 * rng.uniform();
  const pressure = 0.85 + 0.15 * rng.uniform();
  for (let y = 2; y < SIZE - 2; y++) {
    for (let x = 2; x < SIZE - 2; x++) {
      let d = Infinity;
      for (const stroke of strokes) {
        for (let i = 1; i < stroke.length; i++) d = Math.min(d, segmentDistance(x + 0.5, y + 0.5, stroke[i - 1], stroke[i]));
      }
      const ink = Math.max(0, Math.min(1, (radius - d) / soft + 0.5)) * pressure;
      // quantise grey levels a little (MNIST-like, and it keeps the gzip small)
      out[offset + y * SIZE + x] = Math.round((ink * 255) / 17) * 17;
    }
  }
}

/** Images and labels of one split. */
function makeSplit(count: number, rng: Rng): { images: Uint8Array; labels: Uint8Array } {
  const images = new Uint8Array(count * SIZE * SIZE);
  const labels = new Uint8Array(count);
  for (let n = 0; n < count; n++) {
    labels[n] = rng.int(10);
    renderDigit(labels[n], rng, images, n * SIZE * SIZE);
  }
  return { images, labels };
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const out = argValue('--out') ?? fixturesDir();
  const seed = Number(argValue('--seed') ?? 20240601);
  const sums: string[] = [];
  for (const [split, count] of [['train', 512], ['test', 128]] as const) {
    const { images, labels } = makeSplit(count, createRng(deriveSeed(seed, 'fixtures', split)));
    const files = DATASETS.synthetic.files[split];
    const arrays: Array<[string, IdxArray]> = [
      [files.images, { dims: [count, SIZE, SIZE], data: images }],
      [files.labels, { dims: [count], data: labels }],
    ];
    for (const [name, array] of arrays) {
      await writeIdxFile(join(out, `${name}.gz`), array, { gzip: true });
      sums.push(`${sha256Hex(encodeIdx(array))}  ${name}`);
    }
  }
  sums.sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  await writeFile(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
  console.log(`wrote ${out}:\n${sums.join('\n')}`);
}

await main();
