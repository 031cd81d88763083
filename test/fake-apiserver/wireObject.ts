// How a stored object looks on the wire: typed built-ins keep Go struct field order (metadata fields in
// ObjectMeta order) and drop kind/apiVersion inside typed lists, custom resources are unstructured maps and
// come out with sorted keys and kind/apiVersion everywhere, and events.k8s.io/v1 Events are a converted view of
// the core Event storage.
import type { KObject, ResourceDef } from './types';
import { sortKeysDeep } from './jsonValues';

const META_ORDER = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

export function orderMetadata<M extends object>(meta: M): M {
  const source = meta as KObject;
  const out: KObject = {};
  for (const k of META_ORDER) if (source[k] !== undefined) out[k] = source[k];
  for (const k of Object.keys(source)) if (!(k in out) && source[k] !== undefined) out[k] = source[k];
  return out as M;
}

export function groupVersion(def: ResourceDef): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** Puts kind and apiVersion first, as the typed encoders do. */
export function withTypeMeta(def: ResourceDef, obj: KObject): KObject {
  const { kind: _k, apiVersion: _a, ...rest } = obj;
  return { kind: def.kind, apiVersion: groupVersion(def), ...rest };
}

/**
 * The representation of a stored object served through `def`.
 * `inList`: typed list items carry no kind/apiVersion (024); unstructured ones do (080).
 */
export function toWire(def: ResourceDef, stored: KObject, inList = false): KObject {
  let obj = stored;
  if (def.storage === '/events' && def.group === 'events.k8s.io') obj = coreEventToEventsV1(obj);
  if (def.crd) return sortKeysDeep({ ...obj, apiVersion: groupVersion(def), kind: def.kind }) as KObject;
  if (inList) {
    const { kind: _k, apiVersion: _a, ...rest } = obj;
    return rest;
  }
  return withTypeMeta(def, obj);
}

/** events.k8s.io/v1 view of a core/v1 Event (the apiserver's conversion functions). */
export function coreEventToEventsV1(ev: KObject): KObject {
  const out: KObject = { kind: 'Event', apiVersion: 'events.k8s.io/v1', metadata: ev.metadata, eventTime: ev.eventTime ?? null };
  if (ev.series) out.series = { count: ev.series.count, lastObservedTime: ev.series.lastObservedTime };
  if (ev.reportingComponent) out.reportingController = ev.reportingComponent;
  if (ev.reportingInstance) out.reportingInstance = ev.reportingInstance;
  if (ev.action) out.action = ev.action;
  if (ev.reason) out.reason = ev.reason;
  out.regarding = ev.involvedObject ?? {};
  if (ev.related) out.related = ev.related;
  if (ev.message) out.note = ev.message;
  if (ev.type) out.type = ev.type;
  out.deprecatedSource = ev.source ?? {};
  out.deprecatedFirstTimestamp = ev.firstTimestamp ?? null;
  out.deprecatedLastTimestamp = ev.lastTimestamp ?? null;
  if (ev.count) out.deprecatedCount = ev.count;
  return out;
}
