// The in-memory "etcd": one bucket per storage resource, keyed like etcd keys (`ns/name` or `name`) so lists
// come back in the same order as a real apiserver's and continue tokens can carry the last key. A single
// global counter plays etcd's revision: every write takes the next value as the object's resourceVersion.
//
// Stored objects are never mutated in place (writers replace them), so handlers can share references and
// only clone what they return.
import { randomUUID } from 'node:crypto';
import type { KObject, ResourceDef, StoredObject } from './types';
import type { Registry } from './discovery';
import { rfc3339 } from './timeFormat';
import { orderMetadata } from './wireObject';
import { managedFieldsForUpdate } from './managedFields';
import { PodLogStore } from './podLogStore';
import { checkObjectShape } from './objectShape';

export class ObjectStore {
  private buckets = new Map<string, Map<string, StoredObject>>();
  private sortedCache = new Map<string, StoredObject[]>();
  private listeners = new Set<(storage: string) => void>();
  private revision = 1000;
  /** Per-pod, per-container log lines (what the simulated kubelet would return). */
  readonly logs = new PodLogStore();

  constructor(private readonly registry: Registry) {}

  get resourceVersion(): number {
    return this.revision;
  }

  /** Revisions below this one are gone, as after etcd's compaction (every 5 minutes on a real cluster). */
  compactedRevision = 0;

  /**
   * Compacts history up to now: continue tokens handed out before answer 410 Expired. The apiserver's compactor
   * writes etcd's compact_rev_key, so the revision moves on too.
   */
  compact(): void {
    this.revision += 1;
    this.compactedRevision = this.revision;
  }

  // ---- the public seeding/inspection API (returns copies) ----

  /**
   * Stores an object as given (checked by checkObjectShape), filling uid, resourceVersion, creationTimestamp,
   * generation and managedFields.
   */
  put(obj: KObject): StoredObject {
    const copy: unknown = structuredClone(obj);
    checkObjectShape(copy, 'store.put');
    const def = this.registry.byKind(copy.apiVersion, copy.kind);
    if (!def) throw new Error(`fake apiserver: no resource serves ${copy.apiVersion} ${copy.kind}`);
    const meta = copy.metadata;
    if (!def.namespaced) delete meta.namespace;
    else meta.namespace ??= 'default';
    meta.uid ??= randomUUID();
    meta.creationTimestamp ??= rfc3339();
    if (def.hasGeneration) meta.generation ??= 1;
    if (!meta.managedFields) meta.managedFields = managedFieldsForUpdate(def, undefined, copy, 'kubectl-create', rfc3339(), undefined);
    return structuredClone(this.write(def, copy as StoredObject));
  }

  get(group: string, version: string, plural: string, namespace: string | undefined, name: string): StoredObject | undefined {
    const def = this.def(group, version, plural);
    const found = this.read(def, namespace, name);
    return found ? structuredClone(found) : undefined;
  }

  list(group: string, version: string, plural: string, namespace?: string): StoredObject[] {
    return this.items(this.def(group, version, plural), namespace).map((o) => structuredClone(o));
  }

  delete(group: string, version: string, plural: string, namespace: string | undefined, name: string): boolean {
    return this.remove(this.def(group, version, plural), namespace, name) !== undefined;
  }

  private def(group: string, version: string, plural: string): ResourceDef {
    const def = this.registry.find(group, version, plural);
    if (!def) throw new Error(`fake apiserver: unknown resource ${group}/${version}/${plural}`);
    return def;
  }

  // ---- the handlers' API (shared references: never mutate what these return) ----

  keyOf(def: ResourceDef, namespace: string | undefined, name: string): string {
    return def.namespaced ? `${namespace ?? ''}/${name}` : name;
  }

  read(def: ResourceDef, namespace: string | undefined, name: string): StoredObject | undefined {
    return this.buckets.get(def.storage)?.get(this.keyOf(def, namespace, name));
  }

  /** Objects in etcd key order, optionally one namespace only. */
  items(def: ResourceDef, namespace?: string): StoredObject[] {
    let sorted = this.sortedCache.get(def.storage);
    if (!sorted) {
      const bucket = this.buckets.get(def.storage);
      const entries = bucket ? [...bucket.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)) : [];
      sorted = entries.map(([, o]) => o);
      this.sortedCache.set(def.storage, sorted);
    }
    if (!def.namespaced || namespace === undefined) return sorted;
    return sorted.filter((o) => o.metadata?.namespace === namespace);
  }

  /** Stores a complete object under the next revision and tells the listeners. */
  write(def: ResourceDef, obj: StoredObject): StoredObject {
    const rv = ++this.revision;
    obj.metadata = orderMetadata({ ...obj.metadata, resourceVersion: String(rv) });
    let bucket = this.buckets.get(def.storage);
    if (!bucket) this.buckets.set(def.storage, (bucket = new Map()));
    const key = this.keyOf(def, obj.metadata.namespace, obj.metadata.name);
    bucket.set(key, obj);
    this.sortedCache.delete(def.storage);
    this.changed(def.storage);
    return obj;
  }

  remove(def: ResourceDef, namespace: string | undefined, name: string): StoredObject | undefined {
    const bucket = this.buckets.get(def.storage);
    const key = this.keyOf(def, namespace, name);
    const existing = bucket?.get(key);
    if (!bucket || !existing) return undefined;
    bucket.delete(key);
    this.sortedCache.delete(def.storage);
    ++this.revision;
    this.changed(def.storage);
    if (def.kind === 'Pod') this.logs.forgetPod(namespace ?? '', name);
    return existing;
  }

  /** Calls `listener` with the storage bucket of every write and removal (the registry follows CRDs this way). */
  subscribe(listener: (storage: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(storage: string): void {
    for (const l of [...this.listeners]) l(storage);
  }
}
