/**
 * The HTTP host for the network transports (SPEC §3): Streamable HTTP at /mcp and SSE at /sse + /messages,
 * using the SDK's transports (the protocol is not re-implemented here). Around them: bearer-token auth, Host
 * and Origin checks against DNS rebinding, a request body limit, /healthz, and session clean-up when clients
 * go away or fall idle.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { K8sMcpService } from './createServer';
import { wrongEndpoint, type HttpTransportName } from './http/endpointHints';
import { DEFAULT_MAX_SESSIONS, HostedSessions } from './http/hostedSessions';
import { sendJsonRpcError } from './http/jsonRpcHttp';
import { checkRequest, type RequestCheckOptions } from './http/requestChecks';
import { sessionAdmission } from './http/sessionAdmission';
import { DEFAULT_SSE_KEEPALIVE_MS, sseMessageHandler, sseStreamHandler } from './http/sseHandler';
import { streamableHandler } from './http/streamableHandler';
import type { TransportContext, TransportHandler } from './http/transportContext';

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

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export async function startHttpHost(service: K8sMcpService, options: HttpHostOptions): Promise<HttpHost> {
  const sessions = new HostedSessions(options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const idleMs = options.idleSessionMs ?? 30 * 60_000;
  const log = options.log ?? (() => undefined);
  // `--host [::1]` is how people write an IPv6 address in a URL; listen() wants it bare.
  const bindHost = options.host.replace(/^\[(.*)\]$/, '$1');
  let port = 0;
  const checks: RequestCheckOptions = { bindHost, port: () => port, authToken: options.authToken, trustForwardedFor: options.trustForwardedFor ?? false };
  const ctx: TransportContext = { service, sessions, admit: sessionAdmission(service, sessions, log), maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY };
  const routes = transportRoutes(ctx, options);

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async (): Promise<void> => {
      if (url.pathname === '/healthz' && req.method === 'GET') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
      }
      const checked = checkRequest(req, res, url, checks);
      if (!checked) return;
      const handler = routes.get(`${req.method ?? 'GET'} ${url.pathname}`) ?? routes.get(`* ${url.pathname}`);
      if (handler) return handler(req, res, checked);
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

/** "METHOD /path" (or "* /path" for any method) → the handler of the transport serving it. */
function transportRoutes(ctx: TransportContext, options: HttpHostOptions): Map<string, TransportHandler> {
  const routes = new Map<string, TransportHandler>();
  if (options.transports.includes('streamable-http')) {
    // Every method: one without a session is told to initialize, the SDK's transport answers the rest.
    routes.set('* /mcp', streamableHandler(ctx));
  }
  if (options.transports.includes('sse')) {
    routes.set('GET /sse', sseStreamHandler(ctx, options.sseKeepAliveMs ?? DEFAULT_SSE_KEEPALIVE_MS));
    routes.set('POST /messages', sseMessageHandler(ctx));
  }
  return routes;
}
