/**
 * Identity passthrough at the door (SPEC §8): every MCP request must carry `Authorization: Bearer <token>`,
 * and the API server must accept that token, before MCP sees the request. The token then rides on the request
 * (`req.auth`, which the SDK's transports hand to tool calls as `authInfo`) and nowhere else: it is never
 * logged, never put in a message, and forgotten with the request.
 */
import type * as http from 'node:http';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { tokenFingerprint } from './callerVerdicts';
import type { K8sMcpService } from '../createServer';
import { errorMessage } from '../pipeline/errorResult';
import type { Verdict } from './callerVerdicts';
import { bearerChallenge } from './protectedResource';

/** Longest token accepted: OIDC ID tokens with many groups run to a few KiB; more is not a token. */
export const MAX_TOKEN_BYTES = 8 * 1024;

/** RFC 6750's b64token: what JWTs and Kubernetes tokens are made of. */
const TOKEN_CHARACTERS = /^[A-Za-z0-9\-._~+/]+=*$/;

export type BearerHeader =
  | { token: string }
  | { problem: 'missing' | 'too-large' | 'malformed' };

/** The bearer token of an Authorization header (the scheme is case-insensitive, RFC 7235 §2.1). */
export function parseBearer(header: string | undefined): BearerHeader {
  const match = /^bearer(?:[ \t]+(.*))?$/i.exec(header ?? '');
  if (!match) return { problem: 'missing' };
  const token = (match[1] ?? '').trim();
  if (token.length > MAX_TOKEN_BYTES) return { problem: 'too-large' };
  return TOKEN_CHARACTERS.test(token) ? { token } : { problem: 'malformed' };
}

export interface AuthenticatedCaller {
  token: string;
  /** The per-identity rate-limit key: a fingerprint of the token, never the token. */
  clientKey: string;
}

function refuse(res: http.ServerResponse, status: number, error: string, description: string, challenge?: string): undefined {
  res.writeHead(status, { 'Content-Type': 'application/json', ...(challenge ? { 'WWW-Authenticate': challenge } : {}) })
    .end(JSON.stringify({ error, error_description: description }));
  return undefined;
}

/** The request's caller, or undefined once the client has been told why not. */
export async function authenticateCaller(
  req: http.IncomingMessage, res: http.ServerResponse, service: K8sMcpService, baseUrl: string,
): Promise<AuthenticatedCaller | undefined> {
  const bearer = parseBearer(req.headers.authorization);
  if ('problem' in bearer) {
    switch (bearer.problem) {
      case 'missing':
        return refuse(res, 401, 'invalid_request',
          'Send your Kubernetes token as Authorization: Bearer <token> (for example from kubectl create token, or your OIDC sign-in).',
          bearerChallenge(baseUrl));
      case 'too-large':
        return refuse(res, 431, 'invalid_request', `The bearer token is longer than ${MAX_TOKEN_BYTES} bytes; that is not a Kubernetes token.`);
      case 'malformed':
        return refuse(res, 400, 'invalid_request', 'The bearer token has characters a token cannot have (RFC 6750: letters, digits and -._~+/ then =).',
          bearerChallenge(baseUrl, { code: 'invalid_request', description: 'malformed bearer token' }));
    }
  }
  let verdict: Verdict;
  try {
    verdict = await service.verifyCaller(bearer.token);
  } catch (err) {
    // The API server could not be asked: the token may be fine, so this is not a 401.
    return refuse(res, 503, 'temporarily_unavailable', `Could not check the token with the Kubernetes API server: ${errorMessage(err)}`);
  }
  if (verdict === 'rejected') {
    return refuse(res, 401, 'invalid_token', 'The Kubernetes API server rejected this token (expired, revoked, or for another cluster): sign in again.',
      bearerChallenge(baseUrl, { code: 'invalid_token', description: 'the Kubernetes API server rejected the token' }));
  }
  const caller = { token: bearer.token, clientKey: `token:${tokenFingerprint(bearer.token)}` };
  (req as http.IncomingMessage & { auth?: AuthInfo }).auth = { token: caller.token, clientId: caller.clientKey, scopes: [] };
  return caller;
}
