import { isRecord } from './fields.js';
import { parseJsonText } from './parse-text.js';

/** The two fields of a package.json the package reads: null where absent, not a string, or the text is not JSON. */
export interface PackageJsonFields {
  name: string | null;
  version: string | null;
}

/**
 * The name and version in a package.json's text (this package's, or an installed dependency's).
 *
 * @example
 * packageJsonFields('{"name": "vega", "version": "5.30.0"}'); // { name: 'vega', version: '5.30.0' }
 * packageJsonFields('not json');                            // { name: null, version: null }
 */
export function packageJsonFields(text: string): PackageJsonFields {
  const parsed = parseJsonText(text);
  const json = parsed.ok && isRecord(parsed.value) ? parsed.value : {};
  return {
    name: typeof json.name === 'string' ? json.name : null,
    version: typeof json.version === 'string' ? json.version : null,
  };
}
