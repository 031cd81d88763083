// Raw clients for talking to the fake exactly as each recorded caller did (client certificate, bearer token,
// or nothing), over plain node:https and the `ws` package, for tests that check wire details.
import * as https from 'node:https';
import WebSocket from 'ws';
import type { FakeApiServer } from './index';
import type { KObject } from './types';
import { FAKE_TOKENS } from './auth';
import { loadPki } from './pki';

export type Caller = 'admin' | 'viewer' | 'viewer-token' | 'admin-token' | 'bad-token' | 'anonymous';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): KObject;
}

export interface CallOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
}

/** TLS options and headers that authenticate as `caller`. */
export function credentials(server: FakeApiServer, caller: Caller): { tls: https.RequestOptions; headers: Record<string, string> } {
  const pki = loadPki();
  const tls: https.RequestOptions = { ca: server.caPem };
  const headers: Record<string, string> = {};
  if (caller === 'admin') Object.assign(tls, { cert: pki.adminCert, key: pki.adminKey });
  if (caller === 'viewer') Object.assign(tls, { cert: pki.viewerCert, key: pki.viewerKey });
  if (caller === 'viewer-token') headers.Authorization = `Bearer ${FAKE_TOKENS.viewer}`;
  if (caller === 'admin-token') headers.Authorization = `Bearer ${FAKE_TOKENS.admin}`;
  if (caller === 'bad-token') headers.Authorization = `Bearer ${FAKE_TOKENS.bad}`;
  return { tls, headers };
}

export function callAs(server: FakeApiServer, caller: Caller, path: string, opts: CallOptions = {}): Promise<RawResponse> {
  const { tls, headers } = credentials(server, caller);
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const allHeaders: Record<string, string> = { Accept: 'application/json', ...headers, ...(opts.headers ?? {}) };
  if (body !== undefined) {
    allHeaders['Content-Length'] = String(Buffer.byteLength(body));
    allHeaders['Content-Type'] ??= 'application/json';
  }
  return new Promise((resolve, reject) => {
    const req = https.request(`${server.url}${path}`, { ...tls, method: opts.method ?? 'GET', headers: allHeaders, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as KObject });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface ExecResult {
  protocol: string;
  /** [channel, payload] in arrival order. */
  frames: [number, Buffer][];
  closeCode?: number;
  /** HTTP status when the upgrade was refused. */
  refusedStatus?: number;
  refusedBody?: string;
}

export interface ExecOptions {
  protocols?: string[];
  /** Called for each frame; return 'close' to close the socket from the client side. */
  onFrame?: (channel: number, data: Buffer, ws: WebSocket) => void | 'close';
  /** Only count output bytes instead of keeping them (big-output tests). */
  countOnly?: boolean;
}

/** Runs an exec over WebSocket and collects the frames until the server closes. */
export function execAs(
  server: FakeApiServer, caller: Caller, path: string, opts: ExecOptions = {},
): Promise<ExecResult & { bytes: Record<number, number> }> {
  const { tls, headers } = credentials(server, caller);
  const protocols = opts.protocols ?? ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
  const wsUrl = `${server.url.replace('https:', 'wss:')}${path}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, protocols, { ...(tls as object), headers });
    const result: ExecResult & { bytes: Record<number, number> } = { protocol: '', frames: [], bytes: {} };
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ ...result, refusedStatus: res.statusCode, refusedBody: Buffer.concat(chunks).toString('utf8') }));
    });
    ws.on('open', () => (result.protocol = ws.protocol));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const channel = isBinary ? (data[0] as number) : Number(String(data)[0]);
      const payload = isBinary ? data.subarray(1) : Buffer.from(String(data).slice(1), 'base64');
      result.bytes[channel] = (result.bytes[channel] ?? 0) + payload.length;
      if (!opts.countOnly || channel === 3) result.frames.push([channel, Buffer.from(payload)]);
      if (opts.onFrame?.(channel, payload, ws) === 'close') ws.close(1000);
    });
    ws.on('close', (code) => {
      result.closeCode = code;
      resolve(result);
    });
    ws.on('error', (e) => {
      if (result.closeCode === undefined) reject(e);
    });
  });
}
