// Fault switches for resilience tests: per-request latency, slow bodies, dropped connections, bodies cut short,
// slowly dripping logs, and bursts of error answers shaped like the real ones (a 429 with Retry-After as a
// Status or as priority-and-fairness's plain text, a 500 InternalError, a 503 ServiceUnavailable, a 504 Timeout).
// Also two behaviour switches: resources that cannot be printed as Tables (to test clients' fallback) and a
// kubelet that speaks only v4 exec, like 1.25.
import type * as http from 'node:http';
import { ApiError, failure } from './statusErrors';

export interface FailOptions {
  /** Retry-After seconds (default 1 for 429, none otherwise). */
  retryAfterSeconds?: number;
  message?: string;
  /** Only requests whose path (without query) matches fail; others pass untouched. */
  path?: string | RegExp;
  /**
   * Answer as the filters in front of the API machinery do (priority-and-fairness, max-in-flight): Go's
   * http.Error, a text/plain line instead of a Status.
   */
  plainText?: boolean;
}

interface PendingFailure {
  remaining: number;
  status: number;
  opts: FailOptions;
}

function matches(path: string, filter: string | RegExp | undefined): boolean {
  if (filter === undefined) return true;
  return typeof filter === 'string' ? path === filter || path.startsWith(filter) : filter.test(path);
}

export function faultError(status: number, opts: FailOptions = {}): ApiError {
  const retry = opts.retryAfterSeconds ?? (status === 429 ? 1 : undefined);
  const headers: Record<string, string> = retry ? { 'Retry-After': String(retry) } : {};
  switch (status) {
    case 429: {
      const message = opts.message ?? 'Too many requests, please try again later.';
      return new ApiError(failure(429, 'TooManyRequests', message, { retryAfterSeconds: retry }), headers, opts.plainText ? message : undefined);
    }
    case 500: {
      const msg = opts.message ?? 'fake apiserver: injected fault';
      return new ApiError(failure(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }], retryAfterSeconds: retry }), headers);
    }
    case 503:
      return new ApiError(failure(503, 'ServiceUnavailable', opts.message ?? 'the server is currently unable to handle the request', { retryAfterSeconds: retry }), headers);
    case 504:
      return new ApiError(failure(504, 'Timeout', opts.message ?? 'Timeout: request did not complete within requested timeout - context deadline exceeded', {}), headers);
    default:
      return new ApiError(failure(status, undefined, opts.message ?? `the server responded with the status code ${status} but did not return more information`), headers);
  }
}

export class Faults {
  /** Added before every request is processed (ms). */
  latencyMs = 0;
  /** Delay between the halves of every non-streamed response body (ms). */
  slowBodyMs = 0;
  /** Delay before each line of a pod log (ms): a slow container, or a slow link, that a deadline cuts. */
  logLineDelayMs = 0;
  /** Resources that refuse the Table representation: plural, or `plural.group` (`deployments.apps`). */
  readonly noTables = new Set<string>();
  /** When true the simulated kubelet accepts only v4 (and older) exec subprotocols, like a 1.25 kubelet. */
  execV4Only = false;
  /** Exec sessions lose their connection (no close frame) this long after the upgrade (ms; 0: never). */
  execResetAfterMs = 0;
  private failures: PendingFailure[] = [];
  private drops: { remaining: number; path?: string | RegExp }[] = [];
  private cuts: { remaining: number; keepBytes: number; path?: string | RegExp }[] = [];

  /** The next `count` requests get an error answer with this status instead of being served. */
  failNext(count: number, status = 500, opts: FailOptions = {}): void {
    this.failures.push({ remaining: count, status, opts });
  }

  /** The next `count` requests have their connection destroyed without an answer. */
  dropNext(count: number, path?: string | RegExp): void {
    this.drops.push({ remaining: count, path });
  }

  /**
   * The next `count` answers end cleanly after `keepBytes` bytes of body, chunked and without a length, as when a
   * proxy in between loses the rest: well-formed HTTP, cut-off JSON.
   */
  cutNext(count: number, keepBytes: number, path?: string | RegExp): void {
    this.cuts.push({ remaining: count, keepBytes, path });
  }

  reset(): void {
    this.latencyMs = 0;
    this.slowBodyMs = 0;
    this.logLineDelayMs = 0;
    this.cuts = [];
    this.noTables.clear();
    this.execV4Only = false;
    this.execResetAfterMs = 0;
    this.failures = [];
    this.drops = [];
  }

  tablesAllowed(plural: string, group: string): boolean {
    return !this.noTables.has(plural) && !this.noTables.has(group ? `${plural}.${group}` : plural);
  }

  /** @internal the router asks once per request. */
  takeDrop(path: string): boolean {
    const d = this.drops.find((x) => x.remaining > 0 && matches(path, x.path));
    if (!d) return false;
    d.remaining--;
    this.drops = this.drops.filter((x) => x.remaining > 0);
    return true;
  }

  /** @internal the router asks once per request; a cut applies to the answer written on `res`. */
  takeCut(path: string, res: http.ServerResponse): void {
    const c = this.cuts.find((x) => x.remaining > 0 && matches(path, x.path));
    if (!c) return;
    c.remaining--;
    this.cuts = this.cuts.filter((x) => x.remaining > 0);
    cutBodyShort(res, c.keepBytes);
  }

  /** @internal the router asks once per request. */
  takeFailure(path: string): ApiError | undefined {
    const f = this.failures.find((x) => x.remaining > 0 && matches(path, x.opts.path));
    if (!f) return undefined;
    f.remaining--;
    this.failures = this.failures.filter((x) => x.remaining > 0);
    return faultError(f.status, f.opts);
  }
}

/** Lets the first `keepBytes` of the body through, then ends the answer cleanly (chunked, no Content-Length). */
function cutBodyShort(res: http.ServerResponse, keepBytes: number): void {
  let left = keepBytes;
  let ended = false;
  const writeHead = res.writeHead.bind(res) as (status: number, headers?: http.OutgoingHttpHeaders) => http.ServerResponse;
  const write = res.write.bind(res) as (chunk: Buffer) => boolean;
  const end = res.end.bind(res) as (chunk?: Buffer) => http.ServerResponse;
  const take = (chunk: unknown): Buffer | undefined => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return undefined;
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk as Uint8Array); // what res.write() takes
    const part = buf.subarray(0, Math.max(0, left));
    left -= part.length;
    return part.length ? part : undefined;
  };
  const finish = (part?: Buffer): http.ServerResponse => {
    if (ended) return res;
    ended = true;
    return end(part);
  };
  res.writeHead = ((status: number, headers: http.OutgoingHttpHeaders = {}) => {
    const kept = Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'content-length'));
    return writeHead(status, { ...kept, 'Transfer-Encoding': 'chunked' });
  }) as typeof res.writeHead;
  res.write = ((chunk: unknown) => {
    const part = take(chunk);
    if (part && !ended) write(part);
    if (left <= 0) finish();
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown) => finish(take(chunk))) as typeof res.end;
}
