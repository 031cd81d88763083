// PATCH: the media type picks the flavour. Server-side apply needs ?fieldManager (422, 056), accepts YAML
// (099), creates missing objects (201, 048) and may conflict (409, 052/058); merge, JSON and strategic patches
// need an existing object. Custom resources do not speak strategic merge patch; a PATCH with plain
// application/json is a 415 from the router (098).
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { queryFlag, queryValue } from './apiContext';
import { ApiError, errors, failure } from './statusErrors';
import { isPlainObject } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { managedFieldsForUpdate, schemaContext } from './managedFields';
import { serverSideApply } from './serverSideApply';
import { jsonPatch, mergePatch, strategicMergePatch } from './patches';
import { sendObject } from './representations';
import { mediaType, sameContent } from './createUpdate';
import { asObjectOf, checkIdentity, checkNamespaceAdmits, decodeBody, fieldManager, persist, prepareCreate, prepareUpdate } from './objectWrites';
import { groupVersion } from './wireObject';

const APPLY = 'application/apply-patch+yaml';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const STRATEGIC = 'application/strategic-merge-patch+json';

function unsupportedForCustomResources(): ApiError {
  return new ApiError(
    failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${JSON_PATCH}, ${MERGE}, ${APPLY}`),
  );
}

/** structured-merge-diff refuses wrongly typed values with a plain error: a 500 without reason. */
function typedPatchErrors(def: ResourceDef, config: KObject): void {
  if (def.kind !== 'ConfigMap' && def.kind !== 'Secret') return;
  for (const field of ['data', 'binaryData', 'stringData']) {
    for (const [k, v] of Object.entries((config[field] ?? {}) as KObject)) {
      if (typeof v !== 'string') {
        const shown = Array.isArray(v) ? `[]interface {}{${v.map((x) => JSON.stringify(x)).join(', ')}}` : isPlainObject(v) ? 'map[string]interface {}{...}' : String(v);
        throw errors.unknown(`failed to create typed patch object: .${field}.${k}: expected string, got &value.valueUnstructured{Value:${shown}}`);
      }
    }
  }
}

function handleApply(ctx: ApiContext, def: ResourceDef, subresource?: string): void {
  const manager = queryValue(ctx.query, 'fieldManager');
  if (!manager) {
    throw new ApiError(
      failure(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
        group: 'meta.k8s.io',
        kind: 'PatchOptions',
        causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
      }),
    );
  }
  const raw = decodeBody(ctx, true);
  if (!isPlainObject(raw)) throw errors.badRequest('error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}');
  // Apply configurations must name their apiVersion, and it must be the URL's.
  if (raw.apiVersion !== groupVersion(def)) {
    throw errors.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${raw.apiVersion ?? ''}, expected: ${groupVersion(def)}`);
  }
  typedPatchErrors(def, raw);
  const config = asObjectOf(def, raw);
  checkIdentity(ctx, def, config);
  const name = String(ctx.info.name);
  const live = ctx.state.store.read(def, ctx.info.namespace, name);
  const opts = { manager, force: queryFlag(ctx.query, 'force'), time: rfc3339(), subresource };
  if (!live) {
    if (subresource) throw errors.notFound({ group: def.group, resource: def.plural }, name);
    checkNamespaceAdmits(ctx, def, name);
    const { object } = serverSideApply(def, undefined, config, opts);
    object.metadata.name = name;
    if (def.namespaced) object.metadata.namespace = ctx.info.namespace;
    return sendObject(ctx, def, persist(ctx, def, prepareCreate(ctx, def, object), false), 201);
  }
  const scoped = subresource === 'status' ? { ...config, metadata: config.metadata, status: config.status } : config;
  const result = serverSideApply(def, live, scoped, opts);
  if (result.unchanged) return sendObject(ctx, def, live);
  const next = prepareUpdate(def, live, result.object, subresource);
  if (sameContent(live, next) && JSON.stringify(live.metadata.managedFields) === JSON.stringify(next.metadata.managedFields)) return sendObject(ctx, def, live);
  sendObject(ctx, def, persist(ctx, def, next, true));
}

/** Applies a non-apply patch document to a copy of `live`. */
export function applyPatchDocument(ctx: ApiContext, def: ResourceDef, live: KObject, type: string): KObject {
  const doc = decodeBody(ctx, false);
  if (type === JSON_PATCH) return jsonPatch(live, doc);
  if (!isPlainObject(doc)) throw errors.badRequest('json: cannot unmarshal array into Go value of type map[string]interface {}');
  if (type === MERGE) return mergePatch(live, doc) as KObject;
  return strategicMergePatch(live, doc, schemaContext(def)) as KObject;
}

export function handlePatch(ctx: ApiContext, def: ResourceDef, subresource?: string): void {
  const type = mediaType(ctx);
  if (type === APPLY) return handleApply(ctx, def, subresource);
  if (type === STRATEGIC && def.crd) throw unsupportedForCustomResources();
  if (type !== MERGE && type !== JSON_PATCH && type !== STRATEGIC) throw errors.unsupportedMediaType();
  const name = String(ctx.info.name);
  const live = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!live) throw errors.notFound({ group: def.group, resource: def.plural }, name);
  const patched = applyPatchDocument(ctx, def, live, type);
  if (!isPlainObject(patched.metadata)) patched.metadata = {};
  // A resourceVersion in the patch is an optimistic-concurrency precondition.
  if (patched.metadata.resourceVersion !== undefined && String(patched.metadata.resourceVersion) !== live.metadata.resourceVersion) {
    throw errors.staleResourceVersion({ group: def.group, resource: def.plural }, name);
  }
  const next = prepareUpdate(def, live, patched, subresource);
  next.metadata.managedFields = managedFieldsForUpdate(def, live, next, fieldManager(ctx), rfc3339(), subresource);
  if (sameContent(live, next)) return sendObject(ctx, def, live);
  sendObject(ctx, def, persist(ctx, def, next, true));
}
