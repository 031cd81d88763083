/**
 * Turns a Kubernetes `Status` body (or a non-JSON error body) into a typed K8sError with one short, actionable
 * message. The API server's own message already names the verb, resource and user for 403s
 * (`User "x" cannot get resource "secrets" ...`), so it is kept and a hint is added.
 */
import { K8sError, type K8sErrorKind } from '../errors';

export interface KubeStatus {
  kind?: string;
  status?: string;
  message?: string;
  reason?: string;
  code?: number;
  details?: {
    name?: string;
    group?: string;
    kind?: string;
    retryAfterSeconds?: number;
    causes?: Array<{ reason?: string; message?: string; field?: string }>;
  };
}

function kindForStatus(code: number): K8sErrorKind {
  switch (code) {
    // 405: the resource does not serve this verb; 410: a list's continue token expired.
    case 400: case 405: case 406: case 410: case 415: return 'bad-request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not-found';
    case 409: return 'conflict';
    case 422: return 'invalid';
    case 429: return 'rate-limited';
    default: return code >= 500 ? 'unavailable' : 'internal';
  }
}

export function parseStatus(body: Buffer | string): KubeStatus | undefined {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (!text.startsWith('{')) return undefined;
  try {
    const parsed = JSON.parse(text) as KubeStatus;
    return parsed && parsed.kind === 'Status' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Lists `causes` compactly: the field and the server's message, one per cause. */
export function describeCauses(status: KubeStatus, limit = 10): string {
  const causes = status.details?.causes ?? [];
  const parts = causes.slice(0, limit).map((c) => (c.field ? `${c.field}: ${c.message ?? c.reason ?? ''}` : c.message ?? c.reason ?? ''));
  if (causes.length > limit) parts.push(`… and ${causes.length - limit} more`);
  return parts.filter(Boolean).join('; ');
}

/**
 * 500s that are not the server failing but the request being wrong: retrying sends the same request to the same
 * answer, so they say what to fix instead. structured-merge-diff and the base64 decoder return plain Go errors,
 * which the apiserver can only answer as 500 (kubernetes/kubernetes#122480, #139253).
 */
const DETERMINISTIC_SERVER_ERRORS: ReadonlyArray<[RegExp, string]> = [
  [/failed to create typed patch object/,
    'The manifest does not fit the resource\'s schema: the field named above is not declared there, or its value has the wrong type. Fix or remove that field; the same request fails the same way every time.'],
  [/illegal base64 data at input byte/,
    'A value that must be base64 is not: each value of a Secret\'s data (or a ConfigMap\'s binaryData) must be base64-encoded; put plain text in a Secret\'s stringData instead. The same request fails the same way every time.'],
];

function deterministicHint(statusCode: number, message: string): string | undefined {
  if (statusCode < 500) return undefined;
  return DETERMINISTIC_SERVER_ERRORS.find(([pattern]) => pattern.test(message))?.[1];
}

/**
 * Seconds after which a retry may succeed: the Retry-After header (delta-seconds, or an HTTP date), else the
 * Status's details.retryAfterSeconds. Undefined when the answer names none.
 */
export function retryAfterSeconds(header: string | undefined, status: KubeStatus | undefined, now = Date.now()): number | undefined {
  const text = header?.trim();
  if (text) {
    const seconds = /^\d+$/.test(text) ? Number(text) : Math.ceil((Date.parse(text) - now) / 1000);
    if (Number.isFinite(seconds)) return Math.max(seconds, 1);
  }
  const fromStatus = status?.details?.retryAfterSeconds;
  return typeof fromStatus === 'number' && fromStatus > 0 ? fromStatus : undefined;
}

function rateLimitHint(status: KubeStatus, retryAfter: number | undefined): string {
  // An eviction refused by a PodDisruptionBudget is a 429 too, but nothing is throttled: the budget is spent.
  if (status.details?.causes?.some((c) => c.reason === 'DisruptionBudget')) {
    return 'A PodDisruptionBudget allows no more disruptions now: retry the eviction once more of its pods are ready.';
  }
  return retryAfter === undefined
    ? 'The API server is throttling requests; retry in a few seconds.'
    : `The API server is throttling requests; retry in ${retryAfter} s.`;
}

function hintFor(kind: K8sErrorKind, status: KubeStatus, statusCode: number, retryAfter: number | undefined): string {
  if (statusCode === 405) return 'This resource does not support that operation (its verbs are listed in API discovery).';
  if (statusCode === 410) {
    return 'The continue token expired (the API server keeps a list snapshot for a few minutes): list again from the first page, without continue.';
  }
  switch (kind) {
    case 'unauthorized':
      return 'The credentials of this context were rejected: refresh them (log in again) or pick another context.';
    case 'forbidden':
      // The WebSocket upgrade is a GET, so exec is authorized as `get` on pods/exec; rules written for the old
      // SPDY POST grant only `create`.
      if (/resource "pods\/(exec|attach|portforward)"/.test(status.message ?? '')) {
        return 'Exec over WebSocket needs the get verb on pods/exec (roles written for older kubectl often grant only create); try a context with that right.';
      }
      return 'Your user lacks this permission (RBAC); try a read, another namespace, or a context with more rights.';
    case 'not-found':
      return status.details?.kind || status.details?.name
        ? 'Check the name and namespace, or list the collection with scan_k8s_collection.'
        : 'Check api_group, api_version and resource_kind (the API server does not serve this path).';
    case 'rate-limited':
      return rateLimitHint(status, retryAfter);
    case 'unavailable':
      return retryAfter === undefined ? 'The API server failed; retry shortly.' : `The API server failed; retry in ${retryAfter} s.`;
    default:
      return '';
  }
}

/** "message. hint", without doubling the message's own full stop. */
export function withHint(message: string, hint: string): string {
  if (!hint) return message;
  return /[.!?]$/.test(message) ? `${message} ${hint}` : `${message}. ${hint}`;
}

/** Builds the error for a non-2xx answer. `what` describes the request, e.g. `GET deployments "api-v1"`. */
export function errorFromResponse(statusCode: number, body: Buffer, what: string, retryAfterHeader?: string): K8sError {
  const status = parseStatus(body);
  let message: string;
  if (status?.message) {
    message = status.message;
  } else {
    // No Status: a filter in front of the API machinery (priority-and-fairness's 429), a proxy, a load balancer.
    const text = body.toString('utf8').trim().slice(0, 300);
    message = `${what} failed with HTTP ${statusCode}${text ? `: ${text}` : ''}`;
  }
  const deterministic = deterministicHint(statusCode, message);
  const kind = deterministic ? 'bad-request' : kindForStatus(statusCode);
  const causes = kind === 'invalid' || kind === 'bad-request' ? describeCauses(status ?? {}) : '';
  if (causes && !message.includes(causes)) message += ` (${causes})`;
  const retryAfter = deterministic ? undefined : retryAfterSeconds(retryAfterHeader, status);
  const hint = deterministic ?? hintFor(kind, status ?? {}, statusCode, retryAfter);
  return new K8sError(kind, withHint(message, hint), statusCode, retryAfter);
}
