/**
 * The HTTP host for the network transports (SPEC §3): Streamable HTTP at /mcp and SSE at /sse + /messages,
 * using the SDK's transports (the protocol is not re-implemented here). Around them: bearer-token auth, Host
 * and Origin checks against DNS rebinding, a request body limit, /healthz, and session clean-up when clients
 * go away or fall idle.
 */
import { randomUUID, createHash, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { K8sMcpService, SessionHandle } from './createServer';
import { corsHeaders, isAllowedHost, isAllowedOrigin } from './requestGuards';

export interface HttpHostOptions {
  host: string;
  port: number;
  authToken?: string | undefined;
  transports: Array<'sse' | 'streamable-http'>;
  /** Largest accepted request body (default 4 MiB: a 1 MiB manifest plus JSON-RPC framing). */
  maxBodyBytes?: number;
  /** Streamable HTTP sessions without a request for this long, and no open GET stream, are closed (default 30 min). */
  idleSessionMs?: number;
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

interface HostedSession {
  handle: SessionHandle;
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  lastSeen: number;
  /** Open GET streams: a client listening for notifications is not idle, however long it stays quiet. */
  openStreams: number;
}

/** SSE comment lines keep proxies and load balancers (ToolHive, ingresses) from cutting a quiet stream. */
const DEFAULT_SSE_KEEPALIVE_MS = 15_000;

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

function sendJsonRpcError(res: http.ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) { reject(new Error('too-large')); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { req.destroy(); reject(new Error('too-large')); return; }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header?.startsWith('Bearer ')) return false;
  // Compare digests so the comparison time does not depend on where the strings differ.
  const a = createHash('sha256').update(header.slice(7)).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

export async function startHttpHost(service: K8sMcpService, options: HttpHostOptions): Promise<HttpHost> {
  const sessions = new Map<string, HostedSession>();
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const idleMs = options.idleSessionMs ?? 30 * 60_000;
  const log = options.log ?? (() => undefined);
  // `--host [::1]` is how people write an IPv6 address in a URL; listen() wants it bare.
  const bindHost = options.host.replace(/^\[(.*)\]$/, '$1');
  let port = 0;

  const clientKey = (req: http.IncomingMessage): string => {
    const direct = req.socket.remoteAddress ?? 'unknown';
    if (!options.trustForwardedFor) return direct;
    const forwarded = String(req.headers['x-forwarded-for'] ?? '').split(',').map((a) => a.trim()).filter(Boolean).at(-1);
    return forwarded ? forwarded.slice(0, 64) : direct;
  };

  async function closeSession(id: string): Promise<void> {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    await s.handle.close();
    await s.transport.close().catch(() => undefined);
  }

  async function parseJsonBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<unknown> {
    let body: Buffer;
    try {
      body = await readBody(req, maxBody);
    } catch (err) {
      if ((err as Error).message === 'too-large') sendJsonRpcError(res, 413, -32600, `Request body larger than ${maxBody} bytes.`);
      else sendJsonRpcError(res, 400, -32700, 'Could not read the request body.');
      return undefined;
    }
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON.');
      return undefined;
    }
  }

  async function handleStreamable(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    const id = Array.isArray(sessionId) ? sessionId[0] : sessionId;
    let body: unknown;
    if (req.method === 'POST') {
      body = await parseJsonBody(req, res);
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
    const newId = randomUUID();
    const handle = service.newSession({ id: newId, clientKey: clientKey(req) });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => newId,
      onsessioninitialized: () => { sessions.set(newId, { handle, transport, lastSeen: Date.now(), openStreams: 0 }); },
    });
    transport.onclose = () => { void closeSession(newId); };
    await handle.server.connect(transport);
    await transport.handleRequest(req, res, body);
    if (!sessions.has(newId)) await handle.close();
  }

  async function handleSseStream(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const transport = new SSEServerTransport('/messages', res);
    const id = transport.sessionId;
    const handle = service.newSession({ id, clientKey: clientKey(req) });
    sessions.set(id, { handle, transport, lastSeen: Date.now(), openStreams: 1 });
    const keepAlive = setInterval(() => { if (!res.writableEnded) res.write(': keep-alive\n\n'); }, options.sseKeepAliveMs ?? DEFAULT_SSE_KEEPALIVE_MS);
    // The client going away is the end of an SSE session.
    res.on('close', () => { clearInterval(keepAlive); void closeSession(id); });
    await handle.server.connect(transport);
  }

  async function handleSseMessage(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const id = url.searchParams.get('sessionId') ?? '';
    const s = sessions.get(id);
    if (!s || !(s.transport instanceof SSEServerTransport)) {
      sendJsonRpcError(res, 404, -32001, 'Unknown or closed session: open a new stream at /sse.');
      return;
    }
    const body = await parseJsonBody(req, res);
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
      if (options.authToken && !tokenMatches(req.headers.authorization, options.authToken)) {
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('Unauthorized: send Authorization: Bearer <token>.');
        return;
      }
      if (url.pathname === '/mcp' && options.transports.includes('streamable-http')) return handleStreamable(req, res);
      if (url.pathname === '/sse' && req.method === 'GET' && options.transports.includes('sse')) return handleSseStream(req, res);
      if (url.pathname === '/messages' && req.method === 'POST' && options.transports.includes('sse')) return handleSseMessage(req, res, url);
      // A client pointed at the other transport's endpoint is told where to go instead of a bare 404.
      const hint = url.pathname === '/mcp' ? 'This server runs the SSE transport: connect to /sse, or start it with --transport streamable-http.'
        : url.pathname === '/sse' || url.pathname === '/messages' ? 'This server runs the Streamable HTTP transport: connect to /mcp, or start it with --transport sse.'
          : 'Not found: MCP is served at /mcp (streamable-http) or /sse (sse).';
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(hint);
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

  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [id, s] of sessions) {
      if (s.openStreams === 0 && now - s.lastSeen > idleMs && s.transport instanceof StreamableHTTPServerTransport) void closeSession(id);
    }
  }, Math.min(idleMs, 60_000));
  sweeper.unref();

  const hostForUrl = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `http://${hostForUrl}:${port}`,
    port,
    async close() {
      clearInterval(sweeper);
      await Promise.all([...sessions.keys()].map(closeSession));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
