/**
 * Reading what the API server sent: the body collected under its cap (with a view of what arrived so far, for a
 * deadline that keeps it), and the error for a body that is not the JSON it should be.
 */
import type * as http from 'node:http';
import type { ApiResponse } from './apiRequest';
import { K8sError } from '../errors';
import { CappedBuffer } from './cappedBuffer';

/**
 * Reads an answer's body, stopping at `cap` bytes (the rest of a huge log is never downloaded); `done` gets the
 * response at the end or at the cap. Returns a view of what arrived so far, for a deadline that keeps it.
 */
export function collectBody(incoming: http.IncomingMessage, cap: number | undefined, done: (res: ApiResponse) => void): () => ApiResponse {
  const body = new CappedBuffer(cap);
  const response = (): ApiResponse => {
    let joined: Buffer | undefined;
    return {
      status: incoming.statusCode ?? 0, headers: incoming.headers, truncated: body.truncated, size: body.size,
      get body() { return (joined ??= body.bytes()); },
      text: () => body.text(),
    };
  };
  incoming.on('data', (chunk: Buffer) => {
    if (body.truncated) return;
    body.push(chunk);
    if (!body.truncated) return;
    done(response());
    incoming.destroy();
  });
  incoming.on('end', () => done(response()));
  return response;
}

/** A 2xx answer whose body does not parse: says what came back instead, since the cause is outside this server. */
export function unreadableAnswer(res: ApiResponse, what: string): K8sError {
  const start = res.body.subarray(0, 64).toString('utf8').trimStart();
  let why: string;
  if (start.startsWith('<')) why = 'an HTML page came back instead of JSON (a proxy or load balancer in between answered)';
  else if (start.startsWith('{') || start.startsWith('[')) why = `the JSON breaks off after ${res.size} bytes (cut short on the way: a proxy or a dropped connection)`;
  else why = `it is not JSON (${res.headers['content-type'] ?? 'no content type'})`;
  return new K8sError('unavailable', `${what}: the API server's answer could not be read: ${why}. Retry; if it keeps happening, check what sits between this machine and the API server.`, res.status);
}
