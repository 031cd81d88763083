/** Namespace names of a cluster (the extension's "Set namespace" quick pick). */
import type { ClusterClient } from '../client/clusterClient';

export async function listNamespaces(client: ClusterClient, signal?: AbortSignal): Promise<string[]> {
  const { value } = await client.json<{ items?: Array<{ metadata?: { name?: string } }> }>({
    method: 'GET', path: '/api/v1/namespaces', accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json', signal,
  });
  return (value.items ?? []).map((i) => i.metadata?.name ?? '').filter(Boolean).sort();
}
