import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/data/random.js';
import { glorotLimit, glorotUniformKernel } from '../../src/model/glorot.js';

describe('glorotLimit', () => {
  it('is sqrt(6 / (9 in + 9 out)) for 3x3 kernels', () => {
    expect(glorotLimit([3, 3, 1, 32])).toBeCloseTo(Math.sqrt(6 / 297), 15); // 0.142133...
    expect(glorotLimit([3, 3, 32, 32])).toBeCloseTo(Math.sqrt(6 / 576), 15); // 0.102062...
    expect(glorotLimit([3, 3, 32, 1])).toBeCloseTo(Math.sqrt(6 / 297), 15);
    expect(glorotLimit([3, 3, 32, 32])).toBeCloseTo(0.10206207261596575, 15);
  });
});

describe('glorotUniformKernel', () => {
  it('maps each uniform draw u to (2u - 1) * limit in order', () => {
    const kernel = glorotUniformKernel([3, 3, 1, 2], createRng(3));
    const rng = createRng(3);
    const limit = glorotLimit([3, 3, 1, 2]);
    expect(kernel.length).toBe(18);
    for (let i = 0; i < 18; i++) expect(kernel[i]).toBe(Math.fround((2 * rng.uniform() - 1) * limit));
  });
});
