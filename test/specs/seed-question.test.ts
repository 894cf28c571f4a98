import { describe, expect, it } from 'vitest';
import { seedQuestionSpec, variantSpec } from '../../src/specs/seed-question.js';

describe('seedQuestionSpec', () => {
  it('puts the seed\'s two models first, compares baseline28 with every other and edge32-masked with edge32', () => {
    const spec = seedQuestionSpec({ dataset: 'mnist', variants: ['zero32', 'edge32-masked', 'edge32', 'baseline28', 'edge32'], edgeWidth: 2 });
    expect(spec.variants.map((v) => v.name)).toEqual(['baseline28', 'edge32', 'zero32', 'edge32-masked']);
    expect(spec.comparisons).toEqual([
      { a: 'baseline28', b: 'edge32' },
      { a: 'baseline28', b: 'zero32' },
      { a: 'baseline28', b: 'edge32-masked' },
      { a: 'edge32-masked', b: 'edge32' },
    ]);
    expect(spec.unpaddedReference).toBe('baseline28');
    expect(spec.referenceLosses).toEqual({ baseline28: 0.099, edge32: 0.075 });
  });

  it('gives the question\'s losses only on MNIST with both models, and no reference without baseline28', () => {
    expect(seedQuestionSpec({ dataset: 'fashion-mnist', variants: ['baseline28', 'edge32'], edgeWidth: 2 }).referenceLosses).toBeNull();
    const noBase = seedQuestionSpec({ dataset: 'mnist', variants: ['edge36'], edgeWidth: 2 });
    expect([noBase.referenceLosses, noBase.unpaddedReference, noBase.comparisons]).toEqual([null, null, []]);
  });

  it('describes a variant name\'s geometry', () => {
    expect(variantSpec('zero36-masked')).toEqual({ name: 'zero36-masked', height: 36, width: 36, pads: { top: 4, bottom: 4, left: 4, right: 4 }, padMode: 'constant', lossRegion: 'original' });
    expect(variantSpec('baseline28').padMode).toBe('none');
  });
});
