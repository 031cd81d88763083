// The HTTPS front door, in the apiserver's filter order: every request is logged first (so tests can prove
// that nothing was sent), then faults apply, then authentication (401), authorization (403) and routing.
// WebSocket upgrades go through the same steps before the exec handler takes the socket.
import * as https from 'node:https';
import type * as http from 'node:http';
import type { Duplex } from 'node:stream';
import type { QueryMap, UserInfo } from './types';
import type { ApiContext, ServerState } from './apiContext';
import { ApiError, errors } from './statusErrors';
import { writeError, writeNotFoundText } from './respond';
import { authenticate, forbidden, isAllowed } from './auth';
import { resolveRequestInfo, type RequestInfo } from './requestInfo';
import { handleDiscovery, handleNonResource } from './nonResource';
import { resolveResource, routeResource } from './resourceRouter';
import { createExecServer, handleExecUpgrade, writeRawError } from './podExec';

export interface RequestLogEntry {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  user: string;
  headers: Record<string, string | string[] | undefined>;
  body?: string;
}

export interface TlsMaterial {
  key: string;
  cert: string;
  ca: string;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

function parseQuery(url: URL): QueryMap {
  const query: QueryMap = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    query[key] = all.length > 1 ? all : (all[0] as string);
  }
  return query;
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY_BYTES) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Authentication without throwing, for the request log. */
function whoFor(req: http.IncomingMessage): { user?: UserInfo; error?: ApiError } {
  try {
    return { user: authenticate(req) };
  } catch (e) {
    return { error: e as ApiError };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export function createApiServer(tls: TlsMaterial, state: ServerState, log: (e: RequestLogEntry) => void): https.Server {
  const wss = createExecServer();
  const server = https.createServer({ key: tls.key, cert: tls.cert, ca: tls.ca, requestCert: true, rejectUnauthorized: false });

  /** Logging, faults, authentication and authorization: returns the context or undefined when answered. */
  async function admit(req: http.IncomingMessage, body: string | undefined, answer: (err: ApiError) => void, drop: () => void) {
    const url = new URL(req.url ?? '/', 'https://fake-apiserver');
    const query = parseQuery(url);
    const who = whoFor(req);
    const entry: RequestLogEntry = { method: req.method ?? 'GET', path: url.pathname, query, user: who.user?.name ?? '', headers: { ...req.headers } };
    if (body !== undefined && body !== '') entry.body = body;
    log(entry);
    const { faults } = state;
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.takeDrop(url.pathname)) return drop();
    const injected = faults.takeFailure(url.pathname);
    if (injected) return answer(injected);
    if (who.error || !who.user) return answer(who.error ?? errors.unauthorized());
    const info: RequestInfo = resolveRequestInfo(req.method ?? 'GET', url.pathname, query);
    if (!isAllowed(who.user, info, state.authz)) return answer(forbidden(who.user, info));
    return { info, query, user: who.user };
  }

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    void (async () => {
      const body = await readBody(req);
      const admitted = await admit(
        req,
        body,
        (err) => writeError(res, err),
        () => req.socket.destroy(),
      );
      if (!admitted) return;
      state.faults.takeCut(admitted.info.path, res);
      const ctx: ApiContext = { req, res, body, state, ...admitted };
      if (ctx.info.isResourceRequest) return routeResource(ctx);
      if (handleNonResource(ctx)) return;
      if (/^\/apis?(\/|$)/.test(ctx.info.path)) return handleDiscovery(ctx);
      writeNotFoundText(res);
    })().catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      writeError(res, e instanceof ApiError ? e : errors.internal(e instanceof Error ? e.message : String(e)));
    });
  });

  server.on('upgrade', (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    void (async () => {
      const admitted = await admit(
        req,
        undefined,
        (err) => writeRawError(socket, err),
        () => socket.destroy(),
      );
      if (!admitted) return;
      const ctx = { req, body: '', state, ...admitted } as unknown as ApiContext;
      const isExec = admitted.info.isResourceRequest && admitted.info.resource === 'pods' && admitted.info.subresource === 'exec';
      if (!isExec) return writeRawError(socket, errors.badRequest('Upgrade request required'));
      const def = resolveResourceForUpgrade(ctx);
      handleExecUpgrade(wss, ctx, def, req, socket, head);
    })().catch((e: unknown) => writeRawError(socket, e instanceof ApiError ? e : errors.internal(String(e))));
  });

  server.on('close', () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
  return server;
}

function resolveResourceForUpgrade(ctx: ApiContext) {
  // resolveResource answers text 404s on a response object; an upgrade has only a socket, so map those to JSON.
  const { registry } = ctx.state;
  if (!registry.servesGroupVersion(ctx.info.apiGroup, ctx.info.apiVersion)) throw errors.genericNotFound();
  const def = resolveResource({ ...ctx, res: undefined as unknown as http.ServerResponse });
  if (!def) throw errors.genericNotFound();
  return def;
}
