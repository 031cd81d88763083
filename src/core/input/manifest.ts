/**
 * Turns deploy_k8s_entity's `payload_manifest` (an object, or a YAML/JSON string) into the one object that is
 * sent as a server-side apply body. Everything is checked here, before any request: a manifest that does not
 * match the addressed resource would otherwise create a different object than the one the person approved.
 */
import { formatGroupVersion } from '../client/discovery';
import { ValidationError } from '../errors';
import { quoteForMessage } from './quoteForMessage';
import { validateDns1123Subdomain, validateObjectName } from './validation';
import { parseYamlManifest } from './yamlManifest';
import { isRecord } from '../isRecord';

export const MAX_MANIFEST_BYTES = 1024 * 1024;
const PARAM = 'payload_manifest';

type Json = Record<string, unknown>;

export interface ManifestTarget {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** target_ns (namespaced resources only). */
  namespace?: string | undefined;
  /** entity_name, when the caller gave one. */
  name?: string | undefined;
}

/** Fields the server owns: sending them either fails (uid, resourceVersion conflicts) or is ignored noise. */
const SERVER_OWNED_METADATA = ['managedFields', 'resourceVersion', 'uid', 'creationTimestamp', 'generation', 'selfLink'];

/** Parses the payload into a plain object: exactly one YAML/JSON document. */
export function parseManifestPayload(payload: unknown): Json {
  if (payload === undefined) throw new ValidationError(PARAM, 'it is required: the object to apply, e.g. {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"a":"1"}}.');
  if (typeof payload === 'string') return checkObject(parseManifestText(payload));
  return checkObject(payload);
}

function parseManifestText(text: string): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_MANIFEST_BYTES) throw tooLarge(bytes);
  const trimmed = text.trim();
  if (trimmed === '') throw new ValidationError(PARAM, 'the manifest is empty. Pass an object such as {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"demo"},"data":{"a":"1"}}.');
  // JSON is YAML too, but the JSON parser costs a few bytes per byte where the YAML parser costs hundreds: a JSON
  // text is read like an object payload (and checked like one below). Anything else is YAML, read with budgets.
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch {
      // Flow-style YAML ({a: 1}) or broken JSON: the YAML parser says which.
    }
  }
  return parseYamlManifest(text, MAX_MANIFEST_BYTES);
}

/** An object, at most MAX_MANIFEST_BYTES as JSON (also refuses what JSON cannot hold: cycles, deep nesting). */
function checkObject(value: unknown): Json {
  if (!isRecord(value)) throw notAnObject(value);
  let size: number;
  try {
    size = Buffer.byteLength(JSON.stringify(value), 'utf8');
  } catch {
    throw new ValidationError(PARAM, 'the manifest cannot be serialized to JSON.');
  }
  if (size > MAX_MANIFEST_BYTES) throw tooLarge(size);
  return value;
}

function tooLarge(bytes: number): ValidationError {
  return new ValidationError(PARAM, `the manifest is ${bytes} bytes; the limit is ${MAX_MANIFEST_BYTES} bytes (1 MiB, also the API server's limit for most objects).`);
}

function notAnObject(value: unknown): ValidationError {
  const what = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a ${typeof value} (${quoteForMessage(value, 40)})`;
  return new ValidationError(PARAM, `the manifest must be an object with apiVersion, kind and metadata.name, not ${what}.`);
}

/** RBAC object names follow path-segment rules (`system:controller:foo`), everything else DNS-1123 subdomain. */
function validateNewName(name: unknown, group: string): string {
  if (name === undefined || name === '') {
    throw new ValidationError(`${PARAM}.metadata.name`, 'it is required (server-side apply needs the name; generateName is not supported).');
  }
  return group === 'rbac.authorization.k8s.io'
    ? validateObjectName(name, `${PARAM}.metadata.name`)
    : validateDns1123Subdomain(name, `${PARAM}.metadata.name`, 'my-config');
}

/**
 * Parses and checks the manifest against the resolved resource; returns a cleaned copy (namespace filled in,
 * status and server-owned metadata dropped). Never mutates the caller's object.
 */
export function prepareManifest(payload: unknown, target: ManifestTarget): { object: Json; name: string } {
  const parsed = parseManifestPayload(payload);
  const expectedApiVersion = formatGroupVersion(target.group, target.version);
  if (parsed.apiVersion !== expectedApiVersion) {
    throw new ValidationError(`${PARAM}.apiVersion`, `${quoteForMessage(parsed.apiVersion)} does not match the addressed resource: expected "${expectedApiVersion}" (from api_group and api_version).`);
  }
  if (parsed.kind !== target.kind) {
    throw new ValidationError(`${PARAM}.kind`, `${quoteForMessage(parsed.kind)} does not match the addressed resource: expected "${target.kind}" (from resource_kind).`);
  }
  const metadata = parsed.metadata;
  if (!isRecord(metadata)) throw new ValidationError(`${PARAM}.metadata`, 'it is required and must be an object with at least a name.');
  const name = validateNewName(metadata.name, target.group);
  if (target.name !== undefined && target.name !== name) {
    throw new ValidationError('entity_name', `${quoteForMessage(target.name)} does not match the manifest's metadata.name ${quoteForMessage(name)}. Give the same name, or omit entity_name.`);
  }
  const cleanMetadata: Json = { ...metadata };
  for (const key of SERVER_OWNED_METADATA) delete cleanMetadata[key];
  if (target.namespaced) {
    if (cleanMetadata.namespace === undefined || cleanMetadata.namespace === '') cleanMetadata.namespace = target.namespace;
    else if (cleanMetadata.namespace !== target.namespace) {
      throw new ValidationError(`${PARAM}.metadata.namespace`, `${quoteForMessage(cleanMetadata.namespace)} does not match target_ns "${target.namespace}". Make them equal, or drop the manifest's namespace.`);
    }
  } else if (cleanMetadata.namespace !== undefined && cleanMetadata.namespace !== '') {
    throw new ValidationError(`${PARAM}.metadata.namespace`, `${target.kind} is cluster-scoped: remove metadata.namespace (${quoteForMessage(cleanMetadata.namespace)}).`);
  } else {
    delete cleanMetadata.namespace;
  }
  const { status: _status, ...rest } = parsed;
  return { object: { ...rest, metadata: cleanMetadata }, name };
}
