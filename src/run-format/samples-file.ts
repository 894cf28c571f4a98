import { RunFileError } from './errors.js';
import { array, failFor, integer, numbers, record } from '../json/fields.js';

/** samples.json: noisy input, model output and clean target of a few fixed test images. */
export interface SamplesFile {
  size: number;
  pad: number;
  samples: Array<{ index: number; label: number; noisy: number[]; output: number[]; target: number[] }>;
}

/**
 * Checks a parsed samples.json: every sample's three images have `size * size` finite pixels.
 * Throws a RunFileError naming `path`, the sample and the field.
 *
 * @example
 * parseSamples(JSON.parse(text), 'runs/edge32/seed-1/samples.json').samples[0].output.length; // 1024
 */
export function parseSamples(json: unknown, path: string): SamplesFile {
  const fail = failFor((m) => new RunFileError(path, 'bad-field', m));
  const s = record(json, 'samples file', fail);
  const size = integer(s.size, 'size', fail, 1);
  const pad = integer(s.pad, 'pad', fail, 0);
  const plane = size * size;
  return {
    size,
    pad,
    samples: array(s.samples, 'samples', fail).map((item, i) => {
      const x = record(item, `samples[${i}]`, fail);
      const image = (key: string): number[] => numbers(x[key], `samples[${i}].${key}`, fail, { length: plane });
      return {
        index: integer(x.index, `samples[${i}].index`, fail, 0),
        label: integer(x.label, `samples[${i}].label`, fail, 0),
        noisy: image('noisy'),
        output: image('output'),
        target: image('target'),
      };
    }),
  };
}
