/**
 * The checks every request passes before a transport sees it, in order: Host and Origin (DNS rebinding), a
 * browser's CORS preflight, the OAuth discovery paths, then the static bearer token (identity passthrough's
 * tokens are checked after these, in callerAuth.ts). Each refusal is answered here.
 */
import type * as http from 'node:http';
import { clientKeyOf } from './clientKey';
import { PROTECTED_RESOURCE_PATH } from './protectedResource';
import { bearerTokenMatches, corsHeaders, isAllowedHost, isAllowedOrigin } from './requestGuards';
import type { CheckedRequest } from './transportContext';

export interface RequestCheckOptions {
  /** The address the host listens on, without IPv6 brackets. */
  bindHost: string;
  port(): number;
  authToken?: string | undefined;
  trustForwardedFor: boolean;
  /** Identity passthrough: the RFC 9728 document for a request (served at PROTECTED_RESOURCE_PATH). */
  protectedResource?: ((req: http.IncomingMessage) => Record<string, unknown>) | undefined;
}

/** The checked request, or undefined once the client has been answered. */
export function checkRequest(
  req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: RequestCheckOptions,
): CheckedRequest | undefined {
  if (!isAllowedHost(req.headers.host, options.bindHost, options.port())) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unexpected Host header.');
    return undefined;
  }
  const origin = req.headers.origin;
  if (!isAllowedOrigin(origin, options.bindHost, options.port())) {
    res.writeHead(403, { 'Content-Type': 'text/plain' }).end('Forbidden: unexpected Origin.');
    return undefined;
  }
  if (origin) {
    for (const [name, value] of Object.entries(corsHeaders(origin))) res.setHeader(name, value);
    // A browser's preflight carries no credentials: answer it before the token check.
    if (req.method === 'OPTIONS') { res.writeHead(204).end(); return undefined; }
  }
  if (url.pathname.startsWith('/.well-known/')) {
    answerWellKnown(req, res, url, options);
    return undefined;
  }
  if (options.authToken && !bearerTokenMatches(req.headers.authorization, options.authToken)) {
    res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('Unauthorized: send Authorization: Bearer <token>.');
    return undefined;
  }
  return { url, client: clientKeyOf(req, options.trustForwardedFor) };
}

/**
 * OAuth discovery. With identity passthrough, the protected resource metadata (at the well-known path and
 * below it, where clients look for a resource with a path such as /mcp); otherwise no OAuth at all.
 */
function answerWellKnown(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: RequestCheckOptions): void {
  const path = url.pathname;
  if (options.protectedResource && (path === PROTECTED_RESOURCE_PATH || path.startsWith(`${PROTECTED_RESOURCE_PATH}/`))) {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=3600' }).end(JSON.stringify(options.protectedResource(req)));
    return;
  }
  if (options.protectedResource) {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not_found', error_description: `Sign-in is described at ${PROTECTED_RESOURCE_PATH}.` }));
    return;
  }
  // No OAuth here: a clear 404 keeps clients from starting an authorization flow on a 401.
  res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not_found', error_description: 'This server uses a static bearer token (--auth-token), not OAuth.' }));
}
