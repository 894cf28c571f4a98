/**
 * Names given by users (variant ids, comparison labels) as Vega sees them. Vega keeps its groups,
 * domains and expression signals in plain objects keyed by data values, so a value such as
 * `toString`, `constructor` or `__proto__` finds Object.prototype's member instead of its own entry
 * ("Operator not defined", "group(...).add is not a function"). Such a value reaches Vega with an
 * invisible WORD JOINER (U+2060) appended: the figures show the same word, and no key of Vega's
 * objects is a prototype member.
 */
import { ReportLimitError } from '../report-limit.js';

/** The character appended; drawn as nothing. */
export const VEGA_KEY_MARK = '\u2060';

/** Every name an ordinary object answers for without holding it (`toString`, `__proto__`, ...). */
const PROTOTYPE_NAMES: ReadonlySet<string> = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * The text Vega gets for one string of a spec: unchanged unless it is a member name of
 * Object.prototype.
 *
 * @example
 * vegaSafeText('edge32'); // 'edge32'
 * vegaSafeText('toString'); // 'toString\u2060'
 */
export function vegaSafeText(text: string): string {
  return PROTOTYPE_NAMES.has(text) ? `${text}${VEGA_KEY_MARK}` : text;
}

/**
 * A copy of a figure spec with every string leaf (data values, domains, sort orders, titles) passed
 * through {@link vegaSafeText}. A string that is already a prototype name plus the mark would then
 * stand for two names: it stops with a ReportLimitError instead.
 *
 * @example
 * vegaSafeSpec({ data: { values: [{ variant: 'valueOf' }] } }); // { data: { values: [{ variant: 'valueOf\u2060' }] } }
 */
export function vegaSafeSpec<T>(spec: T): T {
  const walk = (x: unknown): unknown => {
    if (typeof x === 'string') {
      if (x.endsWith(VEGA_KEY_MARK) && PROTOTYPE_NAMES.has(x.slice(0, -VEGA_KEY_MARK.length))) {
        throw new ReportLimitError('ambiguous-name', `The name ${JSON.stringify(x)} ends in an invisible U+2060, which the figures use to tell ${JSON.stringify(x.slice(0, -1))} apart: rename it.`);
      }
      return vegaSafeText(x);
    }
    if (Array.isArray(x)) return x.map(walk);
    // Object.fromEntries defines each key as the object's own, so a key `__proto__` stays a key.
    if (x !== null && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, walk(v)]));
    return x;
  };
  // walk returns the same shape with only string leaves rewritten.
  return walk(spec) as T;
}
