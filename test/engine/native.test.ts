import { describe, expect, it } from 'vitest';
import { NATIVE_PACKAGE, probeNativePackage } from '../../src/engine/native.js';

// The real package cannot be installed on this machine (its install script downloads libtensorflow),
// so each way it can be found wanting is played by a loader that behaves as Node does.
const nodeError = (message: string, code: string): Error => Object.assign(new Error(message), { code });

describe('probeNativePackage', () => {
  it('is available when the tensorflow backend is (or becomes) registered', async () => {
    expect(await probeNativePackage(() => Promise.reject(new Error('not called')), () => true)).toEqual({ available: true });
    let registered = false;
    const probe = await probeNativePackage(async () => { registered = true; }, () => registered);
    expect(probe).toEqual({ available: true });
  });

  it('not installed: says it is an optional peer and how to install it', async () => {
    const missing = nodeError(`Cannot find package '${NATIVE_PACKAGE}' imported from /app/dist/engine/backend.js`, 'ERR_MODULE_NOT_FOUND');
    const probe = await probeNativePackage(() => Promise.reject(missing), () => false);
    expect(probe).toMatchObject({ available: false, kind: 'not-installed' });
    expect(probe.available ? '' : probe.reason).toMatch(/'@tensorflow\/tfjs-node' is not installed\. It is an optional peer dependency: 'npm install @tensorflow\/tfjs-node@4\.22\.0'/);
  });

  it('installed but broken (libtensorflow missing, or a dependency of it missing): load-failed with the first line of the cause', async () => {
    const dlopen = new Error('libtensorflow.so.2: cannot open shared object file: No such file or directory\n    at Module._extensions..node');
    const broken = await probeNativePackage(() => Promise.reject(dlopen), () => false);
    expect(broken).toMatchObject({ available: false, kind: 'load-failed' });
    expect(broken.available ? '' : broken.reason).toContain('failed to load (libtensorflow.so.2: cannot open shared object file: No such file or directory)');
    expect(broken.available ? '' : broken.reason).not.toContain('Module._extensions');
    // A package *it* imports is missing: that is a broken install, not an absent one.
    const inner = nodeError("Cannot find module '@mapbox/node-pre-gyp'", 'MODULE_NOT_FOUND');
    expect(await probeNativePackage(() => Promise.reject(inner), () => false)).toMatchObject({ kind: 'load-failed' });
  });

  it('an npm alias of plain tfjs imports but registers nothing: no-backend', async () => {
    const probe = await probeNativePackage(async () => ({}), () => false);
    expect(probe).toMatchObject({ available: false, kind: 'no-backend' });
  });
});
