/**
 * POST to a subresource of a named object (eviction, token, …), and the guard against minting credentials:
 * an agent must not create service-account tokens or certificate signing requests unless the person started
 * the server with --allow-credential-creation (SPEC §1).
 */
import type { QueryValue } from '../client/apiRequest';
import type { ClusterClient } from '../client/clusterClient';
import { K8sError } from '../errors';
import type { ApiResource } from '../client/discovery';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';

/** Throws unless credential creation is allowed, when this write would mint a credential. */
export function assertNoCredentialCreation(
  resource: Pick<ApiResource, 'group' | 'plural'>, subPath: string | undefined, manifest: Record<string, unknown> | undefined, allow: boolean,
): void {
  if (allow) return;
  let what: string | undefined;
  if (resource.group === '' && resource.plural === 'serviceaccounts' && subPath === 'token') what = 'a service-account token (serviceaccounts/token)';
  else if (resource.group === 'certificates.k8s.io' && resource.plural === 'certificatesigningrequests') what = 'a certificate signing request';
  // A Secret of this type makes the token controller write a long-lived token into it.
  else if (resource.group === '' && resource.plural === 'secrets' && manifest?.type === 'kubernetes.io/service-account-token') what = 'a service-account token Secret';
  if (what) {
    throw new K8sError('forbidden', `Creating credentials is disabled: this call would create ${what}. Only the command-line server allows it, started with --allow-credential-creation (the VS Code extension never does); ask the user.`);
  }
}

export interface PostResult {
  status: number;
  response: unknown;
}

export async function postSubresource(
  client: ClusterClient, address: ResolvedAddress, subPath: string, payload: Record<string, unknown>,
  options: { query?: Record<string, QueryValue> | undefined; signal?: AbortSignal | undefined },
): Promise<PostResult> {
  const { value, status } = await client.json<unknown>({
    method: 'POST',
    path: objectPath(address, subPath),
    query: options.query,
    contentType: 'application/json',
    body: JSON.stringify(payload),
    signal: options.signal,
  });
  return { status, response: value };
}
