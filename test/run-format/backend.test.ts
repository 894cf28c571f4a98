import { describe, expectTypeOf, it, expect } from 'vitest';
import type { BackendName } from '../../src/engine/backend.js';
import { CONFIG_BACKENDS } from '../../src/run-format/config-file.js';
import { RUN_BACKENDS, type RunBackend } from '../../src/run-format/environment-file.js';

describe('the backend names of the run files', () => {
  it('are the engine\'s backend names (the run format does not import the engine)', () => {
    expectTypeOf<RunBackend>().toEqualTypeOf<BackendName>();
    expect([...RUN_BACKENDS].sort()).toEqual(['cpu', 'tensorflow', 'wasm']);
    expect([...CONFIG_BACKENDS].sort()).toEqual(['auto', 'cpu', 'tensorflow', 'wasm']);
  });
});
