// Custom resources against their CRD's structural schema: unknown fields are pruned silently, values are
// checked with kube-openapi's messages (092: `spec.size in body should be greater than or equal to 0`, enums
// as "Unsupported value" with the quoted choices).
import type { KObject } from './types';
import { isPlainObject } from './jsonValues';
import { goValue, type FieldError } from './statusErrors';

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(expected: string, v: unknown): boolean {
  const actual = typeName(v);
  if (expected === 'number') return actual === 'number' || actual === 'integer';
  return expected === actual;
}

function validate(value: unknown, schema: KObject, path: string, out: FieldError[]): void {
  if (schema.type && value !== null && !typeMatches(schema.type, value)) {
    const actual = typeName(value);
    out.push({ type: 'FieldValueInvalid', field: path, value: JSON.stringify(actual), detail: `${path} in body must be of type ${schema.type}: ${JSON.stringify(actual)}` });
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((e: unknown) => e === value)) {
    out.push({ type: 'FieldValueNotSupported', field: path, value: goValue(value), detail: `supported values: ${schema.enum.map(goValue).join(', ')}` });
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) {
      out.push({ type: 'FieldValueInvalid', field: path, value: String(value), detail: `${path} in body should be greater than or equal to ${schema.minimum}` });
    }
    if (typeof schema.maximum === 'number' && value > schema.maximum) {
      out.push({ type: 'FieldValueInvalid', field: path, value: String(value), detail: `${path} in body should be less than or equal to ${schema.maximum}` });
    }
  }
  if (typeof value === 'string') {
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength) {
      out.push({ type: 'FieldValueTooLong', field: path, detail: `may not be longer than ${schema.maxLength}` });
    }
    if (typeof schema.minLength === 'number' && value.length < schema.minLength) {
      out.push({ type: 'FieldValueInvalid', field: path, value: goValue(value), detail: `${path} in body should be at least ${schema.minLength} chars long` });
    }
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern).test(value)) {
      out.push({ type: 'FieldValueInvalid', field: path, value: goValue(value), detail: `${path} in body should match '${schema.pattern}'` });
    }
  }
  if (isPlainObject(value) && isPlainObject(schema.properties)) {
    for (const req of (schema.required ?? []) as string[]) {
      if (value[req] === undefined) out.push({ type: 'FieldValueRequired', field: path ? `${path}.${req}` : req });
    }
    // Errors follow the order of the object's own fields, like the recording (092).
    for (const [k, v] of Object.entries(value)) {
      const sub = schema.properties[k];
      if (isPlainObject(sub)) validate(v, sub, path ? `${path}.${k}` : k, out);
    }
  }
  if (Array.isArray(value) && isPlainObject(schema.items)) value.forEach((item, i) => validate(item, schema.items, `${path}[${i}]`, out));
}

export function validateAgainstSchema(obj: KObject, schema: KObject | undefined): FieldError[] {
  if (!schema) return [];
  const out: FieldError[] = [];
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  const props = (schema.properties ?? {}) as KObject;
  for (const [k, v] of Object.entries(rest)) if (isPlainObject(props[k])) validate(v, props[k], k, out);
  return out;
}

/** Drops fields the schema does not declare (structural pruning), unless it preserves unknown fields. */
export function pruneUnknownFields(value: unknown, schema: KObject | undefined, root = true): unknown {
  if (!schema || schema['x-kubernetes-preserve-unknown-fields'] === true) return value;
  if (Array.isArray(value)) return isPlainObject(schema.items) ? value.map((v) => pruneUnknownFields(v, schema.items, false)) : value;
  if (!isPlainObject(value)) return value;
  const props = schema.properties as KObject | undefined;
  if (!props) return isPlainObject(schema.additionalProperties) ? value : root ? value : {};
  const out: KObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (root && (k === 'apiVersion' || k === 'kind' || k === 'metadata')) out[k] = v;
    else if (isPlainObject(props[k])) out[k] = pruneUnknownFields(v, props[k], false);
  }
  return out;
}
