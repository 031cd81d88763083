/**
 * OAuth 2.0 Protected Resource Metadata (RFC 9728) for identity passthrough: MCP clients that get a 401 read
 * `resource_metadata` from WWW-Authenticate, fetch this document and sign the person in at the authorization
 * server it names (the cluster's OIDC issuer, `--authorization-server`).
 */
import type * as http from 'node:http';

export const PROTECTED_RESOURCE_PATH = '/.well-known/oauth-protected-resource';

/**
 * The server's base URL as the client reached it: the Host header it sent (checked against DNS rebinding
 * before this runs), https when the host serves TLS or, behind a trusted proxy, when the proxy says so.
 */
export function baseUrlOf(req: http.IncomingMessage, tls: boolean, trustForwarded: boolean): string {
  const forwardedProto = trustForwarded ? String(req.headers['x-forwarded-proto'] ?? '').split(',')[0]!.trim() : '';
  const scheme = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : tls ? 'https' : 'http';
  return `${scheme}://${req.headers.host ?? 'localhost'}`;
}

export function protectedResourceMetadata(baseUrl: string, authorizationServers: readonly string[]): Record<string, unknown> {
  return {
    resource: baseUrl,
    ...(authorizationServers.length > 0 ? { authorization_servers: authorizationServers } : {}),
    bearer_methods_supported: ['header'],
    resource_name: 'k8s-mcp-interface (Kubernetes; your token is passed to the API server)',
  };
}

/** The WWW-Authenticate value of a 401 (RFC 6750 §3, with RFC 9728's resource_metadata). */
export function bearerChallenge(baseUrl: string, error?: { code: 'invalid_token' | 'invalid_request'; description: string }): string {
  const params = error ? [`error="${error.code}"`, `error_description="${error.description}"`] : [];
  params.push(`resource_metadata="${baseUrl}${PROTECTED_RESOURCE_PATH}"`);
  return `Bearer ${params.join(', ')}`;
}
