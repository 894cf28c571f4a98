import { describe, expect, it } from 'vitest';
import { VEGA_KEY_MARK, vegaSafeSpec, vegaSafeText } from '../../src/report/figures/vega-keys.js';
import { ReportLimitError } from '../../src/report/report-limit.js';

describe('vegaSafeText', () => {
  it('marks exactly the names of Object.prototype members', () => {
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'toLocaleString']) {
      expect(vegaSafeText(name)).toBe(`${name}\u2060`);
    }
    for (const name of ['edge32', 'tostring', 'toString ', 'proto', '', 'length', 'prototype']) expect(vegaSafeText(name)).toBe(name);
  });
});

describe('vegaSafeSpec', () => {
  it('rewrites string leaves anywhere (data values, domains, sort orders) and keeps keys and other values', () => {
    const spec = { data: { values: [{ variant: 'valueOf', n: 3, ok: true }] }, encoding: { y: { field: 'variant', sort: ['valueOf', 'b'] }, color: { scale: { domain: ['__proto__'] } } } };
    expect(vegaSafeSpec(spec)).toEqual({
      data: { values: [{ variant: `valueOf${VEGA_KEY_MARK}`, n: 3, ok: true }] },
      encoding: { y: { field: 'variant', sort: [`valueOf${VEGA_KEY_MARK}`, 'b'] }, color: { scale: { domain: [`__proto__${VEGA_KEY_MARK}`] } } },
    });
    expect(spec.data.values[0].variant).toBe('valueOf'); // a copy
  });

  it('refuses a name that already ends in the mark after a prototype member name (it would stand for two names)', () => {
    expect(() => vegaSafeSpec({ values: [`toString${VEGA_KEY_MARK}`] })).toThrow(ReportLimitError);
    expect(vegaSafeSpec({ values: [`edge${VEGA_KEY_MARK}`] })).toEqual({ values: [`edge${VEGA_KEY_MARK}`] });
  });
});
