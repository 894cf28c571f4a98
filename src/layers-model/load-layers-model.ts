import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { tf } from '../engine/tf.js';
import { OpenFormatError } from '../open-format/errors.js';
import { isRecord } from '../json/fields.js';
import { parseJsonText } from '../json/parse-text.js';

type Json = Record<string, unknown>;

const DTYPES = ['float32', 'int32'] as const;

/** One checked entry of model.json's `weightsManifest[].weights`. */
function parseWeightSpec(value: unknown, file: string, where: string): tf.io.WeightsManifestEntry {
  if (!isRecord(value) || typeof value.name !== 'string' || !Array.isArray(value.shape)) {
    throw new OpenFormatError('model', file, `${where} must be { name, shape, dtype } as the tfjs converter writes it.`);
  }
  const shape: number[] = [];
  for (const d of value.shape) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) throw new OpenFormatError('model', file, `${where}.shape holds ${JSON.stringify(d)}; dimensions must be non-negative integers.`);
    shape.push(d);
  }
  const dtype = DTYPES.find((t) => t === value.dtype);
  if (dtype === undefined) throw new OpenFormatError('model', file, `${where} ('${value.name}') has dtype ${JSON.stringify(value.dtype)}; only float32 and int32 weights are read.`);
  if (value.quantization !== undefined) {
    throw new OpenFormatError('model', file, `${where} ('${value.name}') is quantized; convert the model without --quantize_* options.`);
  }
  return { name: value.name, shape, dtype };
}

/**
 * Loads a TensorFlow.js LayersModel from a folder holding `model.json` and its weight shards (as the tfjs
 * converter writes them from Keras, or tfjs `model.save`), without tfjs-node: the files are read with node:fs and
 * handed to `tf.io.fromMemory`. Throws `OpenFormatError` 'model' / 'missing-file' naming the file.
 *
 * @example
 * const model = await loadLayersModelFromFiles('exported/model.json');
 * model.inputs[0].shape; // [null, 32, 32, 1]
 */
export async function loadLayersModelFromFiles(modelJsonPath: string): Promise<tf.LayersModel> {
  let text: string;
  try {
    text = await readFile(modelJsonPath, 'utf8');
  } catch (e) {
    throw new OpenFormatError('missing-file', modelJsonPath, `cannot be read (${e instanceof Error ? e.message : String(e)}); give the model.json of a tfjs LayersModel.`, { cause: e });
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new OpenFormatError('model', modelJsonPath, `is not valid JSON (${parsed.where}).`);
  const json = parsed.value;
  if (!isRecord(json) || !isRecord(json.modelTopology) || !Array.isArray(json.weightsManifest)) {
    throw new OpenFormatError('model', modelJsonPath, 'needs "modelTopology" (an object) and "weightsManifest" (an array): is it a LayersModel (not a GraphModel)?');
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const [g, group] of json.weightsManifest.entries()) {
    if (!isRecord(group) || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw new OpenFormatError('model', modelJsonPath, `weightsManifest[${g}] must be { paths: [...], weights: [...] }.`);
    }
    group.weights.forEach((w: unknown, i: number) => weightSpecs.push(parseWeightSpec(w, modelJsonPath, `weightsManifest[${g}].weights[${i}]`)));
    for (const p of group.paths) {
      if (typeof p !== 'string') throw new OpenFormatError('model', modelJsonPath, `weightsManifest[${g}].paths holds a non-string.`);
      const shard = path.join(path.dirname(modelJsonPath), p);
      try {
        shards.push(new Uint8Array(await readFile(shard)));
      } catch (e) {
        throw new OpenFormatError('missing-file', shard, `is a weight shard named in ${modelJsonPath} but cannot be read; copy every .bin file beside model.json.`, { cause: e });
      }
    }
  }
  // Shards are one byte stream cut into files: join them in order.
  const total = shards.reduce((s, b) => s + b.length, 0);
  const needed = weightSpecs.reduce((s, w) => s + 4 * w.shape.reduce((a, b) => a * b, 1), 0);
  if (total !== needed) {
    throw new OpenFormatError('model', modelJsonPath, `its weight shards hold ${total} bytes but the manifest's weights need ${needed}; a shard is missing or truncated.`);
  }
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of shards) {
    weightData.set(b, offset);
    offset += b.length;
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData: weightData.buffer }));
  } catch (e) {
    throw new OpenFormatError('model', modelJsonPath, `could not be built by tfjs: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
}
