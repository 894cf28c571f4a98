import { describe, expect, it } from 'vitest';
import { EngineError, getEngineInfo, initEngine, tf } from '../../src/engine/index.js';

describe('initEngine', () => {
  it('getEngineInfo before init is a typed error', () => {
    expect(() => getEngineInfo()).toThrow(EngineError);
  });

  it("'auto' picks wasm here (no native tfjs-node), with SIMD and one thread", async () => {
    const info = await initEngine();
    // node_modules/@tensorflow/tfjs-node is an alias of plain tfjs here: no native backend.
    expect(info.nativeAvailable).toBe(false);
    expect(info.backend).toBe('wasm');
    expect(info.tfjsVersion).toBe('4.22.0');
    expect(info.wasmSimd).toBe(true);
    expect(info.wasmThreads).toBe(1);
    expect(tf.getBackend()).toBe('wasm');
    expect(getEngineInfo()).toEqual(info);
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('is idempotent', async () => {
    const a = await initEngine({ backend: 'auto' });
    const b = await initEngine({ backend: 'wasm' });
    expect(b).toEqual(a);
  });

  it('an explicit backend overrides, then back', async () => {
    const cpu = await initEngine({ backend: 'cpu' });
    expect(cpu).toMatchObject({ backend: 'cpu', wasmSimd: null, wasmThreads: null });
    expect(tf.getBackend()).toBe('cpu');
    const wasm = await initEngine({ backend: 'wasm' });
    expect(wasm.backend).toBe('wasm');
  });

  it("explicit 'tensorflow' without the native package says how to get it", async () => {
    const p = initEngine({ backend: 'tensorflow' });
    await expect(p).rejects.toBeInstanceOf(EngineError);
    await expect(initEngine({ backend: 'tensorflow' })).rejects.toThrow(/'@tensorflow\/tfjs-node' loaded but registered no 'tensorflow' backend.*npm install @tensorflow\/tfjs-node@4.22.0/s);
    expect(tf.getBackend()).toBe('wasm'); // unchanged
  });

  it('rejects an unknown backend name', async () => {
    await expect(initEngine({ backend: 'webgl' as never })).rejects.toThrow(/Unknown backend 'webgl'/);
  });
});
