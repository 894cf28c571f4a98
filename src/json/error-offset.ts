/** How deep the scanner follows nested arrays and objects (it recurses; JSON.parse does not). */
export const JSON_SCAN_MAX_DEPTH = 512;

/**
 * Where a JSON text stops being JSON: the offset of the first syntax error (the length of the text
 * when it ends early), or, with `tooDeep`, the offset of the bracket that opens a level past
 * {@link JSON_SCAN_MAX_DEPTH}, beyond which the fault was not looked for.
 */
export interface JsonFault {
  offset: number;
  tooDeep: boolean;
}

/** How the scanner stops: a value of its own, so that no other error is taken for it. */
class ScanStop {
  constructor(readonly fault: JsonFault) {}
}

/**
 * The first fault of `text` as JSON, or null when it is valid JSON. JSON.parse's messages differ
 * between Node versions and do not always give a position; this scanner follows RFC 8259 to find it.
 *
 * @example
 * jsonFault('{"a": [}'); // { offset: 7, tooDeep: false }
 * jsonFault('{"a": 1}'); // null
 * jsonFault('['.repeat(600)); // { offset: 512, tooDeep: true }
 */
export function jsonFault(text: string): JsonFault | null {
  let i = 0;
  const fail = (): never => {
    throw new ScanStop({ offset: Math.min(i, text.length), tooDeep: false });
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const literal = (word: string): void => {
    for (const ch of word) {
      if (text[i] !== ch) fail();
      i++;
    }
  };
  const string = (): void => {
    if (text[i] !== '"') fail();
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          for (let k = 1; k <= 4; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) { i += k; fail(); }
          i += 5;
          continue;
        }
        if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (match === null || match[0] === '' || match[0] === '-') fail();
    i += match === null ? 0 : match[0].length;
  };
  const value = (depth: number): void => {
    ws();
    const ch = text[i];
    if ((ch === '{' || ch === '[') && depth >= JSON_SCAN_MAX_DEPTH) throw new ScanStop({ offset: i, tooDeep: true });
    if (ch === '{') {
      i++;
      ws();
      if (text[i] === '}') { i++; return; }
      for (;;) {
        ws();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return; }
        fail();
      }
    }
    if (ch === '[') {
      i++;
      ws();
      if (text[i] === ']') { i++; return; }
      for (;;) {
        value(depth + 1);
        ws();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return; }
        fail();
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    return number();
  };
  try {
    value(0);
    ws();
    return i < text.length ? { offset: i, tooDeep: false } : null;
  } catch (error) {
    if (error instanceof ScanStop) return error.fault;
    throw error;
  }
}
