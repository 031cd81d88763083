// The non-apply PATCH flavours: JSON merge patch (RFC 7386: lists are replaced wholesale, 106), JSON patch
// (RFC 6902; any failure, including a failed `test`, is the generic 422 of 097) and strategic merge patch
// (merge patch, except that lists with a patch merge key are merged by that key, so a sidecar survives a
// patch that names only the app container, 105).
import type { KObject } from './types';
import { deepEqual, isPlainObject } from './jsonValues';
import { errors } from './statusErrors';
import { itemKey, listKindFor, type SchemaContext } from './schemaHints';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  const out: KObject = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function strategicMergePatch(target: unknown, patch: unknown, ctx: SchemaContext, path: string[] = []): unknown {
  if (!isPlainObject(patch)) return structuredClone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _p, ...rest } = patch;
    return structuredClone(rest);
  }
  const out: KObject = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    const childPath = [...path, `f:${k}`];
    if (v === null) delete out[k];
    else if (Array.isArray(v) && Array.isArray(out[k])) out[k] = mergeList(out[k] as unknown[], v, childPath, ctx);
    else out[k] = strategicMergePatch(out[k], v, ctx, childPath);
  }
  return out;
}

function mergeList(live: unknown[], patch: unknown[], path: string[], ctx: SchemaContext): unknown[] {
  const kind = listKindFor(path, ctx);
  if (kind.type !== 'map') return structuredClone(patch);
  const out = [...live];
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const key = JSON.stringify(itemKey(item, kind.keys));
    const idx = out.findIndex((l) => isPlainObject(l) && JSON.stringify(itemKey(l, kind.keys)) === key);
    if (item.$patch === 'delete') {
      if (idx >= 0) out.splice(idx, 1);
    } else if (idx >= 0) {
      out[idx] = strategicMergePatch(out[idx], item, ctx, [...path, `k:${key}`]);
    } else {
      out.push(structuredClone(item));
    }
  }
  return out;
}

function unescapePointer(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function parentAndKey(doc: unknown, pointer: string): { parent: KObject | unknown[]; key: string } {
  if (!pointer.startsWith('/')) throw errors.unprocessable();
  const tokens = pointer.slice(1).split('/').map(unescapePointer);
  let cur: unknown = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (isPlainObject(cur)) cur = cur[t];
    else throw errors.unprocessable();
    if (cur === undefined) throw errors.unprocessable();
  }
  if (!Array.isArray(cur) && !isPlainObject(cur)) throw errors.unprocessable();
  return { parent: cur, key: tokens[tokens.length - 1] as string };
}

function readPointer(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentAndKey(doc, pointer);
  const v = Array.isArray(parent) ? parent[Number(key)] : parent[key];
  if (v === undefined) throw errors.unprocessable();
  return v;
}

function removePointer(doc: unknown, pointer: string): unknown {
  const { parent, key } = parentAndKey(doc, pointer);
  if (Array.isArray(parent)) {
    const i = Number(key);
    if (!(i >= 0 && i < parent.length)) throw errors.unprocessable();
    return parent.splice(i, 1)[0];
  }
  if (!(key in parent)) throw errors.unprocessable();
  const v = parent[key];
  delete parent[key];
  return v;
}

function addPointer(doc: unknown, pointer: string, value: unknown, replace: boolean): void {
  const { parent, key } = parentAndKey(doc, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : Number(key);
    if (!(i >= 0 && i <= parent.length)) throw errors.unprocessable();
    if (replace) parent[i] = value;
    else parent.splice(i, 0, value);
    return;
  }
  if (replace && !(key in parent)) throw errors.unprocessable();
  parent[key] = value;
}

/** RFC 6902 over a copy of `target`. */
export function jsonPatch(target: KObject, ops: unknown): KObject {
  if (!Array.isArray(ops)) throw errors.badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  const doc = structuredClone(target);
  for (const op of ops) {
    if (!isPlainObject(op)) throw errors.unprocessable();
    const path = String(op.path ?? '');
    switch (op.op) {
      case 'add':
        addPointer(doc, path, structuredClone(op.value), false);
        break;
      case 'replace':
        addPointer(doc, path, structuredClone(op.value), true);
        break;
      case 'remove':
        removePointer(doc, path);
        break;
      case 'test':
        if (!deepEqual(readPointer(doc, path), op.value)) throw errors.unprocessable();
        break;
      case 'move':
        addPointer(doc, path, removePointer(doc, String(op.from ?? '')), false);
        break;
      case 'copy':
        addPointer(doc, path, structuredClone(readPointer(doc, String(op.from ?? ''))), false);
        break;
      default:
        throw errors.unprocessable();
    }
  }
  return doc;
}
