// The boundary where wire JSON becomes a typed object: what a seed, a test or a recording hands to the store
// is checked here, so handlers can rely on StoredObject's types. A wrong shape is a bug in the caller (a seed
// or a test), never a client error, so it throws a plain Error naming the field.
import type { KObject, StoredObject } from './types';
import { isPlainObject } from './jsonValues';

function fail(where: string, field: string, want: string, got: unknown): never {
  throw new Error(`fake apiserver: ${where}: ${field} must be ${want}, got ${JSON.stringify(got)}`);
}

function checkStringMap(where: string, field: string, value: unknown): void {
  if (value === undefined) return;
  if (!isPlainObject(value) || !Object.values(value).every((v) => typeof v === 'string')) fail(where, field, 'a map of strings', value);
}

function checkOptional(where: string, meta: KObject, field: string, type: 'string' | 'number'): void {
  const value: unknown = meta[field];
  if (value !== undefined && typeof value !== type) fail(where, `metadata.${field}`, `a ${type}`, value);
}

function checkArrayOf(where: string, field: string, value: unknown, item: (v: unknown) => boolean, want: string): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every(item)) fail(where, field, want, value);
}

/**
 * Checks an object before it is stored: apiVersion, kind and metadata.name are strings, and the metadata the
 * fake maintains has its wire types. uid may be missing (the store fills it).
 */
export function checkObjectShape(value: unknown, where: string): asserts value is Omit<StoredObject, 'metadata'> & { metadata: KObject } {
  if (!isPlainObject(value)) fail(where, 'the object', 'a JSON object', value);
  if (typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') fail(where, 'apiVersion and kind', 'strings', [value.apiVersion, value.kind]);
  const meta: unknown = value.metadata;
  if (!isPlainObject(meta)) fail(where, 'metadata', 'an object', meta);
  if (typeof meta.name !== 'string' || meta.name === '') fail(where, 'metadata.name', 'a non-empty string', meta.name);
  for (const field of ['namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'deletionTimestamp', 'generateName']) checkOptional(where, meta, field, 'string');
  for (const field of ['generation', 'deletionGracePeriodSeconds']) checkOptional(where, meta, field, 'number');
  checkStringMap(where, 'metadata.labels', meta.labels);
  checkStringMap(where, 'metadata.annotations', meta.annotations);
  checkArrayOf(where, 'metadata.finalizers', meta.finalizers, (f) => typeof f === 'string', 'an array of strings');
  checkArrayOf(where, 'metadata.ownerReferences', meta.ownerReferences, (r) => isPlainObject(r) && typeof r.uid === 'string' && typeof r.name === 'string', 'an array of owner references with name and uid');
  checkArrayOf(where, 'metadata.managedFields', meta.managedFields, (e) => isPlainObject(e) && typeof e.manager === 'string' && isPlainObject(e.fieldsV1), 'an array of entries with manager and fieldsV1');
}
