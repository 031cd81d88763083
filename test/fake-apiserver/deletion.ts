// DELETE of one object with the garbage collector's visible behaviour. Background (the default)
// removes the object at once and answers a Status Success naming it (062, 108); its dependents go shortly
// after. Foreground and Orphan answer 200 with the object still there, deletionTimestamp set and the
// foregroundDeletion/orphan finalizer (063, 109, 110), then finish a moment later (064: 404 once done).
// Pods are graceful (the object comes back with a deletionTimestamp), namespaces and CRDs clean up their
// contents before they disappear.
import type { KObject, ResourceDef, Status, StoredObject } from './types';
import type { ApiContext, ServerState } from './apiContext';
import { later, queryValue, queryValues } from './apiContext';
import { errors, success } from './statusErrors';
import { isPlainObject } from './jsonValues';
import { rfc3339 } from './timeFormat';
import { sendDocument, sendObject } from './representations';
import { crdResourceDefs } from './discovery';

/** How long the simulated controllers (GC, kubelet, namespace controller) take to finish a deletion. */
const CONTROLLER_DELAY_MS = 50;

interface DeleteOptions {
  propagationPolicy?: string;
  gracePeriodSeconds?: number;
  dryRun: boolean;
}

function deleteOptions(ctx: ApiContext): DeleteOptions {
  let body: KObject = {};
  if (ctx.body.trim()) {
    try {
      const parsed = JSON.parse(ctx.body) as unknown;
      if (isPlainObject(parsed)) body = parsed;
    } catch {
      throw errors.badRequest(`couldn't get version/kind; json parse error: invalid character '${ctx.body.trim()[0]}' looking for beginning of value`);
    }
  }
  const grace = queryValue(ctx.query, 'gracePeriodSeconds') ?? body.gracePeriodSeconds;
  return {
    propagationPolicy: queryValue(ctx.query, 'propagationPolicy') ?? body.propagationPolicy,
    gracePeriodSeconds: grace === undefined ? undefined : Number(grace),
    dryRun: queryValues(ctx.query, 'dryRun').includes('All') || (Array.isArray(body.dryRun) && body.dryRun.includes('All')),
  };
}

/** Objects whose ownerReferences point at `uid`, in every resource of the namespace. */
function dependents(state: ServerState, namespace: string | undefined, uid: string): { def: ResourceDef; obj: StoredObject }[] {
  const seen = new Set<string>();
  const out: { def: ResourceDef; obj: StoredObject }[] = [];
  for (const def of state.registry.allDefs()) {
    if (seen.has(def.storage)) continue;
    seen.add(def.storage);
    for (const obj of state.store.items(def, def.namespaced ? namespace : undefined)) {
      if ((obj.metadata.ownerReferences ?? []).some((r) => r.uid === uid)) out.push({ def, obj });
    }
  }
  return out;
}

/** Removes an object and, like the garbage collector, everything it owns. */
export function removeCascading(state: ServerState, def: ResourceDef, obj: StoredObject): void {
  const { namespace, name, uid } = obj.metadata;
  for (const dep of dependents(state, namespace, uid)) removeCascading(state, dep.def, dep.obj);
  state.store.remove(def, namespace, name);
  if (def.kind === 'CustomResourceDefinition') {
    for (const crDef of crdResourceDefs(obj)) {
      for (const cr of state.store.items(crDef)) state.store.remove(crDef, cr.metadata.namespace, cr.metadata.name);
    }
  }
  if (def.kind === 'Namespace') {
    const seen = new Set<string>();
    for (const d of state.registry.allDefs()) {
      if (!d.namespaced || seen.has(d.storage)) continue;
      seen.add(d.storage);
      for (const o of [...state.store.items(d, name)]) state.store.remove(d, name, o.metadata.name);
    }
  }
}

function markDeleting(
  state: ServerState, def: ResourceDef, live: StoredObject, finalizer: string | undefined, graceSeconds: number,
): StoredObject {
  const next = structuredClone(live);
  next.metadata.deletionTimestamp = rfc3339(Date.now() + graceSeconds * 1000);
  next.metadata.deletionGracePeriodSeconds = graceSeconds;
  if (finalizer) next.metadata.finalizers = [...new Set([...(next.metadata.finalizers ?? []), finalizer])];
  if (def.hasGeneration) next.metadata.generation = Number(next.metadata.generation ?? 0) + 1;
  if (def.kind === 'Namespace') next.status = { ...next.status, phase: 'Terminating' };
  return state.store.write(def, next);
}

function deleteOne(ctx: ApiContext, def: ResourceDef, live: StoredObject, opts: DeleteOptions): { object?: StoredObject; status?: Status } {
  const state = ctx.state;
  const { namespace, name, uid } = live.metadata;
  const done = success({ name, group: def.group, kind: def.plural, uid });
  if (opts.dryRun) return def.kind === 'Pod' ? { object: live } : { status: done };
  if (live.metadata.deletionTimestamp) return { object: live };
  const finish = (): void => {
    const current = state.store.read(def, namespace, name);
    if (current && current.metadata.uid === uid) removeCascading(state, def, current);
  };
  if (def.kind === 'Namespace' || def.kind === 'CustomResourceDefinition') {
    const marked = markDeleting(state, def, live, def.kind === 'CustomResourceDefinition' ? 'customresourcecleanup.apiextensions.k8s.io' : undefined, 0);
    later(state, CONTROLLER_DELAY_MS, finish);
    return { object: marked };
  }
  if (def.kind === 'Pod') {
    const grace = opts.gracePeriodSeconds ?? Number(live.spec?.terminationGracePeriodSeconds ?? 30);
    if (grace === 0 || !live.spec?.nodeName) {
      removeCascading(state, def, live);
      return { object: live };
    }
    const marked = markDeleting(state, def, live, undefined, grace);
    later(state, CONTROLLER_DELAY_MS, finish);
    return { object: marked };
  }
  if (opts.propagationPolicy === 'Foreground') {
    const marked = markDeleting(state, def, live, 'foregroundDeletion', 0);
    later(state, CONTROLLER_DELAY_MS, finish);
    return { object: marked };
  }
  if (opts.propagationPolicy === 'Orphan') {
    const marked = markDeleting(state, def, live, 'orphan', 0);
    later(state, CONTROLLER_DELAY_MS, () => {
      for (const dep of dependents(state, namespace, uid)) {
        const copy = structuredClone(dep.obj);
        const owners = (copy.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (owners.length) copy.metadata.ownerReferences = owners;
        else delete copy.metadata.ownerReferences;
        state.store.write(dep.def, copy);
      }
      const current = state.store.read(def, namespace, name);
      if (current && current.metadata.uid === uid) state.store.remove(def, namespace, name);
    });
    return { object: marked };
  }
  state.store.remove(def, namespace, name);
  later(state, CONTROLLER_DELAY_MS, () => {
    for (const dep of dependents(state, namespace, uid)) removeCascading(state, dep.def, dep.obj);
  });
  return { status: done };
}

export function handleDelete(ctx: ApiContext, def: ResourceDef): void {
  const name = String(ctx.info.name);
  const opts = deleteOptions(ctx);
  const live = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!live) throw errors.notFound({ group: def.group, resource: def.plural }, name);
  const result = deleteOne(ctx, def, live, opts);
  if (result.object) sendObject(ctx, def, result.object);
  else if (result.status) sendDocument(ctx, result.status);
}
