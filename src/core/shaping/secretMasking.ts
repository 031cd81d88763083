/**
 * Secret values are masked everywhere by default (SPEC §6). The agent still sees which keys a Secret holds and
 * how long each value is, which answers most questions ("is the password set? is it empty?") without putting
 * credentials into a model's context. The last-applied annotation is masked too: `kubectl apply` stores the
 * whole manifest there, data included, in clear text.
 */
import { LAST_APPLIED_ANNOTATION } from './annotationTrimmer';
import { isRecord } from '../isRecord';

/** The loose shape of a JSON object from the API server (a thin adapter: fields are checked before use). */
type JsonObject = Record<string, unknown>;

export interface MaskOptions {
  /**
   * Treat items without a kind as Secrets. Set it when the caller knows the resource is `secrets` but the
   * response does not say so: a Table's rows carry PartialObjectMetadata, whose annotations include
   * last-applied.
   */
  assumeSecrets?: boolean;
}

/** A core/v1 Secret. A missing apiVersion counts (manifests and some list items omit it); other groups do not. */
export function isSecret(obj: unknown): obj is JsonObject & { kind: 'Secret' } {
  return isRecord(obj) && obj['kind'] === 'Secret' && (obj['apiVersion'] === 'v1' || obj['apiVersion'] === undefined);
}

function maskedMarker(bytes: number): string {
  return `<masked: ${bytes} bytes>`;
}

function maskValues(values: unknown, byteLength: (value: string) => number): unknown {
  if (!isRecord(values)) return values;
  const masked: JsonObject = {};
  for (const [key, value] of Object.entries(values)) {
    masked[key] = typeof value === 'string' ? maskedMarker(byteLength(value)) : '<masked>';
  }
  return masked;
}

/** A copy of the metadata with last-applied masked; the same object when there is nothing to mask. */
function maskMetadata(metadata: unknown): unknown {
  if (!isRecord(metadata)) return metadata;
  const annotations = metadata['annotations'];
  if (!isRecord(annotations) || !(LAST_APPLIED_ANNOTATION in annotations)) return metadata;
  return { ...metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: '<masked>' } };
}

/**
 * A copy of `obj` with every `data` and `stringData` value replaced by `<masked: N bytes>` (N: the decoded
 * length) and last-applied replaced by `<masked>`. The input is not modified; `obj` is returned unchanged
 * when it is not a Secret.
 */
export function maskSecret<T>(obj: T): T {
  if (!isSecret(obj)) return obj;
  return maskSecretFields(obj) as T;
}

function maskSecretFields(obj: JsonObject): JsonObject {
  const masked: JsonObject = { ...obj };
  if ('metadata' in obj) masked['metadata'] = maskMetadata(obj['metadata']);
  if ('data' in obj) masked['data'] = maskValues(obj['data'], (value) => Buffer.from(value, 'base64').length);
  if ('stringData' in obj) masked['stringData'] = maskValues(obj['stringData'], (value) => Buffer.byteLength(value, 'utf8'));
  return masked;
}

/** Maps `items` with `mask`; the same array when no item changed, so lists without Secrets are not copied. */
function mapItems(items: unknown[], mask: (item: unknown) => unknown): unknown[] {
  let result: unknown[] | undefined;
  items.forEach((item, index) => {
    const masked = mask(item);
    if (masked !== item) {
      result ??= items.slice();
      result[index] = masked;
    }
  });
  return result ?? items;
}

/**
 * Masks a Secret, every Secret in a `List`/`SecretList`, and every Secret carried by a `Table`'s rows.
 * Anything else is returned as is, without copying.
 */
export function maskSecretsDeep<T>(value: T, options: MaskOptions = {}): T {
  return maskAny(value, options.assumeSecrets === true) as T;
}

function maskAny(value: unknown, assumeSecrets: boolean): unknown {
  if (!isRecord(value)) return value;
  if (isSecret(value)) return maskSecretFields(value);
  const kind: unknown = value['kind'];
  const items: unknown = value['items'];
  if (Array.isArray(items) && typeof kind === 'string' && kind.endsWith('List')) {
    // SecretList items have no kind of their own: every item is a Secret.
    const itemsAreSecrets = assumeSecrets || kind === 'SecretList';
    const masked = mapItems(items, (item) => (itemsAreSecrets && isRecord(item) ? maskSecretFields(item) : maskAny(item, false)));
    return masked === items ? value : { ...value, items: masked };
  }
  const rows: unknown = value['rows'];
  if (kind === 'Table' && Array.isArray(rows)) {
    const masked = mapItems(rows, (row) => {
      if (!isRecord(row) || !isRecord(row['object'])) return row;
      const object = row['object'];
      const maskedObject = assumeSecrets ? maskSecretFields(object) : maskAny(object, false);
      return maskedObject === object ? row : { ...row, object: maskedObject };
    });
    return masked === rows ? value : { ...value, rows: masked };
  }
  if (assumeSecrets && value['kind'] === 'PartialObjectMetadata') return maskSecretFields(value);
  return value;
}
