// Validation for the kinds tests write, with the apiserver's exact field paths and messages (422 Invalid with
// causes, 054): object names, labels, ConfigMap/Secret keys, Deployment selectors and templates, Pod
// containers. Custom resources are validated against their CRD schema (crdSchema.ts).
import type { KObject, ResourceDef } from './types';
import { errors, goValue, type FieldError } from './statusErrors';
import { goQuote } from './jsonValues';
import { validateAgainstSchema } from './crdSchema';
import { parseLabelSelectorObject } from './selectors';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_NAME_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const CONFIG_KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Kinds whose names must be DNS labels rather than subdomains. */
const LABEL_NAMED = new Set(['Namespace', 'Service']);

export function nameErrors(kind: string, name: string): FieldError[] {
  const label = LABEL_NAMED.has(kind);
  const ok = label ? DNS1123_LABEL.test(name) && name.length <= 63 : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
  return ok ? [] : [{ type: 'FieldValueInvalid', field: 'metadata.name', value: goQuote(name), detail: label ? LABEL_NAME_MSG : SUBDOMAIN_MSG }];
}

function qualifiedKeyErrors(key: string, field: string): FieldError[] {
  const parts = key.split('/');
  const name = parts[parts.length - 1] ?? '';
  const prefix = parts.length === 2 ? parts[0] ?? '' : '';
  const msgs: string[] = [];
  if (parts.length > 2) msgs.push("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
  else {
    if (parts.length === 2 && !DNS1123_SUBDOMAIN.test(prefix)) msgs.push(`prefix part ${SUBDOMAIN_MSG}`);
    if (!name) msgs.push('name part must be non-empty');
    else if (name.length > 63) msgs.push('name part must be no more than 63 characters');
    else if (!QUALIFIED_NAME_PART.test(name)) msgs.push(NAME_PART_MSG);
  }
  return msgs.length ? [{ type: 'FieldValueInvalid', field, value: goQuote(key), detail: msgs.join('; ') }] : [];
}

function metadataErrors(obj: KObject): FieldError[] {
  const out: FieldError[] = [];
  for (const [k, v] of Object.entries((obj.metadata?.labels ?? {}) as KObject)) {
    out.push(...qualifiedKeyErrors(k, 'metadata.labels'));
    const value = String(v);
    if (value.length > 63) out.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: goQuote(value), detail: 'must be no more than 63 characters' });
    else if (!LABEL_VALUE.test(value)) out.push({ type: 'FieldValueInvalid', field: 'metadata.labels', value: goQuote(value), detail: LABEL_VALUE_MSG });
  }
  for (const k of Object.keys((obj.metadata?.annotations ?? {}) as KObject)) out.push(...qualifiedKeyErrors(k.toLowerCase(), 'metadata.annotations'));
  return out;
}

function dataKeyErrors(data: KObject | undefined, field: string): FieldError[] {
  const out: FieldError[] = [];
  for (const key of Object.keys(data ?? {})) {
    if (!CONFIG_KEY.test(key)) out.push({ type: 'FieldValueInvalid', field: `${field}[${key}]`, value: goQuote(key), detail: CONFIG_KEY_MSG });
    else if (key === '.' || key === '..') out.push({ type: 'FieldValueInvalid', field: `${field}[${key}]`, value: goQuote(key), detail: `must not be '${key}'` });
  }
  return out;
}

function containerErrors(spec: KObject | undefined, field: string): FieldError[] {
  const containers = spec?.containers as KObject[] | undefined;
  if (!containers || containers.length === 0) return [{ type: 'FieldValueRequired', field: `${field}.containers` }];
  const out: FieldError[] = [];
  containers.forEach((c, i) => {
    if (!c.name) out.push({ type: 'FieldValueRequired', field: `${field}.containers[${i}].name` });
    if (!c.image) out.push({ type: 'FieldValueRequired', field: `${field}.containers[${i}].image` });
  });
  return out;
}

function workloadErrors(obj: KObject): FieldError[] {
  const spec = (obj.spec ?? {}) as KObject;
  const out: FieldError[] = [];
  if (typeof spec.replicas === 'number' && spec.replicas < 0) {
    out.push({ type: 'FieldValueInvalid', field: 'spec.replicas', value: String(spec.replicas), detail: 'must be greater than or equal to 0' });
  }
  const templateLabels = spec.template?.metadata?.labels as KObject | undefined;
  // A nil selector is both "required" and, matching nothing, a mismatch with the template labels.
  if (!spec.selector) out.push({ type: 'FieldValueRequired', field: 'spec.selector' });
  const matches = spec.selector ? parseLabelSelectorObject(spec.selector)(templateLabels ?? {}) : false;
  if (!matches) {
    out.push({
      type: 'FieldValueInvalid',
      field: 'spec.template.metadata.labels',
      value: templateLabels ? goValue(templateLabels) : 'map[string]string(nil)',
      detail: '`selector` does not match template `labels`',
    });
  }
  out.push(...containerErrors(spec.template?.spec, 'spec.template.spec'));
  return out;
}

/** Throws a 422 Invalid when `obj` would be rejected by the apiserver's validation. */
export function validateObject(def: ResourceDef, obj: KObject): void {
  const name = String(obj.metadata?.name ?? '');
  const causes: FieldError[] = [];
  if (!name) causes.push({ type: 'FieldValueRequired', field: 'metadata.name', detail: 'name or generateName is required' });
  else causes.push(...nameErrors(def.kind, name));
  causes.push(...metadataErrors(obj));
  if (def.crd) causes.push(...validateAgainstSchema(obj, def.crd.schema));
  else if (def.kind === 'ConfigMap') causes.push(...dataKeyErrors(obj.data, 'data'), ...dataKeyErrors(obj.binaryData, 'binaryData'));
  else if (def.kind === 'Secret') causes.push(...dataKeyErrors(obj.data, 'data'));
  else if (['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(def.kind)) causes.push(...workloadErrors(obj));
  else if (def.kind === 'Pod') causes.push(...containerErrors(obj.spec, 'spec'));
  if (causes.length) throw errors.invalid({ group: def.group, kind: def.kind }, name, causes);
}

/**
 * Typed kinds reject wrongly typed values while decoding (400), before validation: a ConfigMap value that is
 * not a string cannot become a Go string.
 */
export function decodeErrors(def: ResourceDef, obj: KObject): void {
  if (def.kind !== 'ConfigMap' && def.kind !== 'Secret') return;
  for (const field of ['data', 'stringData', 'binaryData']) {
    for (const v of Object.values((obj[field] ?? {}) as KObject)) {
      if (typeof v !== 'string') {
        const jsType = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'boolean' ? 'bool' : typeof v;
        throw errors.badRequest(
          `${def.kind} in version "v1" cannot be handled as a ${def.kind}: json: cannot unmarshal ${jsType} into Go struct field ${def.kind}.${field} of type string`,
        );
      }
    }
  }
}
