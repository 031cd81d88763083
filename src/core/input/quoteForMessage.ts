/**
 * The one way caller input is echoed in an error message. A hostile or confused caller can send a 1 MB name or
 * a string full of NUL bytes and terminal escapes; echoed whole, that floods the agent's context, breaks log
 * lines and can hide text (bidi overrides). So every echo is JSON-quoted, capped, and has every control and
 * invisible formatting character escaped.
 */

/** How many characters of a value an error message shows by default. */
export const QUOTE_MAX_CHARS = 80;

/**
 * Characters that JSON.stringify leaves raw but that must not reach a message verbatim: DEL and the C1
 * controls, the soft hyphen, line/paragraph separators, zero-width and bidi formatting characters, the BOM and
 * the interlinear annotation marks. (JSON.stringify already escapes C0 controls, quotes, backslashes and
 * lone surrogates.)
 */
const INVISIBLE = /[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

function escapeInvisible(json: string): string {
  return json.replace(INVISIBLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The first `max` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair. */
function headOf(text: string, max: number): string {
  const code = text.charCodeAt(max - 1);
  const splitsPair = code >= 0xd800 && code <= 0xdbff && max < text.length;
  return text.slice(0, splitsPair ? max - 1 : max);
}

/** `shown` followed, when something was cut, by a marker saying how much. */
function withOmission(shown: string, omitted: number): string {
  return omitted > 0 ? `${shown}… (${omitted} more characters)` : shown;
}

/** JSON of a non-string value, or a readable fallback for what JSON cannot express. */
function jsonOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value); // JSON would say null for NaN
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'symbol') return value.toString();
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? 'an object'; // a toJSON() that returns undefined
  } catch {
    return Array.isArray(value) ? 'an array' : 'an object'; // a cycle
  }
}

/**
 * A value quoted for an error message: strings JSON-quoted (`"a\nb"`), other values as JSON; at most `maxChars`
 * characters of the value are shown, followed by `… (N more characters)` when it was longer.
 */
export function quoteForMessage(value: unknown, maxChars = QUOTE_MAX_CHARS): string {
  const text = typeof value === 'string' ? value : jsonOf(value);
  const head = text.length > maxChars ? headOf(text, maxChars) : text;
  const shown = typeof value === 'string' ? JSON.stringify(head) : head;
  return withOmission(escapeInvisible(shown), text.length - head.length);
}
