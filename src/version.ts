import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FilesError } from './fs/files-error.js';
import { packageJsonFields } from './json/package-json.js';

/** This package's name and version, read from its package.json (one level above src/ and dist/). */
export function packageInfo(): { name: string; version: string } {
  const path = fileURLToPath(new URL('../package.json', import.meta.url));
  const { name, version } = packageJsonFields(readFileSync(path, 'utf8'));
  if (name === null || version === null) throw new FilesError('bad-shape', path, `${path} names no package name and version; reinstall boundary-effects.`);
  return { name, version };
}
