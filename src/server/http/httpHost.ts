/**
 * The HTTP host for the network transports (SPEC §3, §8): Streamable HTTP at /mcp (with sessions, or
 * stateless) and SSE at /sse + /messages, using the SDK's transports (the protocol is not re-implemented
 * here). Around them: bearer-token auth or identity passthrough, Host and Origin checks against DNS
 * rebinding, a request body limit, TLS, /healthz, /metrics, and session clean-up when clients go away or
 * fall idle. This file wires the pieces in ./http/.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { K8sMcpService } from '../createServer';
import { authenticateCaller } from './callerAuth';
import { wrongEndpoint, type HttpTransportName } from './endpointHints';
import { DEFAULT_MAX_SESSIONS, HostedSessions } from './hostedSessions';
import { sendJsonRpcError } from './jsonRpcHttp';
import { baseUrlOf, protectedResourceMetadata } from './protectedResource';
import { checkRequest, type RequestCheckOptions } from './requestChecks';
import { MIN_TLS_VERSION, type ServerTls } from './serverTls';
import { sessionAdmission } from './sessionAdmission';
import { DEFAULT_SSE_KEEPALIVE_MS, sseMessageHandler, sseStreamHandler } from './sseHandler';
import { statelessHandler } from './statelessHandler';
import { streamableHandler } from './streamableHandler';
import type { TransportContext, TransportHandler } from './transportContext';
import type { Metrics } from '../metrics';

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
  /**
   * SPEC §8 identity passthrough: every request must bring a bearer token the API server accepts, and its API
   * calls carry that token. `authorizationServers` are named in the protected resource metadata.
   */
  passthrough?: { authorizationServers: readonly string[] } | undefined;
  /** Serve HTTPS (TLS 1.2 or later) with this certificate and key. */
  tls?: ServerTls | undefined;
  /** Streamable HTTP without sessions, so replicas behind a Service answer any request. */
  stateless?: boolean | undefined;
  /** Serve Prometheus text at GET /metrics. */
  metrics?: Pick<Metrics, 'render'> | undefined;
  log?: (level: string, message: string) => void;
}

export interface HttpHost {
  /** http(s)://HOST:PORT (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY = 4 * 1024 * 1024;

export async function startHttpHost(service: K8sMcpService, options: HttpHostOptions): Promise<HttpHost> {
  const sessions = new HostedSessions(options.maxSessions ?? DEFAULT_MAX_SESSIONS);
  const idleMs = options.idleSessionMs ?? 30 * 60_000;
  // `--host [::1]` is how people write an IPv6 address in a URL; listen() wants it bare.
  const bindHost = options.host.replace(/^\[(.*)\]$/, '$1');
  let port = 0;
  const server = createServer(options.tls, requestHandler(service, sessions, options, { bindHost, port: () => port }));
  port = await listen(server, options.port, bindHost);

  const sweeper = setInterval(() => sessions.closeIdle(idleMs), Math.min(idleMs, 60_000));
  sweeper.unref();

  const hostForUrl = bindHost.includes(':') ? `[${bindHost}]` : bindHost;
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostForUrl}:${port}`,
    port,
    async close() {
      clearInterval(sweeper);
      await sessions.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

/** Health and metrics first (probes carry no token), then the request checks, the caller, and the transport. */
function requestHandler(
  service: K8sMcpService, sessions: HostedSessions, options: HttpHostOptions, bound: { bindHost: string; port: () => number },
): RequestHandler {
  const log = options.log ?? (() => undefined);
  const trustForwardedFor = options.trustForwardedFor ?? false;
  const baseUrl = (req: http.IncomingMessage): string => baseUrlOf(req, options.tls !== undefined, trustForwardedFor);
  const passthrough = options.passthrough;
  const checks: RequestCheckOptions = {
    ...bound, authToken: options.authToken, trustForwardedFor,
    protectedResource: passthrough && ((req) => protectedResourceMetadata(baseUrl(req), passthrough.authorizationServers)),
  };
  const ctx: TransportContext = {
    service, sessions, admit: sessionAdmission(service, sessions, log), maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY,
  };
  const routes = transportRoutes(ctx, options);

  const route = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
    if (url.pathname === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      return;
    }
    // Probes and scrapers carry no token; the metrics carry no identities or names.
    if (url.pathname === '/metrics' && req.method === 'GET' && options.metrics) {
      const { contentType, body } = await options.metrics.render();
      res.writeHead(200, { 'Content-Type': contentType }).end(body);
      return;
    }
    const checked = checkRequest(req, res, url, checks);
    if (!checked) return;
    if (passthrough && routes.has(routeKey(req, url))) {
      const caller = await authenticateCaller(req, res, service, baseUrl(req));
      if (!caller) return;
      checked.client = caller.clientKey;
    }
    const handler = routes.get(routeKey(req, url));
    if (handler) return handler(req, res, checked);
    // A client pointed at the wrong endpoint, or the other transport's, is told where to go instead of a bare 404.
    const miss = wrongEndpoint(url.pathname, req.method ?? 'GET', options.transports);
    res.writeHead(miss.status, { 'Content-Type': 'text/plain', ...(miss.allow ? { Allow: miss.allow } : {}) }).end(miss.message);
  };
  return (req, res) => {
    route(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((err: unknown) => {
      log('error', `HTTP request failed: ${err instanceof Error ? err.message : String(err)}`);
      sendJsonRpcError(res, 500, -32603, 'Internal error.');
    });
  };
}

function createServer(tls: ServerTls | undefined, onRequest: RequestHandler): http.Server {
  const server = tls ? https.createServer({ ...tls, minVersion: MIN_TLS_VERSION }, onRequest) : http.createServer(onRequest);
  // A client that fails the TLS handshake (an old protocol, plain HTTP to the TLS port) is its own problem.
  server.on('tlsClientError', () => undefined);
  server.requestTimeout = 0; // SSE and streamable GET streams are long-lived.
  server.headersTimeout = 30_000;
  return server;
}

/** Listens and returns the port (the one asked for, or the one the system chose for port 0). */
async function listen(server: http.Server, port: number, bindHost: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bindHost, () => { server.off('error', reject); resolve(); });
  });
  return (server.address() as AddressInfo).port;
}

/** "METHOD /path", or "* /path" where a transport takes every method. */
function routeKey(req: http.IncomingMessage, url: URL): string {
  return url.pathname === '/mcp' ? '* /mcp' : `${req.method ?? 'GET'} ${url.pathname}`;
}

/** routeKey → the handler of the transport serving it. */
function transportRoutes(ctx: TransportContext, options: HttpHostOptions): Map<string, TransportHandler> {
  const routes = new Map<string, TransportHandler>();
  if (options.transports.includes('streamable-http')) {
    // Every method: one without a session is told to initialize, the SDK's transport answers the rest.
    routes.set('* /mcp', options.stateless ? statelessHandler(ctx) : streamableHandler(ctx));
  }
  if (options.transports.includes('sse')) {
    routes.set('GET /sse', sseStreamHandler(ctx, options.sseKeepAliveMs ?? DEFAULT_SSE_KEEPALIVE_MS));
    routes.set('POST /messages', sseMessageHandler(ctx));
  }
  return routes;
}
