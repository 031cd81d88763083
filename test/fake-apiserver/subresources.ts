// Subresources other than logs and exec: /status (the object itself, writes limited to status), /scale
// (an autoscaling/v1 Scale view of spec.replicas, 019/088, patchable, 061/090), pods/eviction (201 Status,
// 065), serviceaccounts/token (a TokenRequest with a fake JWT, 068) and CSR approval.
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { getPath, setPath } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { labelSelectorString } from './selectors';
import { sendDocument, sendObject } from './representations';
import { handleUpdate, mediaType } from './createUpdate';
import { applyPatchDocument, handlePatch } from './patchHandler';
import { decodeBody, fieldManager, persist, prepareUpdate } from './objectWrites';
import { FieldSet } from './fieldSet';
import { managedFieldsForUpdate, parseManagedFields, serializeManagedFields } from './managedFields';
import { mergePatch } from './patches';
import { handleEviction } from './eviction';
import { handleTokenRequest } from './tokenRequest';

function liveOr404(ctx: ApiContext, def: ResourceDef): KObject {
  const name = String(ctx.info.name);
  const live = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!live) throw errors.notFound({ group: def.group, resource: def.plural }, name);
  return live;
}

function scalePaths(def: ResourceDef): { spec: string; status: string; selector?: string } {
  if (def.crd?.scale) return { spec: def.crd.scale.specReplicasPath, status: def.crd.scale.statusReplicasPath, selector: def.crd.scale.labelSelectorPath };
  return { spec: '.spec.replicas', status: '.status.replicas' };
}

export function scaleOf(def: ResourceDef, obj: KObject): KObject {
  const paths = scalePaths(def);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const status: KObject = { replicas: Number(getPath(obj, paths.status) ?? 0) };
  const selector = def.crd ? (paths.selector ? getPath(obj, paths.selector) : undefined) : labelSelectorString(obj.spec?.selector);
  if (selector !== undefined && selector !== '<none>') status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: Number(getPath(obj, paths.spec) ?? 0) },
    status,
  };
}

function handleScale(ctx: ApiContext, def: ResourceDef): void {
  const live = liveOr404(ctx, def);
  const method = ctx.req.method;
  if (method === 'GET') return sendDocument(ctx, scaleOf(def, live));
  if (method !== 'PUT' && method !== 'PATCH') throw errors.methodNotAllowed();
  const current = scaleOf(def, live);
  let wanted: KObject;
  if (method === 'PUT') wanted = decodeBody(ctx, mediaType(ctx) === 'application/yaml') as KObject;
  else if (mediaType(ctx) === 'application/apply-patch+yaml') wanted = mergePatch(current, decodeBody(ctx, true)) as KObject;
  else wanted = applyPatchDocument(ctx, def, current, mediaType(ctx));
  const replicas = Number(wanted?.spec?.replicas ?? 0);
  if (!Number.isInteger(replicas) || replicas < 0) {
    throw errors.invalid({ group: 'autoscaling', kind: 'Scale' }, live.metadata.name, [
      { type: 'FieldValueInvalid', field: 'spec.replicas', value: String(replicas), detail: 'must be greater than or equal to 0' },
    ]);
  }
  const next = structuredClone(live);
  setPath(next, scalePaths(def).spec, replicas);
  const prepared = prepareUpdate(def, live, next);
  if (def.crd) {
    // A CRD scale write takes spec.replicas away from everyone without recording its own manager (091).
    const entries = parseManagedFields(live.metadata);
    const replicasPath = scalePaths(def).spec.replace(/^\./, '').split('.').map((p) => `f:${p}`);
    for (const e of entries) e.set = e.set.difference(FieldSet.of([replicasPath]));
    prepared.metadata.managedFields = serializeManagedFields(entries);
  } else {
    prepared.metadata.managedFields = managedFieldsForUpdate(def, live, prepared, fieldManager(ctx), rfc3339(), 'scale');
  }
  const stored = persist(ctx, def, prepared, true);
  sendDocument(ctx, scaleOf(def, stored));
}

function handleStatusLike(ctx: ApiContext, def: ResourceDef, sub: string): void {
  if (ctx.req.method === 'GET') return sendObject(ctx, def, liveOr404(ctx, def));
  if (ctx.req.method === 'PUT') return handleUpdate(ctx, def, sub);
  if (ctx.req.method === 'PATCH') return handlePatch(ctx, def, sub);
  throw errors.methodNotAllowed();
}

/** Routes /{resource}/{name}/{subresource} except log, exec and proxy. */
export function handleSubresource(ctx: ApiContext, def: ResourceDef, sub: string): void {
  if (!def.subresources.has(sub)) throw errors.genericNotFound();
  switch (sub) {
    case 'status':
    case 'approval':
      return handleStatusLike(ctx, def, sub);
    case 'scale':
      return handleScale(ctx, def);
    case 'eviction':
      if (ctx.req.method !== 'POST') throw errors.methodNotAllowed();
      return handleEviction(ctx, def, liveOr404(ctx, def));
    case 'token':
      if (ctx.req.method !== 'POST') throw errors.methodNotAllowed();
      return handleTokenRequest(ctx, liveOr404(ctx, def));
    default:
      throw errors.methodNotAllowed();
  }
}
