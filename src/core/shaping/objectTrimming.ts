/**
 * What `get` returns: the object without `metadata.managedFields` (a token sink: often half the object) and
 * without kubectl's last-applied annotation (a second copy of the spec), with Secret values masked unless the
 * server was started with secret values allowed.
 */
import { LAST_APPLIED_ANNOTATION as LAST_APPLIED } from './annotationTrimmer';
import { maskSecretsDeep } from './secretMasking';
import { isRecord } from '../isRecord';

export interface TrimOptions {
  allowSecretValues: boolean;
}

type Json = Record<string, unknown>;

function trimMetadata(obj: Json): Json {
  const metadata = obj.metadata;
  if (!isRecord(metadata)) return obj;
  const annotations = metadata.annotations;
  const hasLastApplied = isRecord(annotations) && LAST_APPLIED in annotations;
  if (!('managedFields' in metadata) && !hasLastApplied) return obj;
  const { managedFields: _dropped, ...rest } = metadata;
  if (hasLastApplied) {
    const { [LAST_APPLIED]: _lastApplied, ...others } = annotations;
    if (Object.keys(others).length > 0) rest.annotations = others; else delete rest.annotations;
  }
  return { ...obj, metadata: rest };
}

/** Trims one object or every item of a list; never mutates its input. */
export function trimObject(value: unknown, options: TrimOptions): unknown {
  if (!isRecord(value)) return value;
  let out = trimMetadata(value);
  if (Array.isArray(out.items)) out = { ...out, items: out.items.map((item: unknown) => (isRecord(item) ? trimMetadata(item) : item)) };
  return options.allowSecretValues ? out : maskSecretsDeep(out);
}
