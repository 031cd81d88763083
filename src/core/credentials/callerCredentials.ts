/**
 * Identity passthrough (SPEC §8): each request's caller brings the credential, a bearer token; the kubeconfig
 * (or in-cluster config) supplies only where the cluster is and which CA it has. Nothing of the kubeconfig's
 * user is ever used: no client certificate, no token, no exec plugin, no impersonation.
 */
import { KubeConfig } from '@kubernetes/client-node';
import type { Credentials } from './contextCredentials';
import { K8sError } from '../errors';
import type { ResolvedContext } from './resolvedContext';

/** Where a client gets the credentials of a request (ContextCredentials for kubeconfig users). */
export interface CredentialSource {
  /** Waits no longer than `signal`, the call's deadline and cancellation. */
  get(signal: AbortSignal): Promise<Credentials>;
  /** Called when the API server answered 401 to these credentials. */
  drop(): void;
}

/** The caller of one request: its bearer token, and what to do when the API server rejects it. */
export interface Caller {
  token: string;
  onRejected?(): void;
}

/** One caller's token, for the requests of one MCP request only (never stored beyond it). */
export class BearerCredentials implements CredentialSource {
  private readonly credentials: Credentials;

  constructor(private readonly caller: Caller) {
    this.credentials = { headers: { Authorization: `Bearer ${caller.token}` } };
  }

  get(): Promise<Credentials> {
    return Promise.resolve(this.credentials);
  }

  drop(): void {
    this.caller.onRejected?.();
  }
}

/** The credentials of a passthrough cluster without a caller: refuses, so nothing runs as the server itself. */
export const NO_CALLER: CredentialSource = {
  get: () => Promise.reject(new K8sError('unauthorized', 'This server passes each caller\'s own token to the API server, and this request carried none.')),
  drop: () => undefined,
};

/**
 * A copy of the context holding only its cluster (server, CA, TLS server name, proxy) and namespace, with an
 * empty user: the client built from it has no client certificate and no credentials of its own.
 */
export function clusterOnly(resolved: ResolvedContext): ResolvedContext {
  const { name: contextName, kubeConfig } = resolved;
  const cluster = kubeConfig.getCurrentCluster();
  const context = kubeConfig.getContextObject(contextName);
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: cluster ? [cluster] : [],
    users: [{ name: 'passthrough-caller' }],
    contexts: [{ name: contextName, cluster: cluster?.name ?? '', user: 'passthrough-caller', ...(context?.namespace ? { namespace: context.namespace } : {}) }],
    currentContext: contextName,
  });
  return { name: contextName, kubeConfig: copy, user: {} };
}
