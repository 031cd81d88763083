// Writing responses the way Go's net/http and the apiserver do: `cache-control: no-cache, private` on
// everything, a Content-Length for bodies under Go's 2 KiB chunking buffer and chunked transfer above it,
// `x-content-type-options: nosniff` on 403s and plain-text 404s. Faults can slow the body down.
import type * as http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { KObject } from './types';
import { ApiError } from './statusErrors';

/** Go's net/http sends Content-Length when the handler wrote less than this before returning. */
const GO_CHUNKING_THRESHOLD = 2048;

export interface WriteOptions {
  /** Delay (ms) between the first and the second half of the body (faults.slowBodyMs). */
  slowBodyMs?: number;
}

function baseHeaders(contentType?: string): Record<string, string> {
  const headers: Record<string, string> = { 'Audit-Id': randomUUID(), 'Cache-Control': 'no-cache, private' };
  if (contentType) headers['Content-Type'] = contentType;
  return headers;
}

export function writeBody(
  res: http.ServerResponse,
  status: number,
  contentType: string | undefined,
  body: string | Buffer,
  extraHeaders: Record<string, string> = {},
  opts: WriteOptions = {},
): void {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers = { ...baseHeaders(contentType), ...extraHeaders };
  if (buf.length <= GO_CHUNKING_THRESHOLD) headers['Content-Length'] = String(buf.length);
  else headers['Transfer-Encoding'] = 'chunked';
  res.writeHead(status, headers);
  const delay = opts.slowBodyMs ?? 0;
  if (delay > 0 && buf.length > 1) {
    const half = Math.floor(buf.length / 2);
    res.write(buf.subarray(0, half));
    const timer = setTimeout(() => res.end(buf.subarray(half)), delay);
    res.once('close', () => clearTimeout(timer));
    return;
  }
  res.end(buf);
}

export function writeJson(
  res: http.ServerResponse, status: number, body: KObject | string, extraHeaders: Record<string, string> = {}, opts: WriteOptions = {},
): void {
  writeBody(res, status, 'application/json', typeof body === 'string' ? body : JSON.stringify(body), extraHeaders, opts);
}

export function writeError(res: http.ServerResponse, err: ApiError, opts: WriteOptions = {}): void {
  // Go's http.Error: text/plain, nosniff, the text and a newline.
  if (err.plainText !== undefined) writeBody(res, err.code, 'text/plain; charset=utf-8', `${err.plainText}\n`, { 'X-Content-Type-Options': 'nosniff', ...err.headers }, opts);
  else writeJson(res, err.code, err.status, err.headers, opts);
}

/** The mux's own 404 for paths no API group serves (008, 078). */
export function writeNotFoundText(res: http.ServerResponse): void {
  writeBody(res, 404, 'text/plain; charset=utf-8', '404 page not found\n', { 'X-Content-Type-Options': 'nosniff' });
}

/** Headers for a streamed body (watch, logs): chunked, no length. */
export function startStream(res: http.ServerResponse, status: number, contentType: string): void {
  res.writeHead(status, { ...baseHeaders(contentType), 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();
}
