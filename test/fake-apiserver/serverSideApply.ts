// Server-side apply (PATCH with application/apply-patch+yaml), after structured-merge-diff:
// merge the configuration into the live object, prune what this manager applied before and no longer does
// (unless someone else owns it), and refuse with 409 when the merge would change a field another manager owns
// (Update managers included: a deployment written by `kubectl apply` conflicts with `kubectl-client-side-apply`,
// 058) unless force=true, which moves those fields to the applier (053). Applying the same configuration again
// changes nothing, not even the resourceVersion (049).
import type { KObject, ResourceDef } from './types';
import { deepEqual, isPlainObject } from './jsonValues';
import { deleteAt, formatPath, type FieldPath } from './fieldSet';
import { applyFieldSet, compareObjects, trackedContent } from './fieldCompare';
import { isAtomicMap, itemKey, listKindFor, type SchemaContext } from './schemaHints';
import { managerIdentity, parseManagedFields, schemaContext, serializeManagedFields, type ManagerEntry } from './managedFields';
import { ApiError, failure } from './statusErrors';
import { groupVersion } from './wireObject';

export interface ApplyOptions {
  manager: string;
  force: boolean;
  time: string;
}

export interface ApplyResult {
  object: KObject;
  unchanged: boolean;
}

function sameItem(item: unknown, key: KObject, keys: string[]): boolean {
  return isPlainObject(item) && JSON.stringify(itemKey(item, keys)) === JSON.stringify(key);
}

/** SMD's Merge: maps recursively, associative lists by key, sets by value, everything else replaced. */
export function mergeConfig(live: unknown, config: unknown, path: FieldPath, ctx: SchemaContext): unknown {
  if (config === null) return undefined;
  if (isPlainObject(live) && isPlainObject(config) && !isAtomicMap(path, config, ctx)) {
    const out: KObject = { ...live };
    for (const [k, v] of Object.entries(config)) {
      const merged = mergeConfig(live[k], v, [...path, `f:${k}`], ctx);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
    return out;
  }
  if (Array.isArray(live) && Array.isArray(config)) {
    const kind = listKindFor(path, ctx);
    if (kind.type === 'set') return [...live, ...config.filter((v) => !live.some((l) => deepEqual(l, v)))];
    if (kind.type === 'map') {
      const out = [...live];
      for (const item of config) {
        if (!isPlainObject(item)) continue;
        const key = itemKey(item, kind.keys);
        const idx = out.findIndex((l) => sameItem(l, key, kind.keys));
        if (idx < 0) out.push(structuredClone(item));
        else out[idx] = mergeConfig(out[idx], item, [...path, `k:${JSON.stringify(key)}`], ctx);
      }
      return out;
    }
  }
  return structuredClone(config);
}

/** conflict.go's printManager: Update managers are shown with their apiVersion. */
function printManager(e: ManagerEntry): string {
  const name = JSON.stringify(e.manager);
  if (e.operation === 'Update') return `${name} using ${e.apiVersion}`;
  return e.subresource ? `${name} with subresource ${JSON.stringify(e.subresource)}` : name;
}

function conflictError(conflicts: { entry: ManagerEntry; path: FieldPath }[]): ApiError {
  const sorted = conflicts
    .map((c) => ({ manager: printManager(c.entry), field: formatPath(c.path) }))
    .sort((a, b) => (a.manager === b.manager ? (a.field < b.field ? -1 : 1) : a.manager < b.manager ? -1 : 1));
  let message: string;
  if (sorted.length === 1) {
    const only = sorted[0] as { manager: string; field: string };
    message = `Apply failed with 1 conflict: conflict with ${only.manager}: ${only.field}`;
  } else {
    const lines: string[] = [];
    for (const manager of [...new Set(sorted.map((c) => c.manager))]) {
      lines.push(`conflicts with ${manager}:`);
      for (const c of sorted.filter((x) => x.manager === manager)) lines.push(`- ${c.field}`);
    }
    message = `Apply failed with ${sorted.length} conflicts: ${lines.join('\n')}`;
  }
  const causes = sorted.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${c.manager}`, field: c.field }));
  return new ApiError(failure(409, 'Conflict', message, { causes }));
}

/**
 * Applies `config` over `live` (undefined: the object does not exist yet). The returned object still needs
 * defaulting, validation and the system metadata; its managedFields are final.
 */
export function serverSideApply(def: ResourceDef, live: KObject | undefined, config: KObject, opts: ApplyOptions): ApplyResult {
  const ctx = schemaContext(def);
  const configSet = applyFieldSet(config, ctx);
  const content = trackedContent(config);
  const mineTemplate: ManagerEntry = { manager: opts.manager, operation: 'Apply', apiVersion: groupVersion(def), time: opts.time, set: configSet };
  if (!live) {
    const object: KObject = { apiVersion: groupVersion(def), kind: def.kind, ...content, metadata: { ...content.metadata } };
    object.metadata.managedFields = serializeManagedFields([mineTemplate]);
    return { object, unchanged: false };
  }
  const entries = parseManagedFields(live.metadata);
  const identity = managerIdentity(mineTemplate);
  const previous = entries.find((e) => managerIdentity(e) === identity);
  const others = entries.filter((e) => e !== previous);

  const merged = mergeConfig(structuredClone(live), content, [], ctx) as KObject;
  if (previous) {
    // Prune what this manager stopped applying, unless another manager still owns it or something below it.
    const dropped = previous.set.difference(configSet).paths().sort((a, b) => b.length - a.length);
    for (const path of dropped) if (!others.some((o) => o.set.touches(path))) deleteAt(merged, path);
  }

  const { added, modified } = compareObjects(live, merged, ctx);
  const changed = added.union(modified);
  const conflicts: { entry: ManagerEntry; path: FieldPath }[] = [];
  for (const other of others) for (const path of other.set.intersection(changed).paths()) conflicts.push({ entry: other, path });
  if (conflicts.length && !opts.force) throw conflictError(conflicts);
  for (const c of conflicts) c.entry.set = c.entry.set.difference(changed);

  const setUnchanged = previous !== undefined && previous.set.equals(configSet) && conflicts.length === 0;
  const unchanged = setUnchanged && deepEqual(trackedContent(merged), trackedContent(live));
  const mine = setUnchanged && previous ? previous : mineTemplate;
  merged.metadata = { ...merged.metadata, managedFields: serializeManagedFields([...others, mine]) };
  return { object: merged, unchanged };
}
