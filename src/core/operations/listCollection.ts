/**
 * Lists a collection in one request with the Table representation (kubectl's printer columns, object
 * metadata included), falling back to PartialObjectMetadataList and then to a plain list when the server or
 * the resource does not offer tables (aggregated APIs, old servers answer 406 or ignore the Accept header).
 */
import type { ClusterClient } from '../client/clusterClient';
import { compactList, type CompactList, type CompactListOptions, type ListAnswer } from '../shaping/compactList';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';

export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';

export interface ListParams {
  labelSelector?: string | undefined;
  fieldSelector?: string | undefined;
  limit: number;
  continueToken?: string | undefined;
}

export interface ListResult {
  list: CompactList;
  /** Bytes the API server sent (for benchmarks and the activity log). */
  rawBytes: number;
}

export async function listCollection(
  client: ClusterClient, address: ResolvedAddress, params: ListParams, options: CompactListOptions,
  signal?: AbortSignal,
): Promise<ListResult> {
  const path = objectPath({ ...address, name: undefined });
  const query = {
    limit: params.limit,
    continue: params.continueToken,
    labelSelector: params.labelSelector,
    fieldSelector: params.fieldSelector,
    includeObject: 'Metadata',
  };
  let res = await client.request({ method: 'GET', path, query, accept: TABLE_ACCEPT, signal });
  if (res.status === 406) {
    res = await client.request({ method: 'GET', path, query: { ...query, includeObject: undefined }, accept: METADATA_ACCEPT, signal });
  }
  const answer = client.parse<ListAnswer>(res, { method: 'GET', path });
  const kind = `${address.resource.kind}List`;
  const list = compactList(answer, kind, options);
  list.apiVersion = address.resource.group ? `${address.resource.group}/${address.resource.version}` : address.resource.version;
  return { list, rawBytes: res.size };
}
