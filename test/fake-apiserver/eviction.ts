// pods/{name}/eviction: the policy/v1 Eviction API. Allowed evictions answer 201 with a bare Status Success
// (065) and delete the pod gracefully; a PodDisruptionBudget with no disruptions left refuses with 429.
import type { ResourceDef, StoredObject } from './types';
import type { ApiContext } from './apiContext';
import { ApiError, errors, failure, success } from './statusErrors';
import { isPlainObject } from './jsonValues';
import { sendDocument } from './representations';
import { decodeBody, isDryRun } from './objectWrites';
import { parseLabelSelectorObject } from './selectors';
import { rfc3339 } from './timeFormat';
import { later } from './apiContext';

/** PodDisruptionBudgets in the pod's namespace whose selector matches it. */
function budgetsFor(ctx: ApiContext, pod: StoredObject): StoredObject[] {
  const pdbDef = ctx.state.registry.find('policy', 'v1', 'poddisruptionbudgets');
  if (!pdbDef) return [];
  const podLabels = pod.metadata.labels ?? {};
  return ctx.state.store.items(pdbDef, pod.metadata.namespace).filter((pdb) => parseLabelSelectorObject(pdb.spec?.selector)(podLabels));
}

export function handleEviction(ctx: ApiContext, def: ResourceDef, pod: StoredObject): void {
  const body = ctx.body.trim() ? decodeBody(ctx, false) : {};
  const eviction = isPlainObject(body) ? body : {};
  if (eviction.metadata?.name && eviction.metadata.name !== pod.metadata.name) {
    throw errors.badRequest('name in URL does not match name in Eviction object');
  }
  const dryRun = isDryRun(ctx) || (Array.isArray(eviction.deleteOptions?.dryRun) && eviction.deleteOptions.dryRun.includes('All'));
  for (const pdb of budgetsFor(ctx, pod)) {
    if (Number(pdb.status?.disruptionsAllowed ?? 0) <= 0) {
      const message = `The disruption budget ${pdb.metadata.name} needs ${pdb.status?.desiredHealthy ?? 0} healthy pods and has ${pdb.status?.currentHealthy ?? 0} currently`;
      throw new ApiError(
        failure(429, 'TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", { causes: [{ reason: 'DisruptionBudget', message }] }),
      );
    }
  }
  if (!dryRun && !pod.metadata.deletionTimestamp) {
    const state = ctx.state;
    const marked = structuredClone(pod);
    marked.metadata.deletionTimestamp = rfc3339(Date.now() + 30_000);
    marked.metadata.deletionGracePeriodSeconds = 30;
    const { namespace, name, uid } = pod.metadata;
    state.store.write(def, marked);
    later(state, 50, () => {
      const current = state.store.read(def, namespace, name);
      if (current && current.metadata.uid === uid) state.store.remove(def, namespace, name);
    });
  }
  sendDocument(ctx, success(undefined, 201), 201);
}
