// Times the ONNX route: the example's autoencoder (28,353 parameters; exported untrained by Debian's python3-torch
// unless --model names a trained .onnx: the time does not depend on the weights) run by the tool on MNIST's test
// images, 28x28 and edge-padded to 32x32. Prints JSON: the runtime, threads, and per variant the seconds for the
// model alone (predictImages) and for the whole run as `analyze` reads it (test set, pad, noise, model, scoring),
// per 10,000 images. Needs BOUNDARY_EFFECTS_DATA with mnist/.
// Usage: npx tsx scripts/bench-onnx.ts [--images 10000] [--repeats 3] [--model path.onnx]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parseManifest, readOpenExperiment } from '../src/open-format/index.js';
import { variantImages } from '../src/open-format/model-run.js';
import { loadModelTestSet } from '../src/open-format/model-test-set.js';
import { predictImages } from '../src/open-format/predict-images.js';
import { loadOnnxRuntime } from '../src/onnx/runtime.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const images = Number(arg('images') ?? 10000);
const repeats = Number(arg('repeats') ?? 3);
const dir = mkdtempSync(path.join(tmpdir(), 'be-bench-onnx-'));
try {
  mkdirSync(path.join(dir, 'models'));
  const model = path.join(dir, 'models', 'autoencoder.onnx');
  const given = arg('model');
  if (given !== undefined) copyFileSync(given, model);
  else {
    const code = `
import sys, warnings, torch
sys.path.insert(0, 'examples/pytorch')
from train_export import autoencoder, glorot_init, export_onnx
torch.manual_seed(0)
m = autoencoder(); glorot_init(m)
export_onnx(m, sys.argv[1])`;
    const r = spawnSync('/usr/bin/python3', ['-c', code, model], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`exporting the autoencoder failed: ${r.stderr}`);
  }
  const variant = (id: string, pad: number) => ({
    id,
    height: 28 + 2 * pad,
    width: 28 + 2 * pad,
    pads: { top: pad, bottom: pad, left: pad, right: pad },
    ...(pad > 0 ? { padMode: 'edge' } : {}),
    runs: [{ seed: 1, model: 'models/autoencoder.onnx' }],
  });
  writeFileSync(
    path.join(dir, 'manifest.json'),
    JSON.stringify({
      format: 'boundary-effects/open-experiment',
      version: 1,
      question: 'bench',
      dataset: { name: 'mnist' },
      loss: 'bce',
      reference: 'baseline28',
      testSet: { dataset: 'mnist', limit: images },
      corruption: { noise: 'gaussian', factor: 0.5, seed: 1 },
      variants: [variant('baseline28', 0), variant('edge32', 2)],
    }),
  );
  // The whole read as analyze does it (test set, pads, noise, both models, scoring), wall and CPU seconds
  // (CPU time of this process and its threads: less sensitive than wall time to other work on a shared machine).
  const whole: Array<{ wall: number; cpu: number }> = [];
  for (let k = 0; k < repeats; k++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const experiment = await readOpenExperiment(dir);
    const used = process.cpuUsage(cpu);
    whole.push({ wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 });
    if (experiment.runs.length !== 2) throw new Error('expected two runs');
  }
  // The model alone per variant (predictImages on the variant's noisy images).
  const manifestFile = path.join(dir, 'manifest.json');
  const manifest = parseManifest(JSON.parse(readFileSync(manifestFile, 'utf8')), manifestFile);
  const settings = manifest.models;
  if (settings === null) throw new Error('no model settings');
  const set = await loadModelTestSet(settings.testSet, settings.corruption, () => Promise.reject(new Error('no .npy here')));
  const runtime = await loadOnnxRuntime();
  const modelOnly: Array<Record<string, number | string>> = [];
  for (const v of manifest.variants) {
    const { inputs } = variantImages(set, v, settings, manifestFile);
    const times: Array<{ wall: number; cpu: number }> = [];
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      const cpu = process.cpuUsage();
      await predictImages(runtime, new Uint8Array(readFileSync(model)), model, settings.contract, { data: inputs, count: set.count, height: v.height, width: v.width, channels: 1 }, { checkRange: true, what: v.id });
      const used = process.cpuUsage(cpu);
      times.push({ wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 });
    }
    modelOnly.push({ variant: v.id, ...summary(times) });
  }
  console.log(JSON.stringify({ runtime: runtime.name, cores: availableParallelism(), loadAverage: loadavg()[0], images, modelBytes: readFileSync(model).length, repeats, wholeReadBothVariants: summary(whole), modelOnly }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Medians and minima of wall and CPU seconds, and the median wall seconds per 10,000 images. */
function summary(times: Array<{ wall: number; cpu: number }>): Record<string, number> {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  const wall = times.map((t) => t.wall);
  const cpu = times.map((t) => t.cpu);
  return { wallMedian: median(wall), wallMin: Math.min(...wall), cpuMedian: median(cpu), wallPer10000Median: (median(wall) * 10000) / images };
}
