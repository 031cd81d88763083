/**
 * The HTTP host for the network transports (SPEC §3): Streamable HTTP at /mcp and SSE at /sse + /messages,
 * using the SDK's transports (the protocol is not re-implemented here). Around them: bearer-token auth, Host
 * and Origin checks against DNS rebinding, a request body limit, /healthz, and session clean-up when clients
 * go away or fall idle.
 */
import { randomUUID } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { K8sError } from '../core/errors';
import type { K8sMcpService, SessionHandle } from './createServer';
import { wrongEndpoint, type HttpTransportName } from './endpointHints';
import { DEFAULT_MAX_SESSIONS, HostedSessions } from './hostedSessions';
import { readJsonBody, sendJsonRpcError } from './jsonRpcHttp';
import { bearerTokenMatches, corsHeaders, isAllowedHost, isAllowedOrigin } from './requestGuards';

export interface HttpHostOptions {
  host: string;
  port: number;
  authToken?: string | undefined;
  transports: HttpTransportName[];
  /** Largest accepted request body (default 4 MiB: a 1 MiB manifest plus JSON-RPC framing). */
  maxBodyBytes?: number;
  /** Streamable HTTP sessions without a request for this long, and no open GET stream, are closed (default 30 min). */
  idleSessionMs?: number;
  /** Sessions (both transports) open at once; a new one beyond is refused with 503 (default DEFAULT_MAX_SESSIONS). */
  maxSessions?: number;
  /** How often a quiet SSE stream gets a comment line, so proxies do not cut it (default 15 s). */
  sseKeepAliveMs?: number;
  /**
   * Behind a proxy (ToolHive, an ingress) every client arrives from the proxy's address and would share one
   * per-client rate-limit budget. When set, the client is the address the proxy appended last to
   * X-Forwarded-For: the one entry a client cannot forge through that proxy. Only for servers reachable
   * solely through such a proxy.
   */
  trustForwardedFor?: boolean;
  log?(level: string, message: string): void;
}

export interface HttpHost {
  /** http://HOST:PORT (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** SSE comment lines keep proxies and load balancers (ToolHive, ingresses) from cutting a quiet stream. */
const DEFAULT_SSE_KEEPALIVE_MS = 15_000;

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

/** When a full server tells a client to try again: sessions end as their clients leave or fall idle. */
const FULL_RETRY_AFTER_SECONDS = 30;

export async function startHttpHost(service: K8sMcpService, options: HttpHostOptions): Promise<HttpHost> {
  const sessions = new HostedSessions(options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const idleMs = options.idleSessionMs ?? 30 * 60_000;
  const log = options.log ?? (() => undefined);
  // `--host [::1]` is how people write an IPv6 address in a URL; listen() wants it bare.
  const bindHost = options.host.replace(/^\[(.*)\]$/, '$1');
  let port = 0;
  let lastFullWarning = 0;

  const clientKey = (req: http.IncomingMessage): string => {
    const direct = req.socket.remoteAddress ?? 'unknown';
    if (!options.trustForwardedFor) return direct;
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean).at(-1);
    return forwarded ? forwarded.slice(0, 64) : direct;
  };

  /**
   * Room for one more session within the cap and the client's rate-limit budget, or undefined after telling
   * the client why not (503 when full, 429 when its budget is spent; both with Retry-After).
   */
  function admitSession(req: http.IncomingMessage, res: http.ServerResponse): { client: string; done(): void } | undefined {
    const room = sessions.reserve();
    if (!room) {
      // Once a minute at most: a client retrying in a loop must not flood the log.
      if (Date.now() - lastFullWarning > 60_000) {
        lastFullWarning = Date.now();
        log('warn', `refusing new sessions: ${sessions.maxSessions} are open (the cap)`);
      }
      sendJsonRpcError(res, 503, -32000,
        `Server full: ${sessions.maxSessions} MCP sessions are open, the most it keeps. Close sessions you no longer use ` +
        `(DELETE /mcp with their Mcp-Session-Id, or end the SSE stream) or retry in ${FULL_RETRY_AFTER_SECONDS} s.`,
        { 'Retry-After': String(FULL_RETRY_AFTER_SECONDS) });
      return undefined;
    }
    const client = clientKey(req);
    try {
      service.admitSession(client);
    } catch (err) {
      room.done();
      if (!(err instanceof K8sError) || err.kind !== 'rate-limited') throw err;
      sendJsonRpcError(res, 429, -32000, err.message, { 'Retry-After': String(err.retryAfterSeconds ?? 1) });
      return undefined;
    }
    return { client, done: room.done };
  }

  async function handleStreamable(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    const id = Array.isArray(sessionId) ? sessionId[0] : sessionId;
    let body: unknown;
    if (req.method === 'POST') {
      body = await readJsonBody(req, res, maxBody);
      if (body === undefined) return;
    }
    const s = id ? sessions.get(id) : undefined;
    if (s && s.transport instanceof StreamableHTTPServerTransport) {
      s.lastSeen = Date.now();
      if (req.method === 'GET') {
        s.openStreams++;
        res.on('close', () => { s.openStreams--; s.lastSeen = Date.now(); });
      }
      await s.transport.handleRequest(req, res, body);
      return;
    }
    // Only requests without a live session get here. An initialize that still carries an old session id (a
    // client reconnecting after a restart) starts anew; anything else is refused.
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      if (id) sendJsonRpcError(res, 404, -32001, 'Unknown or closed session: start a new one with an initialize request.');
      else sendJsonRpcError(res, 400, -32000, 'No session: send an initialize request first (without Mcp-Session-Id).');
      return;
    }
    const admitted = admitSession(req, res);
    if (!admitted) return;
    try {
      await openStreamableSession(req, res, body, admitted.client);
    } finally {
      admitted.done();
    }
  }

