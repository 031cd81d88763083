// PATCH: server-side apply, the only patch the project sends. It needs ?fieldManager (422, 056), accepts YAML
// (099), creates missing objects (201, 048) and may conflict (409, 052/058). Merge, JSON and strategic merge
// patches answer the fake's 501 (README.md); a PATCH with plain application/json is a 415 from the router (098).
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { queryFlag, queryValue } from './apiContext';
import { mediaType } from './apiContext';
import { ApiError, errors, failure } from './statusErrors';
import { deepEqual, isPlainObject } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { serverSideApply } from './serverSideApply';
import { sendObject } from './representations';
import { asObjectOf, checkIdentity, checkNamespaceAdmits, decodeBody, persist, prepareCreate, prepareUpdate } from './objectWrites';
import { groupVersion } from './wireObject';

const APPLY = 'application/apply-patch+yaml';
const OTHER_PATCHES = new Set(['application/merge-patch+json', 'application/json-patch+json', 'application/strategic-merge-patch+json']);

/** True when two versions differ only in what the apiserver maintains itself. */
function sameContent(a: KObject, b: KObject): boolean {
  const strip = (o: KObject): KObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined, managedFields: undefined } });
  return deepEqual(JSON.parse(JSON.stringify(strip(a))), JSON.parse(JSON.stringify(strip(b))));
}

/** structured-merge-diff refuses wrongly typed values with a plain error: a 500 without reason. */
function typedPatchError(path: string, v: unknown, expected: 'string' | 'map'): ApiError {
  const shown = Array.isArray(v) ? `[]interface {}{${v.map((x) => JSON.stringify(x)).join(', ')}}` : isPlainObject(v) ? 'map[string]interface {}{...}' : String(v);
  return errors.unknown(`failed to create typed patch object: ${path}: expected ${expected}, got &value.valueUnstructured{Value:${shown}}`);
}

/**
 * The typed check at the JSON boundary of an apply: every string map of the configuration (labels,
 * annotations, and a ConfigMap's or Secret's data) must hold strings before the object is typed.
 */
function typedPatchErrors(def: ResourceDef, config: KObject): void {
  const maps: [string, unknown][] = [['.metadata.labels', config.metadata?.labels], ['.metadata.annotations', config.metadata?.annotations]];
  if (def.kind === 'ConfigMap' || def.kind === 'Secret') for (const field of ['data', 'binaryData', 'stringData']) maps.push([`.${field}`, config[field]]);
  for (const [path, map] of maps) {
    if (map === undefined || map === null) continue;
    if (!isPlainObject(map)) throw typedPatchError(path, map, 'map');
    for (const [k, v] of Object.entries(map)) if (typeof v !== 'string') throw typedPatchError(`${path}.${k}`, v, 'string');
  }
}

function handleApply(ctx: ApiContext, def: ResourceDef): void {
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
  const opts = { manager, force: queryFlag(ctx.query, 'force'), time: rfc3339() };
  if (!live) {
    checkNamespaceAdmits(ctx, def, name);
    const { object } = serverSideApply(def, undefined, config, opts);
    object.metadata.name = name;
    if (def.namespaced) object.metadata.namespace = ctx.info.namespace;
    return sendObject(ctx, def, persist(ctx, def, prepareCreate(def, object), false), 201);
  }
  const result = serverSideApply(def, live, config, opts);
  if (result.unchanged) return sendObject(ctx, def, live);
  const next = prepareUpdate(def, live, result.object);
  const sameManagers = JSON.stringify(live.metadata.managedFields) === JSON.stringify(next.metadata.managedFields);
  if (sameContent(live, next) && sameManagers) return sendObject(ctx, def, live);
  sendObject(ctx, def, persist(ctx, def, next, true));
}

export function handlePatch(ctx: ApiContext, def: ResourceDef): void {
  const type = mediaType(ctx);
  if (type === APPLY) return handleApply(ctx, def);
  if (OTHER_PATCHES.has(type)) throw errors.notImplemented(`PATCH with ${type}`);
  throw errors.unsupportedMediaType();
}
