import { describe, expect, it } from 'vitest';
import { TrainingError } from '../../src/train/errors.js';
import { parseVariant, STANDARD_VARIANTS } from '../../src/train/variants.js';

describe('parseVariant', () => {
  it('parses the seed models', () => {
    expect(parseVariant('baseline28')).toEqual({ name: 'baseline28', pad: 0, padMode: 'constant', constantValue: 0, lossRegion: 'all', size: 28 });
    expect(parseVariant('edge32')).toEqual({ name: 'edge32', pad: 2, padMode: 'edge', constantValue: 0, lossRegion: 'all', size: 32 });
  });

  it('maps mode words to numpy.pad modes and sizes to pad widths', () => {
    expect(parseVariant('zero32')).toMatchObject({ padMode: 'constant', constantValue: 0, pad: 2 });
    expect(parseVariant('reflect32')).toMatchObject({ padMode: 'reflect', pad: 2 });
    expect(parseVariant('symmetric32')).toMatchObject({ padMode: 'symmetric', pad: 2 });
    expect(parseVariant('wrap32')).toMatchObject({ padMode: 'wrap', pad: 2 });
    expect(parseVariant('edge36')).toMatchObject({ padMode: 'edge', pad: 4, size: 36 });
    expect(parseVariant('zero44')).toMatchObject({ pad: 8, size: 44 });
  });

  it('parses -masked as loss on the original 28x28', () => {
    expect(parseVariant('edge32-masked')).toEqual({ name: 'edge32-masked', pad: 2, padMode: 'edge', constantValue: 0, lossRegion: 'original', size: 32 });
    expect(parseVariant('zero36-masked')).toMatchObject({ lossRegion: 'original', pad: 4 });
  });

  it('parses every standard variant', () => {
    expect(STANDARD_VARIANTS.map((name) => parseVariant(name).name)).toEqual([...STANDARD_VARIANTS]);
  });

  it.each(['edge30', 'edge28', 'edge', 'blur32', 'baseline32', 'edge32-mask', 'baseline28-masked', ''])(
    'rejects %j with a TrainingError listing the valid forms',
    (name) => {
      let error: unknown;
      try {
        parseVariant(name);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TrainingError);
      expect((error as TrainingError).code).toBe('bad-variant');
      expect((error as TrainingError).message).toMatch(/valid forms: 'baseline28'; '<mode><size>'.*edge, zero, reflect, symmetric, wrap.*-masked/);
    },
  );

  it('says why a size is wrong', () => {
    expect(() => parseVariant('edge30')).toThrow(/size 30 is not a multiple of 4/);
    expect(() => parseVariant('edge28')).toThrow(/does not pad/);
    expect(() => parseVariant('blur32')).toThrow(/'blur' is not a pad mode/);
  });

  it('bounds the pad before anything trains: at most 28 pixels a side (edge84), also for absurd sizes', () => {
    expect(parseVariant('edge84').pad).toBe(28);
    expect(parseVariant('reflect84-masked').pad).toBe(28);
    expect(() => parseVariant('edge88')).toThrow(/size 88 is more than 84 \(a pad of at most 28 pixels a side/);
    expect(() => parseVariant('edge100000')).toThrow(/size 100000 is more than 84/);
    expect(() => parseVariant('zero1000000000')).toThrow(/size 1000000000 is more than 84/);
    expect(() => parseVariant(`edge${'9'.repeat(400)}`)).toThrow(/size 999999999999\.\.\. is more than 84/);
  });

  it('takes mode words from its own table only (no Object prototype keys)', () => {
    // 'constructor' is a key of every object: read from the table itself, it is no pad mode.
    expect(() => parseVariant('constructor32')).toThrow(/'constructor' is not a pad mode/);
  });
});
