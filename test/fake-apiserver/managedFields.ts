// metadata.managedFields bookkeeping. Apply managers are identified by name (and subresource); Update managers
// by name, apiVersion and subresource, so `kubectl-client-side-apply` (an Update) conflicts with an applier of the
// same objects (058). An Update takes the fields it added or modified and strips them from everyone else;
// managers left with nothing disappear (060). Entries are sorted like the apiserver sorts them.
import type { KObject, ResourceDef } from './types';
import { FieldSet } from './fieldSet';
import { compareObjects } from './fieldCompare';
import { zeroObject, type SchemaContext } from './schemaHints';
import { groupVersion } from './wireObject';

export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  time: string;
  subresource?: string;
  set: FieldSet;
}

export function schemaContext(def: ResourceDef): SchemaContext {
  return { builtin: !def.crd, kind: def.kind };
}

export function parseManagedFields(meta: KObject | undefined): ManagerEntry[] {
  return ((meta?.managedFields as KObject[] | undefined) ?? []).map((e) => ({
    manager: String(e.manager ?? ''),
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: String(e.apiVersion ?? ''),
    time: String(e.time ?? ''),
    subresource: e.subresource || undefined,
    set: FieldSet.fromFieldsV1(e.fieldsV1),
  }));
}

/** The identity two entries must share to be "the same manager". */
export function managerIdentity(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  return e.operation === 'Apply' ? `Apply|${e.manager}|${e.subresource ?? ''}` : `Update|${e.manager}|${e.apiVersion}|${e.subresource ?? ''}`;
}

/** Wire form, sorted by operation, time, manager, apiVersion, subresource (fieldmanager's encoder). */
export function serializeManagedFields(entries: ManagerEntry[]): KObject[] {
  const kept = entries.filter((e) => e.set.size > 0);
  const seconds = (t: string): number => Math.floor(Date.parse(t) / 1000) || 0;
  kept.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? '', q.subresource ?? ''),
  );
  return kept.map((e) => {
    const out: KObject = { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion, time: e.time, fieldsType: 'FieldsV1', fieldsV1: e.set.toFieldsV1() };
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * managedFields after a non-apply write (create, update, patch) by `manager`.
 * `oldObj` undefined means a create: the new object is compared with the kind's zero object.
 */
export function managedFieldsForUpdate(
  def: ResourceDef,
  oldObj: KObject | undefined,
  newObj: KObject,
  manager: string,
  time: string,
  subresource: string | undefined,
): KObject[] {
  const ctx = schemaContext(def);
  const entries = oldObj ? parseManagedFields(oldObj.metadata) : [];
  const before = oldObj ?? zeroObject(ctx);
  const { added, modified, removed } = compareObjects(before, newObj, ctx);
  const taken = added.union(modified);
  const identity = managerIdentity({ manager, operation: 'Update', apiVersion: groupVersion(def), subresource });
  let mine = entries.find((e) => managerIdentity(e) === identity);
  for (const e of entries) if (e !== mine) e.set = e.set.difference(taken).difference(removed);
  if (!mine) {
    mine = { manager, operation: 'Update', apiVersion: groupVersion(def), time, subresource, set: new FieldSet() };
    entries.push(mine);
  }
  const nextSet = mine.set.union(taken).difference(removed);
  if (taken.size || removed.size || !nextSet.equals(mine.set)) mine.time = time;
  mine.set = nextSet;
  return serializeManagedFields(entries);
}

/**
 * The manager name for a write without ?fieldManager: the User-Agent up to its first "/" (like the
 * apiserver), or "unknown" when there is no User-Agent.
 */
export function defaultManager(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0] ?? '';
  return [...prefix].filter((c) => c >= ' ' && c !== '\u007f').join('').slice(0, 128) || 'unknown';
}
