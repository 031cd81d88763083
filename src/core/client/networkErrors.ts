/**
 * What a request that got no answer from the API server tells the agent: the failure in words (refused,
 * unresolvable, reset, an untrusted certificate) and what to check, never a bare Node error code.
 */
import { K8sError } from '../errors';

export interface RequestTarget {
  /** The API server's URL of the context. */
  server: URL;
  /** The proxy the context goes through, if any. */
  proxy: URL | undefined;
  contextName: string;
}

/** `host:port`, or `host:port (through the proxy proxy:port)`: which connection a message is about. */
export function routeOf(server: URL, proxy: URL | undefined): string {
  return proxy ? `${server.host} (through the proxy ${proxy.host})` : server.host;
}

export function networkError(err: Error & { code?: string }, what: string, target: RequestTarget): K8sError {
  const { server, proxy, contextName } = target;
  const host = routeOf(server, proxy);
  switch (err.code) {
    case 'ECONNREFUSED':
      return new K8sError('unavailable', `Cannot reach the API server at ${host} (connection refused) for context "${contextName}". Is the cluster running?`);
    case 'ENOTFOUND': case 'EAI_AGAIN':
      return new K8sError('unavailable', `Cannot resolve the API server host ${server.hostname} of context "${contextName}".`);
    case 'ECONNRESET': case 'EPIPE': case 'UND_ERR_SOCKET':
      return new K8sError('unavailable', `${what}: the connection to ${host} was reset. Retry shortly.`);
    case 'DEPTH_ZERO_SELF_SIGNED_CERT': case 'SELF_SIGNED_CERT_IN_CHAIN': case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'ERR_TLS_CERT_ALTNAME_INVALID': case 'CERT_HAS_EXPIRED':
      return new K8sError('unavailable', `TLS verification of ${host} failed (${err.code}): check the cluster's certificate-authority in the kubeconfig.`);
    default:
      return new K8sError('unavailable', `${what} failed: ${err.code ?? err.message}.`);
  }
}
