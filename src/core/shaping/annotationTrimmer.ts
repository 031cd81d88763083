/**
 * Annotation trimming for scan_k8s_collection (SPEC §1). Annotations are the biggest token sink in a list:
 * `kubectl.kubernetes.io/last-applied-configuration` repeats the whole object, and GPU nodes carry dozens of
 * 2 KB annotations. mkp drops last-applied only while the caller passes no omit list of its own; we always
 * drop it, unless the caller names it in includeOnlyKeys.
 */
import { Minimatch } from 'minimatch';
import { ValidationError } from '../errors';
import { quoteForMessage } from '../input/quoteForMessage';

export const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';
export const DEFAULT_MAX_ANNOTATION_LENGTH = 512;

export interface AnnotationRules {
  /** false drops every annotation. */
  detailAnnotations: boolean;
  /** Keys to drop: exact keys, or patterns with a trailing `*` (minimatch). */
  omitKeys: string[];
  /** When non-empty: keep only these keys (exact or patterns), ignore omitKeys and maxLength. */
  includeOnlyKeys: string[];
  /** Longest value kept, in UTF-8 bytes; 0 = no limit. */
  maxLength: number;
}

export type Annotations = Record<string, string>;

// An annotation key has the form `prefix/name`, and minimatch's `*` never crosses a "/", so `nvidia.com*`
// would not match `nvidia.com/gpu.product`. Keys are flat strings to us: we replace "/" in both pattern and
// key by a character that cannot occur in a key (the API server refuses control characters in keys).
const FLAT_SEPARATOR = '\u001f';
const flatten = (key: string): string => key.replaceAll('/', FLAT_SEPARATOR);
// Patterns are taken literally apart from glob characters: no "!" negation, no "#" comments, no extglobs, a
// leading "." is matched like any character, and the same rules on Windows (the extension runs there too).
const MINIMATCH_OPTIONS = {
  dot: true,
  nonegate: true,
  nocomment: true,
  noext: true,
  platform: 'linux',
} as const;

/** Exact keys in a set, glob patterns combined into one regular expression: one test per key. */
interface KeyMatcher {
  matches(key: string): boolean;
}

