import { describe, expect, it } from 'vitest';
import { buildTables, markdownCell, tableToMarkdown } from '../../src/report/index.js';
import { maliciousSummary } from './fixtures/malicious-summary.js';

describe('Markdown exports carry no raw HTML', () => {
  it('markdownCell escapes &, <, > as entities, pipes and backslashes', () => {
    expect(markdownCell('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(markdownCell('a & b | c \\ d')).toBe('a &amp; b \\| c \\\\ d');
  });

  it('no table of a summary with markup in variant names and commands has a raw < in its Markdown', () => {
    const tables = buildTables(maliciousSummary());
    const markdown = tables.map(tableToMarkdown).join('\n');
    expect(markdown).toContain('edge32&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;');
    expect(markdown).not.toMatch(/<(script|img|\/script)/i);
    expect(markdown).not.toContain('<');
  });
});
