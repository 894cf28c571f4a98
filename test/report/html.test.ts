import { describe, expect, it } from 'vitest';
import { browserLibraries, escapeHtml, jsonForScript, renderReportHtml, REPORT_CSP, wrapInterpreter } from '../../src/report/index.js';
import { maliciousSummary } from './fixtures/malicious-summary.js';

describe('escaping helpers', () => {
  it('escapes HTML and JSON for script elements', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const j = jsonForScript({ a: '</script><!-- \u2028' });
    expect(j).not.toMatch(/</);
    expect(j).toContain('\\u003c/script\\u003e\\u003c!--');
    expect(JSON.parse(j)).toEqual({ a: '</script><!-- \u2028' });
  });

  it('wraps vega-interpreter into a classic script', () => {
    const w = wrapInterpreter("import { ascending, isString, DisallowedObjectProperties } from 'vega-util';\nfunction expression(){}\nexport { expression as expressionInterpreter };\n");
    expect(w).toContain('const { ascending, isString, DisallowedObjectProperties } = globalThis.vega;');
    expect(w).toContain('globalThis.vegaInterpreter = { expressionInterpreter: expression };');
    expect(w).not.toMatch(/^\s*(import|export)\b/m);
  });
});

describe('renderReportHtml', () => {
  const html = renderReportHtml(maliciousSummary());

  it('inlines vega, vega-lite, vega-embed and the interpreter and loads nothing remote', () => {
    const libs = browserLibraries();
    expect(libs.map((l) => l.name)).toEqual(['vega', 'vega-lite', 'vega-embed', 'vega-interpreter']);
    for (const l of libs) expect(html).toContain(`data-lib="${l.name}"`);
    expect(html).not.toMatch(/<script[^>]*\ssrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CSP)}">`);
    expect(REPORT_CSP).toContain("default-src 'none'");
    expect(REPORT_CSP).not.toContain('unsafe-eval');
  });

  it('escapes every string from configs, file names and labels', () => {
    // the only <script> tags are our own: the JSON block, four libraries and the boot script
    const tags = html.match(/<script\b[^>]*>/g) ?? [];
    expect(tags).toHaveLength(6);
    expect(html).not.toContain('alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    // the spec JSON has no raw '<' so it cannot close its script element
    const json = /<script type="application\/json" id="report-specs">([\s\S]*?)<\/script>/.exec(html)![1];
    expect(json).not.toContain('<');
    expect(json).toContain('\\u003c/script\\u003e\\u003cscript\\u003ealert(4)');
    const specs = JSON.parse(json) as Array<{ name: string }>;
    expect(specs.length).toBeGreaterThan(5);
    expect(JSON.stringify(specs)).toContain('edge32</script><script>alert(4)</script>');
  });

  it('has the sections of the report', () => {
    for (const id of ['answer', 'figures', 'tables', 'provenance', 'command', 'table-final-losses', 'table-gap-terms', 'prov-data']) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toMatch(/<h1>Why padding lowers the loss/);
    expect(Buffer.byteLength(html)).toBeLessThan(5e6);
  });
});
