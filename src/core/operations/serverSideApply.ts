/**
 * Server-side apply (PATCH application/apply-patch+yaml) of one prepared manifest. The API server merges and
 * tracks field ownership; we only add what an agent needs on top: whether the object was created, changed or
 * left unchanged, and conflict messages that say which fields belong to whom and what `force` would do.
 */
import type { ClusterClient } from '../client/clusterClient';
import { K8sError } from '../errors';
import type { ResolvedAddress } from '../input/resourceAddress';
import { objectPath } from '../input/resourceAddress';
import { parseStatus, withHint, type KubeStatus } from '../client/statusErrors';

export const FIELD_MANAGER = 'k8s-mcp-interface';
/** The manager `kubectl apply` (client-side) records; its fields conflict with a first server-side apply. */
export const KUBECTL_CSA_MANAGER = 'kubectl-client-side-apply';

export type ApplyOutcome = 'created' | 'changed' | 'unchanged';

export interface ApplyOptions {
  force: boolean;
  dryRun: boolean;
  signal?: AbortSignal | undefined;
}

export interface ApplyResult {
  /** The object as stored (or as it would be, in a dry run), untrimmed. */
  object: Record<string, unknown>;
  outcome: ApplyOutcome;
  /** The live object before the apply, or null when it did not exist. */
  previous: Record<string, unknown> | null;
}

type Json = Record<string, unknown>;

/** GETs the live object; null on 404. */
export async function getLive(client: ClusterClient, address: ResolvedAddress, signal?: AbortSignal): Promise<Json | null> {
  const path = objectPath(address);
  const res = await client.request({ method: 'GET', path, signal });
  return res.status === 404 ? null : client.parse<Json>(res, { method: 'GET', path });
}

function metadataOf(obj: Json | null): Json {
  const m = obj?.metadata;
  return typeof m === 'object' && m !== null ? (m as Json) : {};
}

/**
 * In a dry run the server does not bump resourceVersion, so "would it change?" compares the objects without
 * the fields that always differ (managedFields timestamps, resourceVersion, generation).
 */
function comparable(obj: Json): string {
  const { managedFields: _m, resourceVersion: _r, generation: _g, ...meta } = metadataOf(obj);
  return JSON.stringify({ ...obj, metadata: meta });
}

export async function serverSideApply(
  client: ClusterClient, address: ResolvedAddress, manifest: Json, options: ApplyOptions,
): Promise<ApplyResult> {
  const live = getLive(client, address, options.signal);
  // A real apply must read the live object before it changes it; a dry run changes nothing, so both requests
  // go out together and the answer costs one round trip instead of two.
  if (!options.dryRun) await live;
  const path = objectPath(address);
  const patch = client.request({
    method: 'PATCH',
    path,
    query: { fieldManager: FIELD_MANAGER, force: options.force ? true : undefined, dryRun: options.dryRun ? 'All' : undefined },
    contentType: 'application/apply-patch+yaml',
    // JSON is valid YAML; serializing it ourselves avoids any YAML quoting ambiguity ("no", "1e3", …).
    body: JSON.stringify(manifest),
    signal: options.signal,
  });
  // Both settle before anything is thrown, so a failed GET never leaves the PATCH's rejection unhandled.
  const [liveResult, patchResult] = await Promise.allSettled([live, patch]);
  if (patchResult.status === 'rejected') throw patchResult.reason;
  if (liveResult.status === 'rejected') throw liveResult.reason;
  const res = patchResult.value;
  const previous = liveResult.value;
  if (res.status === 409) throw conflictError(parseStatus(res.body), manifest, address);
  if (res.status === 422) throw invalidError(client.errorFor(res, { method: 'PATCH', path }), parseStatus(res.body));
  const object = client.parse<Json>(res, { method: 'PATCH', path });
  let outcome: ApplyOutcome;
  if (previous === null || res.status === 201) outcome = 'created';
  else if (options.dryRun) outcome = comparable(previous) === comparable(object) ? 'unchanged' : 'changed';
  else outcome = metadataOf(previous).resourceVersion === metadataOf(object).resourceVersion ? 'unchanged' : 'changed';
  return { object, outcome, previous };
}

/** `conflict with "kubectl-client-side-apply" using apps/v1` → the manager's name. */
function managerOf(message: string | undefined): string {
  return /conflict with "([^"]+)"/.exec(message ?? '')?.[1] ?? 'another manager';
}

function conflictError(status: KubeStatus | undefined, manifest: Json, address: ResolvedAddress): K8sError {
  const causes = (status?.details?.causes ?? []).filter((c) => c.field || c.message);
  if (causes.length === 0) {
    // A 409 without field causes is an ordinary conflict (e.g. the object is being deleted).
    return new K8sError('conflict', withHint(status?.message ?? 'The apply conflicted', 'Retry in a moment.'), 409);
  }
  const byManager = new Map<string, string[]>();
  for (const c of causes) {
    const manager = managerOf(c.message);
    byManager.set(manager, [...(byManager.get(manager) ?? []), c.field ?? '(unknown field)']);
  }
  const owners = [...byManager].map(([manager, fields]) => `${fields.slice(0, 20).join(', ')}${fields.length > 20 ? ` … (${fields.length - 20} more)` : ''} owned by "${manager}"`);
  const kind = typeof manifest.kind === 'string' ? manifest.kind : address.resource.kind;
  let message = `Apply conflict on ${kind} "${address.name}": ${causes.length} field${causes.length === 1 ? '' : 's'} would change a value another field manager set: ${owners.join('; ')}.`;
  if (byManager.has(KUBECTL_CSA_MANAGER)) {
    message += ` This object was last written with client-side \`kubectl apply\` (manager "${KUBECTL_CSA_MANAGER}"); its first server-side apply conflicts on every field kubectl set to a different value.` +
      ' To take the object over from kubectl, retry with force: true (kubectl then no longer owns those fields);';
  } else {
    message += ' Retry with force: true to take ownership of these fields (the other manager loses them and may set them back),';
  }
  message += ' or remove the conflicting fields from the manifest, or set them to the current values.';
  return new K8sError('conflict', message, 409);
}

function invalidError(base: K8sError, status: KubeStatus | undefined): K8sError {
  const fields = (status?.details?.causes ?? []).map((c) => c.field).filter((f): f is string => Boolean(f));
  const hint = fields.length ? ` Invalid field${fields.length === 1 ? '' : 's'}: ${[...new Set(fields)].join(', ')}. Fix them and apply again.` : '';
  return new K8sError('invalid', base.message + hint, 422);
}
