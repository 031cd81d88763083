// The steps every write shares: decoding the body (JSON or YAML, with the apiserver's decode errors), checking
// kind/name/namespace against the URL, the registry's PrepareForCreate/PrepareForUpdate (system metadata,
// status reset for resources with a status subresource, generation bumps), defaulting, validation, and
// persisting unless dryRun=All.
import { randomUUID } from 'node:crypto';
import YAML from 'yaml';
import type { KObject, ResourceDef, StoredObject } from './types';
import type { ApiContext } from './apiContext';
import { queryValue, queryValues } from './apiContext';
import { errors } from './statusErrors';
import { deepEqual, isPlainObject } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { applyDefaults } from './defaults';
import { decodeErrors, validateObject } from './validation';
import { pruneUnknownFields } from './crdSchema';
import { defaultManager } from './managedFields';
import { groupVersion, orderMetadata } from './wireObject';

export function isDryRun(ctx: ApiContext): boolean {
  return queryValues(ctx.query, 'dryRun').includes('All');
}

export function fieldManager(ctx: ApiContext): string {
  return queryValue(ctx.query, 'fieldManager') || defaultManager(ctx.req.headers['user-agent']);
}

function goJsonSyntaxError(text: string): string {
  const first = text.trimStart()[0];
  if (first === undefined) return 'unexpected end of JSON input';
  if (!'{["-0123456789tfn'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
  return 'unexpected end of JSON input';
}

/** Go's yaml.v2 wording for the usual mistakes; line numbers point where Go's scanner stops. */
function goYamlError(text: string, e: unknown): string {
  const err = e as { code?: string; linePos?: { line: number; col: number }[] };
  const pos = err.linePos?.[0] ?? { line: 1, col: 1 };
  switch (err.code) {
    case 'BLOCK_AS_IMPLICIT_KEY': {
      // Go reports the line of the offending ':' (the value that turned into a nested key).
      const lines = text.split('\n');
      let line = pos.line;
      let rest = (lines[line - 1] ?? '').slice(pos.col - 1);
      while (!/:(\s|$)/.test(rest) && line < lines.length) rest = lines[line++] ?? '';
      return `yaml: line ${line}: mapping values are not allowed in this context`;
    }
    case 'TAB_AS_INDENT':
      return `yaml: line ${pos.line}: found character that cannot start any token`;
    case 'MISSING_CHAR':
      return `yaml: line ${pos.line}: found unexpected end of stream`;
    default:
      return `yaml: line ${pos.line}: did not find expected key`;
  }
}

/** Decodes a request body as the apiserver's serializers would (JSON, or YAML for YAML media types). */
export function decodeBody(ctx: ApiContext, yaml: boolean): unknown {
  const text = ctx.body;
  if (yaml) {
    try {
      return YAML.parse(text, { schema: 'core' }) as unknown;
    } catch (e) {
      throw errors.badRequest(`error decoding YAML: error converting YAML to JSON: ${goYamlError(text, e)}`);
    }
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw errors.badRequest(`couldn't get version/kind; json parse error: ${goJsonSyntaxError(text)}`);
  }
}

/** Checks a decoded body is an object of `def`'s kind (101) and fills in missing type metadata. */
export function asObjectOf(def: ResourceDef, body: unknown): KObject {
  if (!isPlainObject(body)) throw errors.badRequest(`couldn't get version/kind; json parse error: json: cannot unmarshal ${Array.isArray(body) ? 'array' : typeof body} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`);
  const obj = structuredClone(body);
  const gv = groupVersion(def);
  if (obj.kind && obj.kind !== def.kind) {
    const version = String(obj.apiVersion ?? gv).split('/').pop();
    const internal = def.group ? def.group.split('.')[0] : 'core';
    throw errors.badRequest(`${obj.kind} in version ${JSON.stringify(version)} cannot be handled as a ${def.kind}: converting (${version}.${obj.kind}) to (${internal}.${def.kind}): unknown conversion`);
  }
  obj.apiVersion ??= gv;
  obj.kind ??= def.kind;
  obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  decodeErrors(def, obj);
  return obj;
}

/** URL name/namespace versus the body's (055 and its namespace twin). */
export function checkIdentity(ctx: ApiContext, def: ResourceDef, obj: KObject): void {
  const meta = obj.metadata as KObject;
  const urlName = ctx.info.name;
  if (urlName !== undefined && meta.name !== undefined && meta.name !== urlName) {
    throw errors.badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${urlName})`);
  }
  if (urlName !== undefined) meta.name = urlName;
  if (def.namespaced) {
    if (meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== ctx.info.namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request');
    }
    meta.namespace = ctx.info.namespace;
  } else delete meta.namespace;
}

/** NamespaceLifecycle admission: no new objects in missing or terminating namespaces. */
export function checkNamespaceAdmits(ctx: ApiContext, def: ResourceDef, name: string): void {
  if (!def.namespaced || !ctx.info.namespace) return;
  const nsDef = ctx.state.registry.find('', 'v1', 'namespaces');
  const ns = nsDef ? ctx.state.store.read(nsDef, undefined, ctx.info.namespace) : undefined;
  if (!ns) throw errors.notFound({ group: '', resource: 'namespaces' }, ctx.info.namespace);
  if (ns.metadata?.deletionTimestamp) {
    throw errors.forbidden({ group: def.group, resource: def.plural }, name, `unable to create new content in namespace ${ctx.info.namespace} because it is being terminated`);
  }
}

/** Secrets: stringData is write-only and folds into base64 data; data must be valid base64. */
function normalizeSecret(obj: KObject): void {
  const data: KObject = { ...(obj.data ?? {}) };
  for (const [k, v] of Object.entries(data)) {
    const s = String(v);
    const bad = /[^A-Za-z0-9+/=]/.exec(s);
    if (bad || s.length % 4 !== 0) {
      throw errors.badRequest(`Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${bad ? bad.index : s.length}`);
    }
    data[k] = s;
  }
  for (const [k, v] of Object.entries((obj.stringData ?? {}) as KObject)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
  delete obj.stringData;
  if (Object.keys(data).length) obj.data = data;
  obj.type ??= 'Opaque';
}

function specPart(obj: KObject): KObject {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/**
 * PrepareForCreate + defaulting + validation. Returns the object to store: asObjectOf set its type metadata,
 * validateObject refused it without a name, and the uid is set here.
 */
export function prepareCreate(def: ResourceDef, obj: KObject): StoredObject {
  const meta = obj.metadata as KObject;
  if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${randomUUID().replace(/-/g, '').slice(0, 5)}`;
  for (const k of ['uid', 'resourceVersion', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'selfLink']) delete meta[k];
  meta.uid = randomUUID();
  meta.creationTimestamp = rfc3339();
  if (def.hasGeneration) meta.generation = 1;
  else delete meta.generation;
  let out = obj;
  if (def.crd) {
    out = pruneUnknownFields(out, def.crd.schema) as KObject;
    if (def.crd.hasStatus) delete out.status;
  } else if (def.subresources.has('status') && def.kind !== 'Pod' && def.kind !== 'Namespace' && def.kind !== 'Node') {
    out.status = {};
  }
  if (def.kind === 'Secret') normalizeSecret(out);
  applyDefaults(def, out, true);
  validateObject(def, out);
  out.metadata = orderMetadata(out.metadata as KObject);
  return out as StoredObject;
}

/**
 * PrepareForUpdate: system metadata comes from the stored object; writes to the main resource cannot change
 * status (when there is a status subresource).
 */
export function prepareUpdate(def: ResourceDef, old: StoredObject, next: KObject): StoredObject {
  let out = next;
  if (def.crd) out = pruneUnknownFields(out, def.crd.schema) as KObject;
  const meta = out.metadata as KObject;
  for (const k of ['uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'name', 'namespace']) {
    const kept = (old.metadata as KObject)[k];
    if (kept !== undefined) meta[k] = kept;
    else delete meta[k];
  }
  if (def.subresources.has('status')) {
    if (old.status !== undefined) out.status = old.status;
    else delete out.status;
  }
  if (def.kind === 'Secret') normalizeSecret(out);
  applyDefaults(def, out, false);
  if (def.hasGeneration && !deepEqual(specPart(old), specPart(out))) out.metadata.generation = (old.metadata.generation ?? 0) + 1;
  validateObject(def, out);
  out.metadata = orderMetadata(out.metadata as KObject);
  return out as StoredObject;
}

/** Stores the object unless this is a dry run; a dry-run create has no resourceVersion (047). */
export function persist(ctx: ApiContext, def: ResourceDef, obj: StoredObject, existing: boolean): StoredObject {
  if (isDryRun(ctx)) {
    if (!existing) delete obj.metadata.resourceVersion;
    return obj;
  }
  return ctx.state.store.write(def, obj);
}
