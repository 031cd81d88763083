// Turning objects into field sets: the set an apply configuration specifies, and the added / modified /
// removed paths between two versions of an object (what an Update's manager takes ownership of, and what an
// Apply would change under another manager's feet). Mirrors structured-merge-diff's ToFieldSet and Compare.
import type { KObject } from './types';
import { deepEqual, isPlainObject } from './jsonValues';
import { FieldSet, type FieldPath } from './fieldSet';
import { isAtomicMap, itemKey, listKindFor, type SchemaContext } from './schemaHints';

/** Metadata the apiserver manages itself; never part of anyone's field set. */
const SYSTEM_METADATA = new Set([
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'managedFields',
  'selfLink',
]);

/** The part of an object that field ownership is about. */
export function trackedContent(obj: KObject | undefined): KObject {
  if (!obj) return {};
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  const meta: KObject = {};
  for (const [k, v] of Object.entries(metadata ?? {})) if (!SYSTEM_METADATA.has(k)) meta[k] = v;
  return { metadata: meta, ...rest };
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** One list's children as element → value. */
function listChildren(list: unknown[], path: FieldPath, ctx: SchemaContext): Map<string, unknown> | undefined {
  const kind = listKindFor(path, ctx);
  if (kind.type === 'atomic') return undefined;
  const out = new Map<string, unknown>();
  for (const item of list) {
    if (kind.type === 'set') out.set(`v:${JSON.stringify(item)}`, item);
    else if (isPlainObject(item)) out.set(`k:${JSON.stringify(itemKey(item, kind.keys))}`, item);
  }
  return out;
}

/** Children of a node as element → value, or undefined for a leaf (scalar, atomic list or atomic struct). */
function childrenOf(value: unknown, path: FieldPath, ctx: SchemaContext): Map<string, unknown> | undefined {
  if (Array.isArray(value)) return value.length ? listChildren(value, path, ctx) : undefined;
  if (isPlainObject(value)) {
    if (Object.keys(value).length === 0 || isAtomicMap(path, value, ctx)) return undefined;
    const out = new Map<string, unknown>();
    for (const [k, v] of Object.entries(value)) if (present(v)) out.set(`f:${k}`, v);
    return out;
  }
  return undefined;
}

/** ToFieldSet of an apply configuration: leaves and list items, not the maps that hold them (048). */
export function applyFieldSet(config: KObject, ctx: SchemaContext): FieldSet {
  const set = new FieldSet();
  const visit = (value: unknown, path: FieldPath): void => {
    const children = childrenOf(value, path, ctx);
    const last = path[path.length - 1] ?? '';
    if (!children) {
      if (path.length) set.add(path);
      return;
    }
    if (last.startsWith('k:') || last.startsWith('v:')) set.add(path);
    for (const [el, child] of children) visit(child, [...path, el]);
  };
  const content = trackedContent(config);
  for (const [k, v] of Object.entries(content)) if (present(v)) visit(v, [`f:${k}`]);
  // An empty metadata in the configuration says nothing.
  return FieldSet.of(set.paths().filter((p) => !(p.length === 1 && p[0] === 'f:metadata')));
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Compare(old, new): a node absent before is added with everything below it (hence the "." markers). */
export function compareObjects(oldObj: KObject, newObj: KObject, ctx: SchemaContext): Comparison {
  const result: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  const all = (value: unknown, path: FieldPath, into: FieldSet): void => {
    into.add(path);
    const children = childrenOf(value, path, ctx);
    if (children) for (const [el, child] of children) all(child, [...path, el], into);
  };
  const cmp = (a: unknown, b: unknown, path: FieldPath): void => {
    const hasA = present(a);
    const hasB = present(b);
    if (!hasA && !hasB) return;
    if (!hasA) return all(b, path, result.added);
    if (!hasB) return all(a, path, result.removed);
    const ca = childrenOf(a, path, ctx);
    const cb = childrenOf(b, path, ctx);
    const bothContainers = (Array.isArray(a) && Array.isArray(b)) || (isPlainObject(a) && isPlainObject(b));
    if (bothContainers && (ca || cb) && !(Array.isArray(a) && listKindFor(path, ctx).type === 'atomic')) {
      const keys = new Set([...(ca?.keys() ?? []), ...(cb?.keys() ?? [])]);
      for (const el of keys) cmp(ca?.get(el), cb?.get(el), [...path, el]);
      return;
    }
    if (!deepEqual(a, b)) result.modified.add(path);
  };
  cmp(trackedContent(oldObj), trackedContent(newObj), []);
  return result;
}
