/**
 * Names of the LaTeX macros in `tables/numbers.tex`: letters only, so LaTeX accepts them for any
 * variant id, and distinct for distinct numbers by construction (docs/paper.md).
 *
 * A name is `be`, a quantity word (`TestLossMean`, `GapPHolm`, ...: capitalised words, never a
 * capital V), then for each id it refers to a `V` followed by the id spelled in letters:
 * a–z stay as they are; every other character becomes a token that starts with a capital (digits
 * `Zero`..`Nine`, `Dash`, `Dot`, `Low` for _, `Space`, a capital as `U` + its lower-case letter,
 * anything else `X` + its code point as six letters a–p). No token is the start of another and
 * none holds a capital V, so the ids split at each `V` and each spells back to exactly one id.
 */

import { ArgumentError } from '../errors.js';

const DIGITS = ['Zero', 'One', 'Two', 'Three', 'Four', 'Five', 'Six', 'Seven', 'Eight', 'Nine'] as const;
const NAMED: Readonly<Record<string, string>> = { '-': 'Dash', '.': 'Dot', _: 'Low', ' ': 'Space' };

/** The separator before each id; no quantity word or spelled id contains it. */
export const ID_SEPARATOR = 'V';

/** The prefix of every macro. */
export const MACRO_PREFIX = 'be';

/**
 * One character of an id, spelled in letters.
 *
 * @example
 * spellChar('a'); // 'a'
 * spellChar('2'); // 'Two'
 * spellChar('A'); // 'Ua'
 * spellChar('→'); // 'Xaacbjc' (U+2192 in hex digits a–p)
 */
export function spellChar(c: string): string {
  if (/^[a-z]$/.test(c)) return c;
  if (/^[0-9]$/.test(c)) return DIGITS[Number(c)];
  if (/^[A-Z]$/.test(c)) return `U${c.toLowerCase()}`;
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.codePointAt(0) ?? 0;
  return `X${code.toString(16).padStart(6, '0').replace(/[0-9a-f]/g, (h) => String.fromCharCode(97 + parseInt(h, 16)))}`;
}

/**
 * An id spelled in letters, character by character (code points, so astral characters are one token).
 *
 * @example
 * spellId('baseline28');    // 'baselineTwoEight'
 * spellId('edge32-masked'); // 'edgeThreeTwoDashmasked'
 */
export function spellId(id: string): string {
  return [...id].map(spellChar).join('');
}

/**
 * A macro name (without the backslash) from a quantity word and the ids it refers to.
 *
 * @example
 * macroName('TestLossMean', ['baseline28']);        // 'beTestLossMeanVbaselineTwoEight'
 * macroName('GapMean', ['baseline28', 'edge32']);   // 'beGapMeanVbaselineTwoEightVedgeThreeTwo'
 * macroName('Epochs', []);                          // 'beEpochs'
 */
export function macroName(quantity: string, ids: readonly string[]): string {
  if (!/^(?:[A-Z][a-z]*)+$/.test(quantity) || quantity.includes(ID_SEPARATOR)) {
    throw new ArgumentError(`macro quantity '${quantity}' must be capitalised letter words without a capital ${ID_SEPARATOR}`);
  }
  return `${MACRO_PREFIX}${quantity}${ids.map((id) => `${ID_SEPARATOR}${spellId(id)}`).join('')}`;
}
