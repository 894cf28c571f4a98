// Times the ONNX route: the example's autoencoder (28,353 parameters; exported untrained by Debian's python3-torch
// unless --model names a trained .onnx: the time does not depend on the weights) run by the tool on MNIST's test
// images, 28x28 and edge-padded to 32x32. Prints JSON: the runtime, threads, and per variant the seconds for the
// model alone (predictImages) and for the whole run as `analyze` reads it (test set, pad, noise, model, scoring),
// per 10,000 images. Needs BOUNDARY_EFFECTS_DATA with mnist/.
// Usage: npx tsx scripts/bench-onnx.ts [--images 10000] [--repeats 3] [--model path.onnx]
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { readOpenExperiment } from '../src/open-format/index.js';
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
  const results: Array<Record<string, number | string>> = [];
  for (const [id, pad] of [['baseline28', 0], ['edge32', 2]] as const) {
    writeFileSync(
      path.join(dir, 'manifest.json'),
      JSON.stringify({
        format: 'boundary-effects/open-experiment',
        version: 1,
        question: 'bench',
        dataset: { name: 'mnist' },
        loss: 'bce',
        reference: id,
        testSet: { dataset: 'mnist', limit: images },
        corruption: { noise: 'gaussian', factor: 0.5, seed: 1 },
        variants: [variant(id, pad)],
      }),
    );
    const times: number[] = [];
    for (let k = 0; k < repeats; k++) {
      const started = performance.now();
      const experiment = await readOpenExperiment(dir);
      times.push((performance.now() - started) / 1000);
      if (experiment.runs[0] === undefined) throw new Error('no run');
    }
    times.sort((a, b) => a - b);
    results.push({ variant: id, images, wholeRunSecondsMedian: times[Math.floor(times.length / 2)] ?? Number.NaN, wholeRunSecondsMin: times[0] ?? Number.NaN, secondsPer10000Median: ((times[Math.floor(times.length / 2)] ?? Number.NaN) * 10000) / images });
  }
  const runtime = await loadOnnxRuntime();
  console.log(JSON.stringify({ runtime: runtime.name, cores: availableParallelism(), modelBytes: readFileSync(model).length, repeats, results }, null, 2));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
