/**
 * The flags of SPEC §8 (serving a team) → checked options: identity passthrough, TLS, stateless Streamable
 * HTTP, metrics. Combinations that cannot work are a UsageError (exit code 2) that says what to change.
 */
import type { AuthMode, TransportName } from '../server/options';
import { loadServerTls, TlsConfigError, type ServerTls } from '../server/http/serverTls';
import { UsageError } from './usageError';

export interface TeamServing {
  authMode: AuthMode;
  /** Set with passthrough: named in the protected resource metadata. */
  passthrough?: { authorizationServers: string[] } | undefined;
  tls?: ServerTls | undefined;
  stateless: boolean;
  metrics: boolean;
}

function parseAuthMode(value: string): AuthMode {
  if (value === 'kubeconfig' || value === 'passthrough') return value;
  throw new UsageError(`--auth-mode must be kubeconfig or passthrough, not "${value}".`);
}

function parseAuthorizationServer(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--authorization-server must be a URL (the cluster's OIDC issuer, e.g. https://issuer.example.com), not "${value}".`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--authorization-server must be an https URL, not "${value}".`);
  return value;
}

/** `get` and `bool` read a flag after its environment variable and default, as parseArgs does. */
export function resolveTeamServing(
  transport: TransportName, authToken: string | undefined,
  get: (name: string) => string | undefined, bool: (name: string) => boolean, readFiles: boolean,
): TeamServing {
  const authMode = parseAuthMode(get('auth-mode')!);
  const issuer = get('authorization-server');
  const stateless = bool('stateless');
  if (authMode === 'passthrough') {
    if (authToken) throw new UsageError('--auth-mode passthrough and --auth-token (MCP_AUTH_TOKEN) cannot be combined: with passthrough each client sends its own Kubernetes token as the bearer token. Drop one.');
    if (transport === 'stdio') throw new UsageError('--auth-mode passthrough needs an HTTP transport (sse or streamable-http): over stdio there is no request to carry a token.');
  } else if (issuer) {
    throw new UsageError('--authorization-server goes with --auth-mode passthrough; without it clients sign in nowhere.');
  }
  if (stateless && transport !== 'streamable-http') throw new UsageError(`--stateless serves Streamable HTTP only: add --transport streamable-http (not ${transport}).`);
  let tls: ServerTls | undefined;
  try {
    tls = readFiles ? loadServerTls(get('tls-cert'), get('tls-key')) : undefined;
  } catch (err) {
    if (err instanceof TlsConfigError) throw new UsageError(err.message);
    throw err;
  }
  if (tls && transport === 'stdio') throw new UsageError('--tls-cert and --tls-key serve HTTPS: they need --transport sse or streamable-http.');
  return {
    authMode,
    passthrough: authMode === 'passthrough' ? { authorizationServers: issuer ? [parseAuthorizationServer(issuer)] : [] } : undefined,
    tls,
    stateless,
    metrics: bool('metrics'),
  };
}
