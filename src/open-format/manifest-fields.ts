import { isRecord } from '../json/fields.js';
import { OpenFormatError } from './errors.js';

/**
 * Field readers of an open-format manifest that say which field of which file is wrong (an
 * `OpenFormatError` 'manifest' pointing to docs/open-format.md). Kept apart from manifest.ts so that
 * the manifest's parts (model-manifest.ts) read their blocks without importing the whole manifest.
 *
 * @example
 * new ManifestFields('exp/manifest.json', '', { seed: 1 }).integer('seed', 0); // 1
 */
export class ManifestFields {
  constructor(
    private readonly file: string,
    private readonly path: string,
    private readonly value: Record<string, unknown>,
  ) {}

  private fail(key: string, what: string): never {
    throw new OpenFormatError('manifest', this.file, `field '${this.path}${key}' ${what}; see docs/open-format.md.`);
  }

  string(key: string): string {
    const v = this.value[key];
    if (typeof v !== 'string' || v.length === 0) this.fail(key, 'must be a non-empty string');
    return v;
  }

  optionalString(key: string): string | null {
    return this.value[key] === undefined || this.value[key] === null ? null : this.string(key);
  }

  integer(key: string, min: number): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) this.fail(key, `must be an integer >= ${min}`);
    return v;
  }

  optionalInteger(key: string, min: number, fallback: number): number {
    return this.value[key] === undefined ? fallback : this.integer(key, min);
  }

  optionalBoolean(key: string, fallback: boolean): boolean {
    const v = this.value[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') this.fail(key, 'must be true or false');
    return v;
  }

  finite(key: string): number {
    const v = this.value[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) this.fail(key, 'must be a finite number');
    return v;
  }

  optionalFinite(key: string): number | null {
    return this.value[key] === undefined || this.value[key] === null ? null : this.finite(key);
  }

  oneOf<T extends string>(key: string, options: readonly T[], fallback?: T): T {
    const v = this.value[key];
    if (v === undefined && fallback !== undefined) return fallback;
    const found = options.find((o) => o === v);
    if (found === undefined) this.fail(key, `must be one of ${options.map((o) => `'${o}'`).join(', ')}`);
    return found;
  }

  record(key: string): ManifestFields {
    const v = this.value[key];
    if (!isRecord(v)) this.fail(key, 'must be an object');
    return new ManifestFields(this.file, `${this.path}${key}.`, v);
  }

  array(key: string, optional = false): ManifestFields[] {
    const v = this.value[key];
    if (v === undefined && optional) return [];
    if (!Array.isArray(v)) this.fail(key, 'must be an array');
    return v.map((item: unknown, i: number) => {
      if (!isRecord(item)) this.fail(`${key}[${i}]`, 'must be an object');
      return new ManifestFields(this.file, `${this.path}${key}[${i}].`, item);
    });
  }

  has(key: string): boolean {
    return this.value[key] !== undefined && this.value[key] !== null;
  }
}
