// metav1.Status bodies exactly as k8s.io/apimachinery/pkg/api/errors builds them. Field order matters for
// byte-level comparisons with the recordings: kind, apiVersion, metadata, status, message, reason, details, code;
// inside details: name, group, kind, uid, causes, retryAfterSeconds.
import type { GroupResource, Status, StatusDetails } from './types';
import { goQuote } from './jsonValues';

export type { StatusCause, StatusDetails } from './types';

/**
 * An error a handler throws; the router writes `status` as the response, or `plainText` when set: filters that
 * answer before the API machinery (priority-and-fairness, max-in-flight) use Go's http.Error, a text/plain line.
 */
export class ApiError extends Error {
  constructor(readonly status: Status, readonly headers: Record<string, string> = {}, readonly plainText?: string) {
    super(String(status.message ?? status.reason ?? 'error'));
  }
  get code(): number {
    return Number(this.status.code);
  }
}

function compactDetails(d: StatusDetails): StatusDetails {
  const out: StatusDetails = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

export function failure(code: number, reason: string | undefined, message: string, details?: StatusDetails): Status {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure' };
  if (message) body.message = message;
  if (reason) body.reason = reason;
  if (details) body.details = compactDetails(details);
  body.code = code;
  return body;
}

export function success(details?: StatusDetails, code?: number): Status {
  const body: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success' };
  if (details) body.details = compactDetails(details);
  if (code) body.code = code;
  return body;
}

/** `deployments.apps`, `configmaps`: GroupResource.String(). */
export function qualified(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

function named(gr: GroupResource, name: string | undefined): StatusDetails {
  return { name, group: gr.group, kind: gr.resource };
}

export const errors = {
  notFound(gr: GroupResource, name: string): ApiError {
    return new ApiError(failure(404, 'NotFound', `${qualified(gr)} ${goQuote(name)} not found`, named(gr, name)));
  },
  /** A path the apiserver routes but has no resource for (021): details is an empty object. */
  genericNotFound(): ApiError {
    return new ApiError(failure(404, 'NotFound', 'the server could not find the requested resource', {}));
  },
  badRequest(message: string): ApiError {
    return new ApiError(failure(400, 'BadRequest', message));
  },
  methodNotAllowed(): ApiError {
    return new ApiError(failure(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {}));
  },
  notAcceptable(): ApiError {
    return new ApiError(
      failure(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf'),
    );
  },
  unsupportedMediaType(): ApiError {
    return new ApiError(failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {}));
  },
  invalid(kind: { group: string; kind: string }, name: string, causes: FieldError[]): ApiError {
    const qualifiedKind = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
    const aggregate = causes.length === 1 ? fieldErrorText(causes[0] as FieldError) : `[${causes.map(fieldErrorText).join(', ')}]`;
    const message = `${qualifiedKind} ${goQuote(name)} is invalid: ${aggregate}`;
    return new ApiError(
      failure(422, 'Invalid', message, {
        name,
        group: kind.group,
        kind: kind.kind,
        causes: causes.map((c) => ({ reason: c.type, message: fieldErrorBody(c), field: c.field })),
      }),
    );
  },
  forbidden(gr: GroupResource, name: string | undefined, why: string): ApiError {
    let message: string;
    if (!gr.resource && !gr.group) message = `forbidden: ${why}`;
    else if (!name) message = `${qualified(gr)} is forbidden: ${why}`;
    else message = `${qualified(gr)} ${goQuote(name)} is forbidden: ${why}`;
    return new ApiError(failure(403, 'Forbidden', message, named(gr, name)), { 'x-content-type-options': 'nosniff' });
  },
  unauthorized(): ApiError {
    return new ApiError(failure(401, 'Unauthorized', 'Unauthorized'));
  },
  internal(message: string): ApiError {
    return new ApiError(failure(500, 'InternalError', `Internal error occurred: ${message}`, { causes: [{ message }] }));
  },
  /**
   * A request the real apiserver serves but this fake does not, because nothing in the project sends it (see
   * README.md): a loud 501 that no real server gives, so a test relying on it fails instead of passing on a guess.
   */
  notImplemented(what: string): ApiError {
    return new ApiError(failure(501, 'NotImplemented', `fake apiserver: ${what} is not implemented (nothing in the project sends it; see test/fake-apiserver/README.md)`));
  },
  /** A plain Go error that reached the handler (no Status attached): 500 with no reason. */
  unknown(message: string, code = 500): ApiError {
    return new ApiError(failure(code, undefined, message));
  },
};

/** field.Error: type is the cause reason (FieldValueInvalid, FieldValueRequired, ...). */
export interface FieldError {
  type: 'FieldValueInvalid' | 'FieldValueRequired' | 'FieldValueNotSupported' | 'FieldValueForbidden' | 'FieldValueTooLong' | 'FieldValueDuplicate';
  field: string;
  /** Already formatted like Go's field.Error value printing (strings quoted, numbers bare). */
  value?: string;
  detail?: string;
}

export function fieldErrorBody(e: FieldError): string {
  switch (e.type) {
    case 'FieldValueRequired':
      return e.detail ? `Required value: ${e.detail}` : 'Required value';
    case 'FieldValueNotSupported':
      return `Unsupported value: ${e.value ?? ''}${e.detail ? `: ${e.detail}` : ''}`;
    case 'FieldValueForbidden':
      return e.detail ? `Forbidden: ${e.detail}` : 'Forbidden';
    case 'FieldValueTooLong':
      return `Too long: ${e.detail ?? ''}`;
    case 'FieldValueDuplicate':
      return `Duplicate value: ${e.value ?? ''}`;
    default:
      return `Invalid value: ${e.value ?? ''}${e.detail ? `: ${e.detail}` : ''}`;
  }
}

export function fieldErrorText(e: FieldError): string {
  return `${e.field}: ${fieldErrorBody(e)}`;
}

/** Go's field.Invalid value printing: strings quoted, numbers and booleans bare, maps with %#v. */
export function goValue(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[]interface {}{${value.map(goValue).join(', ')}}`;
  // Go prints maps with sorted keys.
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.every(([, v]) => typeof v === 'string')) {
    return `map[string]string{${entries.map(([k, v]) => `${goQuote(k)}:${goQuote(v as string)}`).join(', ')}}`;
  }
  return `map[string]interface {}{${entries.map(([k, v]) => `${goQuote(k)}:${goValue(v)}`).join(', ')}}`;
}
