/**
 * Checks every string a caller sends, however deeply nested, before anything else looks at it. A lone
 * surrogate (`"a\ud800b"`) is not text: encodeURIComponent throws on it ("URI malformed") and Go's JSON decoder
 * silently turns it into U+FFFD, so the API server would act on a different name than the one approved. Control
 * characters are never part of a Kubernetes name, namespace, version or query value. `__proto__` keys are refused
 * too: JSON.parse makes them own properties, which object spreading and record parsing then drop silently (or
 * turn into a prototype), so what was checked would differ from what was sent.
 */
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';

/**
 * What a parameter may hold beyond well-formed Unicode:
 * - `name`: no control characters at all (names, versions, contexts, query values, annotation keys);
 * - `selector`: also tab, newline and carriage return, which Kubernetes' selector parsers skip as whitespace;
 * - `argument`: anything but NUL (exec arguments are C strings; a POST body never needs one);
 * - `document`: any character (a manifest's data may hold control characters, as ConfigMap values may).
 */
export type TextRule = 'name' | 'selector' | 'argument' | 'document';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN: Record<TextRule, RegExp | undefined> = {
  name: /\p{Cc}/u,
  selector: /[^\P{Cc}\t\n\r]/u,
  argument: /\0/,
  document: undefined,
};
/** Deeper nesting than any Kubernetes object has; it would only make later recursive code overflow. */
export const MAX_INPUT_DEPTH = 100;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]{0,62}$/;

const codePoint = (ch: string): string => `U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Why `text` is not acceptable under `rule`, or undefined when it is. */
export function findTextProblem(text: string, rule: TextRule): string | undefined {
  const lone = LONE_SURROGATE.exec(text);
  if (lone) {
    return `${quoteForMessage(text)} is not valid Unicode (a lone surrogate, ${codePoint(lone[0])}, at position ${lone.index}); send well-formed text.`;
  }
  const forbidden = FORBIDDEN[rule]?.exec(text);
  if (forbidden) {
    return `${quoteForMessage(text)} contains the control character ${codePoint(forbidden[0])} at position ${forbidden.index}, which Kubernetes does not accept here.`;
  }
  return undefined;
}

/** `parent.key` for plain keys, `parent["odd key"]` (quoted, capped) for the rest. */
export function nestedParameter(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return PLAIN_KEY.test(key) ? `${parent}.${key}` : `${parent}[${quoteForMessage(key, 40)}]`;
}

/**
 * Throws a ValidationError naming the exact nested parameter (`query_params.container`,
 * `request_payload.command[0]`) when a string, a key or the nesting is not acceptable. Iterative, so a hostile
 * nesting cannot overflow the stack here.
 */
export function checkInputText(value: unknown, parameter: string, rule: TextRule): void {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: parameter, depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value: current, path, depth } = next;
    if (typeof current === 'string') {
      const problem = findTextProblem(current, rule);
      if (problem) throw new ValidationError(path, problem);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth >= MAX_INPUT_DEPTH) throw new ValidationError(path, `nested more than ${MAX_INPUT_DEPTH} levels deep; no Kubernetes object is.`);
    if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: nestedParameter(path, index), depth: depth + 1 }));
      continue;
    }
    for (const [key, item] of Object.entries(current)) {
      if (key === '__proto__') throw new ValidationError(path, 'the key "__proto__" is not accepted: no Kubernetes field or parameter has that name.');
      const keyProblem = findTextProblem(key, rule === 'document' ? 'document' : 'name');
      if (keyProblem) throw new ValidationError(path, `the key ${keyProblem}`);
      pending.push({ value: item, path: nestedParameter(path, key), depth: depth + 1 });
    }
  }
}
