// Small helpers over wire JSON: equality, key-sorted copies (unstructured objects are serialised with
// sorted keys by the apiserver), and dotted-path reads for JSONPath-like column and scale paths.
import type { KObject } from './types';

export function isPlainObject(value: unknown): value is KObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy with object keys sorted, like Go's encoding of map[string]interface{}. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (isPlainObject(value)) {
    const out: KObject = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeysDeep(value[k]);
    return out;
  }
  return value;
}

/** Reads `.spec.replicas`-style paths (leading dot optional). */
export function getPath(obj: unknown, dotted: string): unknown {
  let cur: unknown = obj;
  for (const part of dotted.replace(/^\./, '').split('.')) {
    if (part === '') continue;
    if (!isPlainObject(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** Go's %q for the strings that appear in Kubernetes messages (JSON quoting is the same for them). */
export function goQuote(s: string): string {
  return JSON.stringify(s);
}
