/**
 * Field selector syntax, checked before any request like the API server's fields.ParseSelector does. Which
 * fields a resource supports is the server's call (an unsupported field is its 400, passed through).
 */
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';

const FIELD_EXAMPLES = 'Examples: "status.phase=Running", "metadata.name!=web", "spec.nodeName=node-1".';

const FIELD_KEY = /^[A-Za-z0-9_.-]+$/;

/** The server's splitTerms: split on commas that are not escaped with a backslash. */
function splitFieldTerms(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const ch = selector.charAt(i);
    if (escaped) escaped = false;
    else if (ch === '\\') escaped = true;
    else if (ch === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The server's UnescapeValue rules: only `\\`, `\,` and `\=` are escapes; a bare `,` or `=` is an error. */
function fieldValueProblem(value: string): string | undefined {
  let escaped = false;
  for (const ch of value) {
    if (escaped) {
      if (ch !== '\\' && ch !== ',' && ch !== '=') return `invalid escape sequence: \\${ch} (only \\\\, \\, and \\= are allowed)`;
      escaped = false;
    } else if (ch === '\\') {
      escaped = true;
    } else if (ch === '=' || ch === ',') {
      return `unescaped character in value: ${ch} (write it as \\${ch})`;
    }
  }
  return escaped ? 'invalid escape sequence: a trailing \\' : undefined;
}

/**
 * Throws ValidationError('field_filter') unless `selector` is a comma-separated list of `key=value`,
 * `key==value` or `key!=value`. Which fields are supported depends on the resource; the server decides that.
 */
export function validateFieldSelector(selector: string): void {
  if (typeof selector !== 'string') {
    throw new ValidationError('field_filter', `expected a string, got ${quoteForMessage(selector)}. ${FIELD_EXAMPLES}`);
  }
  for (const term of splitFieldTerms(selector)) {
    if (term === '') continue; // the server skips empty terms ("a=b,,c=d")
    const match = /!=|==|=/.exec(term);
    if (!match) {
      throw new ValidationError(
        'field_filter',
        `can't understand ${quoteForMessage(term)} in ${quoteForMessage(selector)}: each term is key=value, ` +
          `key==value or key!=value (field selectors have no "in" or existence terms). ${FIELD_EXAMPLES}`,
      );
    }
    const key = term.slice(0, match.index);
    const value = term.slice(match.index + match[0].length);
    if (!FIELD_KEY.test(key)) {
      throw new ValidationError(
        'field_filter',
        `${quoteForMessage(key)} in ${quoteForMessage(term)} is not a field path: use letters, digits, '.', '_' ` +
          `and '-' without spaces, such as "metadata.name" or "status.phase". ${FIELD_EXAMPLES}`,
      );
    }
    const problem = fieldValueProblem(value);
    if (problem) {
      throw new ValidationError('field_filter', `${problem} in ${quoteForMessage(term)}. ${FIELD_EXAMPLES}`);
    }
  }
}
