import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** This package's name and version, read from its package.json (one level above src/ and dist/). */
export function packageInfo(): { name: string; version: string } {
  const path = fileURLToPath(new URL('../package.json', import.meta.url));
  const json = JSON.parse(readFileSync(path, 'utf8')) as { name: string; version: string };
  return { name: json.name, version: json.version };
}
