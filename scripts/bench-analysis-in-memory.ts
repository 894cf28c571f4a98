// Times the analysis of a full test split on random data: per-pixel arrays of 10,000 images at 32x32
// (10.24M pixels) -> mean map, per-image means, region decomposition, location x intensity table,
// region x bin breakdown (`analyzeLosses`), plus a JSON round trip of the table. Prints JSON.
// Usage: npx tsx scripts/bench-analysis-in-memory.ts [--images 10000] [--size 32] [--pad 2] [--repeats 5]
import { analyzeLosses, intensityTableFromJSON, intensityTableToJSON } from '../src/analysis/index.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const images = arg('images', 10000);
const size = arg('size', 32);
const pad = arg('pad', 2);
const repeats = arg('repeats', 5);

// Local xorshift32 for data generation only (fixed seed; the data need not be reproducible across versions).
let state = 0x9e3779b9;
function uniform(): number {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state / 4294967296;
}

const n = images * size * size;
const targets = new Float32Array(n);
const losses = new Float32Array(n);
for (let i = 0; i < n; i++) {
  const u = uniform();
  // MNIST-like mix: ~80% black, ~8% white, the rest grey levels k/255.
  const t = u < 0.8 ? 0 : u < 0.88 ? 1 : Math.floor(uniform() * 254 + 1) / 255;
  targets[i] = t;
  losses[i] = 0.01 + 0.7 * uniform();
}

const times: number[] = [];
let meanLoss = 0;
let jsonChars = 0;
for (let r = 0; r < repeats; r++) {
  const start = process.hrtime.bigint();
  const a = analyzeLosses(losses, targets, images, size, size, { pad });
  const json = JSON.stringify(intensityTableToJSON(a.table));
  intensityTableFromJSON(json);
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
  meanLoss = a.meanLoss;
  jsonChars = json.length;
}
const sorted = [...times].sort((x, y) => x - y);
console.log(
  JSON.stringify(
    {
      images,
      size,
      pad,
      pixels: n,
      repeats,
      secondsFirst: times[0],
      secondsMedian: sorted[Math.floor(sorted.length / 2)],
      secondsMin: sorted[0],
      meanLoss,
      tableJsonChars: jsonChars,
      node: process.version,
    },
    null,
    2,
  ),
);
