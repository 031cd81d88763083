/** Reads one object or one of its (non-log) subresources, trimmed and masked like every answer. */
import type { QueryValue } from '../client/apiRequest';
import type { ClusterClient } from '../client/clusterClient';
import { trimObject } from '../shaping/objectTrimming';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';

export interface GetResult {
  object: unknown;
  rawBytes: number;
}

export async function getObject(
  client: ClusterClient, address: ResolvedAddress,
  options: { subPath?: string | undefined; query?: Record<string, QueryValue> | undefined; allowSecretValues: boolean },
  signal?: AbortSignal,
): Promise<GetResult> {
  const path = objectPath(address, options.subPath);
  const { value, bytes } = await client.json<unknown>({ method: 'GET', path, query: options.query, signal });
  return { object: trimObject(value, { allowSecretValues: options.allowSecretValues }), rawBytes: bytes };
}