  async function openStreamableSession(req: http.IncomingMessage, res: http.ServerResponse, body: unknown, client: string): Promise<void> {
    const newId = randomUUID();
    const handle = service.newSession({ id: newId, clientKey: client });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => newId,
      onsessioninitialized: () => { sessions.add(newId, { handle, transport, lastSeen: Date.now(), openStreams: 0 }); },
    });
    transport.onclose = () => { void sessions.close(newId); };
    await handle.server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (!sessions.get(newId)) await handle.close();
  }

  async function handleSseStream(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const admitted = admitSession(req, res);
    if (!admitted) return;
    const transport = new SSEServerTransport('/messages', res);
    const id = transport.sessionId;
    let handle: SessionHandle;
    try {
      handle = service.newSession({ id, clientKey: admitted.client });
    } finally {
      admitted.done(); // nothing async in between: the session is added before any other request is admitted
    }
    sessions.add(id, { handle, transport, lastSeen: Date.now(), openStreams: 1 });
    const keepAlive = setInterval(() => { if (!res.writableEnded) res.write(': keep-alive\n\n'); }, options.sseKeepAliveMs ?? DEFAULT_SSE_KEEPALIVE_MS);
    // The client going away is the end of an SSE session.
    res.on('close', () => { clearInterval(keepAlive); void sessions.close(id); });
    await handle.server.connect(transport);
  }

  async function handleSseMessage(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const id = url.searchParams.get('sessionId') ?? '';
    const s = sessions.get(id);
    if (!s || !(s.transport instanceof SSEServerTransport)) {
      sendJsonRpcError(res, 404, -32001, 'Unknown or closed session: open a new stream at /sse.');
      return;
    }
    const body = await readJsonBody(req, res, maxBody);
    if (body === undefined) return;
    s.lastSeen = Date.now();
    await s.transport.handlePostMessage(req, res, body);
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async (): Promise<void> => {
      if (url.pathname === '/healthz' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      }
      if (!isAllowedHost(req.headers.host, bindHost, port)) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unexpected Host header.');
        return;
      }
      const origin = req.headers.origin;
      if (!isAllowedOrigin(origin, bindHost, port)) {
        res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unexpected Origin.');
        return;
      }
      if (origin) {
        for (const [name, value] of Object.entries(corsHeaders(origin))) res.setHeader(name, value);
        // A browser's preflight carries no credentials: answer it before the token check.
        if (req.method === 'OPTIONS') { res.writeHead(204).end(); return; }
      }
      // No OAuth here: a clear 404 keeps clients from starting an authorization flow on a 401.
      if (url.pathname.startsWith('/.well-known/')) {
        res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not_found', error_description: 'This server uses a static bearer token (--auth-token), not OAuth.' }));
        return;
      }
      if (options.authToken && !bearerTokenMatches(req.headers.authorization, options.authToken)) {
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('Unauthorized: send Authorization: Bearer <token>.');
        return;
      }
      if (url.pathname === '/mcp' && options.transports.includes('streamable-http')) return handleStreamable(req, res);
      if (url.pathname === '/sse' && req.method === 'GET' && options.transports.includes('sse')) return handleSseStream(req, res);
      if (url.pathname === '/messages' && req.method === 'POST' && options.transports.includes('sse')) return handleSseMessage(req, res, url);
      // A client pointed at the wrong endpoint, or the other transport's, is told where to go instead of a bare 404.
      const miss = wrongEndpoint(url.pathname, req.method ?? 'GET', options.transports);
      res.writeHead(miss.status, { 'Content-Type': 'text/plain', ...(miss.allow ? { Allow: miss.allow } : {}) }).end(miss.message);
    };
    route().catch((err: unknown) => {
      log('error', `HTTP request failed: ${err instanceof Error ? err.message : String(err)}`);
      sendJsonRpcError(res, 500, -32603, 'Internal error.');
    });
  });
  server.requestTimeout = 0; // SSE and streamable GET streams are long-lived.
  server.headersTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, bindHost, () => { server.off('error', reject); resolve(); });
  });
  port = (server.address() as AddressInfo).port;

  const sweeper = setInterval(() => sessions.closeIdle(idleMs), Math.min(idleMs, 60_000));
  sweeper.unref();

  const hostForUrl = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    async close() {
      clearInterval(sweeper);
      await sessions.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
