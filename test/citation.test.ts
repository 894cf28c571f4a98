import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (name: string): string => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

describe('CITATION.cff', () => {
  it('cites the version package.json publishes, under its license, in CFF 1.2.0', () => {
    const cff = read('CITATION.cff');
    const field = (key: string): string | undefined => new RegExp(`^${key}:\\s*"?([^"\\n]+)"?\\s*$`, 'm').exec(cff)?.[1];
    const pkg: unknown = JSON.parse(read('package.json'));
    const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : null;
    const license = typeof pkg === 'object' && pkg !== null && 'license' in pkg ? pkg.license : null;
    expect(field('cff-version')).toBe('1.2.0');
    expect(field('version')).toBe(version);
    expect(field('license')).toBe(license);
    expect(field('title')).toMatch(/^boundary-effects/);
  });
});
