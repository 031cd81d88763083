/**
 * Deletes one object with DeleteOptions (propagation policy, grace period, dry run). The API server answers
 * either with the object (still present: finalizers or foreground deletion pending) or with a Status.
 */
import type { ClusterClient } from '../client/clusterClient';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface DeleteOptions {
  propagationPolicy?: PropagationPolicy | undefined;
  gracePeriodSeconds?: number | undefined;
  dryRun: boolean;
  signal?: AbortSignal | undefined;
}

export interface DeleteResult {
  /** The API server's answer: the object being deleted, or a Status. */
  response: Record<string, unknown>;
  /** True when the object is still there (finalizers, foreground deletion) after the call. */
  pending: boolean;
  /** metadata.finalizers, and spec.finalizers of a namespace. */
  finalizers: string[];
  /** The grace period the object is terminating with (pods), when it is still there. */
  gracePeriodSeconds?: number | undefined;
}

export async function deleteObject(client: ClusterClient, address: ResolvedAddress, options: DeleteOptions): Promise<DeleteResult> {
  const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.dryRun) body.dryRun = ['All'];
  const { value } = await client.json<Record<string, unknown>>({
    method: 'DELETE',
    path: objectPath(address),
    // dryRun goes in the query too: some aggregated API servers read only the query.
    query: { dryRun: options.dryRun ? 'All' : undefined },
    contentType: 'application/json',
    body: JSON.stringify(body),
    signal: options.signal,
  });
  const metadata = (typeof value.metadata === 'object' && value.metadata !== null ? value.metadata : {}) as Record<string, unknown>;
  const spec = (typeof value.spec === 'object' && value.spec !== null ? value.spec : {}) as Record<string, unknown>;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : []);
  const finalizers = [...strings(metadata.finalizers), ...strings(spec.finalizers)];
  const grace = metadata.deletionGracePeriodSeconds;
  // Still there after the DELETE: finalizers to run, a pod's grace period, or a namespace emptying itself (its
  // finalizer is in spec.finalizers, not metadata). A Status answer or no deletionTimestamp means it is gone.
  const pending = value.kind !== 'Status' && typeof metadata.deletionTimestamp === 'string';
  return { response: value, pending, finalizers, gracePeriodSeconds: typeof grace === 'number' ? grace : undefined };
}
