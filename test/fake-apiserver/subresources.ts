// Subresources other than logs, exec and proxy: GET of /status (the object itself, 020/087) and /scale (an
// autoscaling/v1 Scale view of spec.replicas, 019/088), and the POSTs the project sends: pods/eviction (201
// Status, 065) and serviceaccounts/token (a TokenRequest with a fake JWT, 068).
import type { KObject, ResourceDef, StoredObject } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { getPath } from './jsonValues';
import { labelSelectorString } from './selectors';
import { sendDocument, sendObject } from './representations';
import { handleEviction } from './eviction';
import { handleTokenRequest } from './tokenRequest';

function liveOr404(ctx: ApiContext, def: ResourceDef): StoredObject {
  const name = String(ctx.info.name);
  const live = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!live) throw errors.notFound({ group: def.group, resource: def.plural }, name);
  return live;
}

function scalePaths(def: ResourceDef): { spec: string; status: string; selector?: string } {
  const scale = def.crd?.scale;
  if (scale) return { spec: scale.specReplicasPath, status: scale.statusReplicasPath, selector: scale.labelSelectorPath };
  return { spec: '.spec.replicas', status: '.status.replicas' };
}

export function scaleOf(def: ResourceDef, obj: KObject): KObject {
  const paths = scalePaths(def);
  const { name, namespace, uid, resourceVersion, creationTimestamp } = obj.metadata;
  const status: KObject = { replicas: Number(getPath(obj, paths.status) ?? 0) };
  const selector = def.crd ? (paths.selector ? getPath(obj, paths.selector) : undefined) : labelSelectorString(obj.spec?.selector);
  if (selector !== undefined && selector !== '<none>') status.selector = selector;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: Number(getPath(obj, paths.spec) ?? 0) },
    status,
  };
}

/** GET of /status, /scale and a CSR's /approval; their writes (PUT, PATCH) are never sent by the project. */
function handleReadOnly(ctx: ApiContext, def: ResourceDef, sub: string): void {
  const method = ctx.req.method;
  if (method === 'PUT' || method === 'PATCH') throw errors.notImplemented(`${method} of the ${sub} subresource`);
  if (method !== 'GET') throw errors.methodNotAllowed();
  const live = liveOr404(ctx, def);
  if (sub === 'scale') sendDocument(ctx, scaleOf(def, live));
  else sendObject(ctx, def, live);
}

/** Routes /{resource}/{name}/{subresource} except log, exec and proxy. */
export function handleSubresource(ctx: ApiContext, def: ResourceDef, sub: string): void {
  if (!def.subresources.has(sub)) throw errors.genericNotFound();
  switch (sub) {
    case 'status':
    case 'scale':
    case 'approval':
      return handleReadOnly(ctx, def, sub);
    case 'eviction':
      if (ctx.req.method !== 'POST') throw errors.methodNotAllowed();
      return handleEviction(ctx, def, liveOr404(ctx, def));
    case 'token':
      if (ctx.req.method !== 'POST') throw errors.methodNotAllowed();
      return handleTokenRequest(ctx, liveOr404(ctx, def));
    default:
      throw errors.methodNotAllowed();
  }
}
