import { JSON_SCAN_MAX_DEPTH, jsonFault } from './error-offset.js';

/**
 * What {@link parseJsonText} made of a text: the parsed value, still `unknown` until a parse
 * function built on `./fields.ts` checks it, or where the text stops being JSON.
 */
export type JsonText = { ok: true; value: unknown } | { ok: false; where: string };

/**
 * Parses JSON text from outside the program (a file, Redis, a child process). The only call of
 * `JSON.parse` on such text in the package: the value comes back `unknown`, and a fault comes back
 * as a phrase saying where the text stops being JSON (`line 3, column 16: unexpected "}"`,
 * `the file is empty`, `it ends early, at line 4`), for the caller's error to name its file.
 *
 * @example
 * parseJsonText('{"a": 1}');  // { ok: true, value: { a: 1 } }
 * parseJsonText('{"a": ]');   // { ok: false, where: 'line 1, column 7: unexpected "]"' }
 */
export function parseJsonText(text: string): JsonText {
  try {
    const value: unknown = JSON.parse(text);
    return { ok: true, value };
  } catch {
    return { ok: false, where: jsonFaultAt(text) };
  }
}

/** Where `text` (known to be invalid JSON) stops being JSON, in words. */
function jsonFaultAt(text: string): string {
  const fault = jsonFault(text) ?? { offset: text.length, tooDeep: false };
  const { offset } = fault;
  if (text.trim() === '') return 'the file is empty';
  if (offset >= text.length) return `it ends early, at line ${text.split('\n').length}`;
  const before = text.slice(0, offset);
  const at = `line ${before.split('\n').length}, column ${offset - before.lastIndexOf('\n')}`;
  if (fault.tooDeep) return `${at}: it nests more than ${JSON_SCAN_MAX_DEPTH} levels deep, and the fault past that was not located`;
  return `${at}: unexpected ${JSON.stringify(text[offset])}`;
}
