/**
 * The checks every request passes before a transport sees it, in order: Host and Origin (DNS rebinding), a
 * browser's CORS preflight, the OAuth discovery paths, then the bearer token. Each refusal is answered here.
 */
import type * as http from 'node:http';
import { clientKeyOf } from './clientKey';
import { bearerTokenMatches, corsHeaders, isAllowedHost, isAllowedOrigin } from './requestGuards';
import type { CheckedRequest } from './transportContext';

export interface RequestCheckOptions {
  /** The address the host listens on, without IPv6 brackets. */
  bindHost: string;
  port(): number;
  authToken?: string | undefined;
  trustForwardedFor: boolean;
}

/** The checked request, or undefined once the client has been answered. */
export function checkRequest(req: http.IncomingMessage, res: http.ServerResponse, url: URL, options: RequestCheckOptions): CheckedRequest | undefined {
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
  // No OAuth here: a clear 404 keeps clients from starting an authorization flow on a 401.
  if (url.pathname.startsWith('/.well-known/')) {
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'not_found', error_description: 'This server uses a static bearer token (--auth-token), not OAuth.' }));
    return undefined;
  }
  if (options.authToken && !bearerTokenMatches(req.headers.authorization, options.authToken)) {
    res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' }).end('Unauthorized: send Authorization: Bearer <token>.');
    return undefined;
  }
  return { url, client: clientKeyOf(req, options.trustForwardedFor) };
}