function compileKeyMatcher(keys: readonly string[]): KeyMatcher {
  const exact = new Set<string>();
  const sources: string[] = [];
  for (const key of keys) {
    const matcher = new Minimatch(flatten(key), MINIMATCH_OPTIONS);
    const regex = matcher.hasMagic() ? matcher.makeRe() : false;
    if (regex) sources.push(`(?:${regex.source})`);
    else exact.add(key);
  }
  const combined = sources.length > 0 ? new RegExp(sources.join('|')) : undefined;
  return {
    matches: (key) => exact.has(key) || (combined !== undefined && combined.test(flatten(key))),
  };
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/**
 * Cuts `value` to at most `maxBytes` UTF-8 bytes on a character boundary and appends `…[+N bytes]`, N being
 * the bytes left out, so the agent knows the value is incomplete and by how much.
 */
export function truncateUtf8(value: string, maxBytes: number): string {
  // A UTF-16 unit never takes more than 3 UTF-8 bytes: most values are decided without counting.
  if (maxBytes <= 0 || value.length * 3 <= maxBytes) return value;
  const total = Buffer.byteLength(value, 'utf8');
  if (total <= maxBytes) return value;
  let kept = 0;
  let index = 0;
  while (index < value.length) {
    const codePoint = value.codePointAt(index) ?? 0;
    const bytes = utf8Length(codePoint);
    if (kept + bytes > maxBytes) break;
    kept += bytes;
    index += codePoint > 0xffff ? 2 : 1;
  }
  return `${value.slice(0, index)}…[+${total - kept} bytes]`;
}

export type AnnotationTrimmer = (annotations: Annotations | undefined) => Annotations | undefined;

/**
 * Compiles `rules` once and returns a function to apply them to many objects (a list of 300 items with
 * 50 annotations each should not compile patterns 15,000 times).
 */
export function createAnnotationTrimmer(rules: AnnotationRules): AnnotationTrimmer {
  if (!rules.detailAnnotations) return () => undefined;

  if (rules.includeOnlyKeys.length > 0) {
    // last-applied comes back only when named exactly: a pattern like `kubectl.kubernetes.io/*` asks for the
    // small kubectl annotations, not for a never-cut copy of the whole object.
    const include = compileKeyMatcher(rules.includeOnlyKeys);
    const namesLastApplied = rules.includeOnlyKeys.includes(LAST_APPLIED_ANNOTATION);
    return (annotations) =>
      keepEntries(annotations, (key) => (key === LAST_APPLIED_ANNOTATION ? namesLastApplied : include.matches(key)),
        (value) => value);
  }

  const omit = compileKeyMatcher(rules.omitKeys);
  const maxLength = rules.maxLength;
  return (annotations) =>
    keepEntries(annotations, (key) => key !== LAST_APPLIED_ANNOTATION && !omit.matches(key),
      (value) => truncateUtf8(value, maxLength));
}

function keepEntries(
  annotations: Annotations | undefined,
  keep: (key: string) => boolean,
  shorten: (value: string) => string,
): Annotations | undefined {
  if (!annotations) return undefined;
  let result: Annotations | undefined;
  for (const [key, value] of Object.entries(annotations)) {
    if (!keep(key)) continue;
    result ??= {};
    result[key] = shorten(value);
  }
  return result;
}

// Callers trimming a whole list pass the same rules object for every item: compile once per rules object.
// The signature guards against a caller that changes the object between calls.
const compiled = new WeakMap<AnnotationRules, { signature: string; trimmer: AnnotationTrimmer }>();

/** Applies `rules` to one object's annotations; returns undefined when nothing is left. */
export function trimAnnotations(annotations: Annotations | undefined, rules: AnnotationRules): Annotations | undefined {
  const signature = JSON.stringify([rules.detailAnnotations, rules.omitKeys, rules.includeOnlyKeys, rules.maxLength]);
  let entry = compiled.get(rules);
  if (entry?.signature !== signature) {
    entry = { signature, trimmer: createAnnotationTrimmer(rules) };
    compiled.set(rules, entry);
  }
  return entry.trimmer(annotations);
}

export interface AnnotationRulesInput {
  detailAnnotations?: unknown;
  omitKeys?: unknown;
  includeOnlyKeys?: unknown;
  maxLength?: unknown;
}

// prefix (DNS subdomain, ≤ 253) + "/" + name (≤ 63): no real key is longer.
const MAX_KEY_LENGTH = 317;
const MAX_KEYS = 200;
const KEY_EXAMPLE = 'Example: ["nvidia.com/gpu.*", "deployment.kubernetes.io/revision"].';

function validateKeyList(value: unknown, parameter: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new ValidationError(parameter, `expected an array of annotation keys, got ${quoteForMessage(value)}. ${KEY_EXAMPLE}`);
  }
  if (value.length > MAX_KEYS) {
    throw new ValidationError(parameter, `${value.length} keys given; at most ${MAX_KEYS} are allowed.`);
  }
  return value.map((key: unknown, index) => {
    if (typeof key !== 'string') {
      throw new ValidationError(`${parameter}[${index}]`, `expected a string, got ${quoteForMessage(key)}. ${KEY_EXAMPLE}`);
    }
    if (key.trim() === '') {
      throw new ValidationError(`${parameter}[${index}]`, `an annotation key must not be empty. ${KEY_EXAMPLE}`);
    }
    if (key.length > MAX_KEY_LENGTH || /[\s\p{Cc}]/u.test(key)) {
      throw new ValidationError(
        `${parameter}[${index}]`,
        `${quoteForMessage(key)} cannot match an annotation key (no spaces or control characters, at most ` +
          `${MAX_KEY_LENGTH} characters). ${KEY_EXAMPLE}`,
      );
    }
    return key;
  });
}

/**
 * Checks the scan tool's annotation parameters (given under the rule names) and fills in the defaults:
 * detail on, nothing extra omitted, no include-only list, 512 bytes per value.
 */
export function validateAnnotationRules(input: AnnotationRulesInput): AnnotationRules {
  const { detailAnnotations = true, maxLength = DEFAULT_MAX_ANNOTATION_LENGTH } = input;
  if (typeof detailAnnotations !== 'boolean') {
    throw new ValidationError('detail_annotations', `expected true or false, got ${quoteForMessage(detailAnnotations)}.`);
  }
  if (typeof maxLength !== 'number' || !Number.isSafeInteger(maxLength) || maxLength < 0) {
    throw new ValidationError(
      'max_annotation_length',
      `${quoteForMessage(maxLength)} is not a whole number of bytes ≥ 0 (0 = no limit). Example: 512.`,
    );
  }
  return {
    detailAnnotations,
    omitKeys: validateKeyList(input.omitKeys, 'omit_annotation_keys'),
    includeOnlyKeys: validateKeyList(input.includeOnlyKeys, 'include_only_annotation_keys'),
    maxLength,
  };
}
