// POST (create) and PUT (update) of whole objects. Create answers 201 (409 AlreadyExists when taken, 095);
// update refuses a stale metadata.resourceVersion with the optimistic-concurrency 409 (096). Both record
// managedFields for the writer as an Update operation; a PUT that changes nothing is not written at all.
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { deepEqual } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { managedFieldsForUpdate } from './managedFields';
import { sendObject } from './representations';
import { asObjectOf, checkIdentity, checkNamespaceAdmits, decodeBody, fieldManager, persist, prepareCreate, prepareUpdate } from './objectWrites';
import { eventsV1ToCoreEvent } from './wireObject';

export function mediaType(ctx: ApiContext): string {
  return String(ctx.req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase() ?? '';
}

/** POST/PUT bodies: JSON or YAML; anything else is the router's 415 (098). */
function decodeWholeObject(ctx: ApiContext, def: ResourceDef): KObject {
  const type = mediaType(ctx);
  if (type !== '' && type !== 'application/json' && type !== 'application/yaml' && type !== '*/*') throw errors.unsupportedMediaType();
  let body = decodeBody(ctx, type === 'application/yaml');
  if (def.storage === '/events' && def.group === 'events.k8s.io') body = eventsV1ToCoreEvent(body as KObject);
  const obj = asObjectOf(def.storage === '/events' ? { ...def, kind: 'Event', group: '', version: 'v1' } : def, body);
  checkIdentity(ctx, def, obj);
  return obj;
}

export function handleCreate(ctx: ApiContext, def: ResourceDef): void {
  const obj = decodeWholeObject(ctx, def);
  const name = String(obj.metadata.name ?? '');
  checkNamespaceAdmits(ctx, def, name);
  if (name && ctx.state.store.read(def, ctx.info.namespace, name)) throw errors.alreadyExists({ group: def.group, resource: def.plural }, name);
  const prepared = prepareCreate(ctx, def, obj);
  if (ctx.state.store.read(def, ctx.info.namespace, prepared.metadata.name)) {
    throw errors.alreadyExists({ group: def.group, resource: def.plural }, prepared.metadata.name);
  }
  prepared.metadata.managedFields = managedFieldsForUpdate(def, undefined, prepared, fieldManager(ctx), rfc3339(), undefined);
  sendObject(ctx, def, persist(ctx, def, prepared, false), 201);
}

/** True when two versions differ only in what the apiserver maintains itself. */
export function sameContent(a: KObject, b: KObject): boolean {
  const strip = (o: KObject): KObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return deepEqual(JSON.parse(JSON.stringify(strip(a))), JSON.parse(JSON.stringify(strip(b))));
}

export function handleUpdate(ctx: ApiContext, def: ResourceDef, subresource?: string): void {
  const obj = decodeWholeObject(ctx, def);
  const name = String(ctx.info.name);
  const live = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!live) throw errors.notFound({ group: def.group, resource: def.plural }, name);
  const sentRv = obj.metadata.resourceVersion;
  if (sentRv !== undefined && sentRv !== '' && String(sentRv) !== live.metadata.resourceVersion) {
    throw errors.staleResourceVersion({ group: def.group, resource: def.plural }, name);
  }
  const next = prepareUpdate(def, live, obj, subresource);
  next.metadata.managedFields = managedFieldsForUpdate(def, live, next, fieldManager(ctx), rfc3339(), subresource);
  if (sameContent(live, next)) return sendObject(ctx, def, live);
  sendObject(ctx, def, persist(ctx, def, next, true));
}
