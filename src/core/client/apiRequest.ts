/**
 * One request to the API server as the client sends it (method, path, query, body, signal, body cap) and the
 * answer as it comes back, before any parsing: the vocabulary between ClusterClient and the operations.
 */
import type * as http from 'node:http';

export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface ApiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Already validated and URL-encoded path, e.g. /api/v1/namespaces/lab-apps/pods. */
  path: string;
  query?: Record<string, QueryValue> | undefined;
  accept?: string | undefined;
  contentType?: string | undefined;
  body?: string | Buffer | undefined;
  /** The call's deadline and cancellation in one (abortReason.ts); without one, DEFAULT_TIMEOUT_MS applies. */
  signal?: AbortSignal | undefined;
  /** Stop reading after this many bytes (logs); the response says `truncated`. */
  maxBodyBytes?: number | undefined;
  /**
   * When the deadline (the signal) passes after a 2xx answer began, return what arrived (the response says `cutByDeadline`)
   * instead of failing: the first lines of a slow log are still worth having.
   */
  keepPartialAtDeadline?: boolean | undefined;
}

export interface ApiResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body's text as one buffer, made on first use (a Status body); a JSON answer is read through `text()`. */
  readonly body: Buffer;
  /** The body's size in bytes. */
  size: number;
  /** The body as UTF-8 text. */
  text(): string;
  truncated: boolean;
  /** The deadline ended the body (only with keepPartialAtDeadline). */
  cutByDeadline?: boolean;
}

export function buildQuery(query: Record<string, QueryValue> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (typeof value === 'object') for (const v of value) params.append(key, v); // the only object in QueryValue is string[]
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
