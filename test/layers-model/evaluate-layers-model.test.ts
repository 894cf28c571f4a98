import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/data/datasets.js';
import { addGaussianNoise } from '../../src/data/noise.js';
import { createRng } from '../../src/data/random.js';
import { tf } from '../../src/engine/tf.js';
import { evaluateLayersModel, writeOpenRun } from '../../src/layers-model/index.js';
import { buildAutoencoder } from '../../src/model/autoencoder.js';
import { OpenFormatError, readOpenExperiment } from '../../src/open-format/index.js';
import { findPython, runPython } from '../open-format/python.js';

const dir = mkdtempSync(path.join(tmpdir(), 'be-layers-'));
const modelJson = path.join(dir, 'model', 'model.json');
const python = findPython(['numpy']);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let original: tf.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  original = buildAutoencoder(32, createRng(11));
  // Save with tfjs's own model.save, laid out as the converter writes it: model.json + weight shards (here two).
  await original.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const data = artifacts.weightData;
      if (!(data instanceof ArrayBuffer) || artifacts.weightSpecs === undefined) throw new Error('expected one weight buffer');
      const bytes = new Uint8Array(data);
      const cut = 40_000; // an arbitrary byte boundary, as converter shards are
      const modelDir = path.dirname(modelJson);
      await mkdir(modelDir, { recursive: true });
      await writeFile(path.join(modelDir, 'group1-shard1of2.bin'), bytes.subarray(0, cut));
      await writeFile(path.join(modelDir, 'group1-shard2of2.bin'), bytes.subarray(cut));
      const json = {
        format: 'layers-model',
        generatedBy: 'boundary-effects test',
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(modelJson, JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
});

describe('evaluate a TensorFlow.js LayersModel saved by model.save (no tfjs-node)', () => {
  it('gives the saved model\'s predictions and the BCE computed by hand, and the same record through the open format', async () => {
    const run = await evaluateLayersModel({
      modelJson,
      variant: 'edge32',
      seed: 5,
      dataset: 'synthetic',
      datasetOptions: { limit: 12 },
      pad: { widths: 2, mode: 'edge' },
      noiseFactor: 0.5,
      noiseSeed: 9,
    });
    expect([run.count, run.height, run.width]).toEqual([12, 32, 32]);
    // The original in-memory model on the same noisy inputs gives the same outputs.
    const clean = await loadDataset('synthetic', 'test', { limit: 12, pad: { widths: 2, mode: 'edge' } });
    const noisy = addGaussianNoise(clean.images, 0.5, createRng(9));
    expect(Array.from(run.inputs)).toEqual(Array.from(noisy));
    const direct = tf.tidy(() => {
      const y = original.predict(tf.tensor4d(noisy, [12, 32, 32, 1]));
      if (Array.isArray(y)) throw new Error('one output expected');
      return y.dataSync();
    });
    expect(Array.from(run.predictions)).toEqual(Array.from(direct));
    // BCE by the formula, float64, Keras clip.
    let sum = 0;
    for (let i = 0; i < direct.length; i++) {
      const t = clean.images[i];
      const p = Math.min(Math.max(direct[i], 1e-7), 1 - 1e-7);
      sum += -(t * Math.log(p) + (1 - t) * Math.log(1 - p));
    }
    expect(run.record.finalTestLoss).toBeCloseTo(sum / direct.length, 12);
    expect(run.record.lossMap.pads).toEqual({ top: 2, bottom: 2, left: 2, right: 2 });

    // Written as open-format files and read back: the same record.
    const folder = path.join(dir, 'experiment');
    const entry = await writeOpenRun(run, folder, 'edge32/seed-5');
    const baseline = await writeOpenRun(
      { ...run, record: { ...run.record, seed: 5 }, height: 28, width: 28, targets: crop(run.targets), inputs: crop(run.inputs), predictions: crop(run.predictions) },
      folder,
      'baseline28/seed-5',
    );
    writeFileSync(
      path.join(folder, 'manifest.json'),
      JSON.stringify({
        format: 'boundary-effects/open-experiment',
        version: 1,
        question: 'q',
        dataset: { name: 'synthetic' },
        loss: 'bce',
        reference: 'baseline28',
        variants: [
          { id: 'baseline28', height: 28, width: 28, pads: { top: 0, bottom: 0, left: 0, right: 0 }, runs: [baseline] },
          { id: 'edge32', height: 32, width: 32, padMode: 'edge', pads: { top: 2, bottom: 2, left: 2, right: 2 }, runs: [entry] },
        ],
        comparisons: [{ a: 'baseline28', b: 'edge32' }],
      }),
    );
    const experiment = await readOpenExperiment(folder);
    const reread = experiment.runs[1];
    expect(reread.finalTestLoss).toBe(run.record.finalTestLoss);
    expect(Array.from(reread.lossMap.values)).toEqual(Array.from(run.record.lossMap.values));
    expect(reread.intensity?.lossSum).toEqual(run.record.intensity?.lossSum);
    if (python !== null) {
      // NumPy reads what npyjs wrote
      const shape = runPython(python, 'import sys; a = np.load(sys.argv[1]); print(a.dtype, a.shape)', [path.join(folder, 'edge32/seed-5/predictions.npy')]);
      expect(shape.trim()).toBe('float32 (12, 32, 32)');
    }
  }, 120_000);

  it('a model whose input does not fit the chosen pad is an error naming model.json', async () => {
    const call = evaluateLayersModel({ modelJson, variant: 'baseline28', seed: 1, dataset: 'synthetic', datasetOptions: { limit: 2 }, pad: { widths: 0, mode: 'edge' }, noiseFactor: 0.5, noiseSeed: 1 });
    await expect(call).rejects.toThrow(OpenFormatError);
    await expect(call).rejects.toThrow(/model\.json: takes input \[null,32,32,1\], but the padded synthetic images are \[null, 28, 28, 1\]/);
  });

  it('a missing weight shard is an error naming the shard', async () => {
    const broken = path.join(dir, 'broken');
    await cp(path.dirname(modelJson), broken, { recursive: true });
    await rm(path.join(broken, 'group1-shard2of2.bin'));
    await expect(evaluateLayersModel({ modelJson: path.join(broken, 'model.json'), variant: 'x', seed: 1, dataset: 'synthetic', datasetOptions: { limit: 2 }, pad: { widths: 2, mode: 'edge' }, noiseFactor: 0.5, noiseSeed: 1 })).rejects.toThrow(
      /group1-shard2of2\.bin: is a weight shard named in/,
    );
  });
});

/** The central 28x28 of 32x32 images (pad 2). */
function crop(images: Float32Array): Float32Array {
  const n = images.length / 1024;
  const out = new Float32Array(n * 784);
  for (let k = 0; k < n; k++) for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) out[k * 784 + y * 28 + x] = images[k * 1024 + (y + 2) * 32 + x + 2];
  return out;
}
