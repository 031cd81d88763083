// Routes resource requests to handlers. A group-version the server does not serve is the mux's text 404
// (078); a served group-version without that resource is a JSON 404 with empty details (021); a verb the
// resource does not support is 405 (102). Only what the project sends is served: GET, LIST, server-side apply,
// DELETE of one object, POSTs to subresources, logs, exec and node proxy reads; create (POST to a collection),
// update (PUT), watch and deletecollection answer the fake's 501 (README.md).
import type { ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { writeNotFoundText } from './respond';
import { handleGet, handleList } from './objectReads';
import { handlePatch } from './patchHandler';
import { handleDelete } from './deletion';
import { handleSubresource } from './subresources';
import { handlePodLogs } from './podLogs';
import { handleExecWithoutUpgrade } from './podExec';
import { handleNodeProxy } from './nodeProxy';

/** The resource a request addresses, or undefined after answering 404 itself. */
export function resolveResource(ctx: ApiContext): ResourceDef | undefined {
  const { info } = ctx;
  const { registry } = ctx.state;
  if (!registry.servesGroupVersion(info.apiGroup, info.apiVersion)) {
    writeNotFoundText(ctx.res);
    return undefined;
  }
  const def = registry.find(info.apiGroup, info.apiVersion, info.resource ?? '');
  if (!def) throw errors.genericNotFound();
  // Cluster-scoped resources have no namespaced paths, and namespaced ones no cluster-wide object paths.
  if (!def.namespaced && info.namespace !== undefined && def.plural !== 'namespaces') throw errors.genericNotFound();
  if (def.namespaced && info.namespace === undefined && info.name !== undefined) throw errors.genericNotFound();
  return def;
}

function requireVerb(def: ResourceDef, verb: string): void {
  if (!def.verbs.includes(verb)) throw errors.methodNotAllowed();
}

export function routeResource(ctx: ApiContext): void {
  const def = resolveResource(ctx);
  if (!def) return;
  const { info, req } = ctx;
  const method = req.method ?? 'GET';
  if (info.subresource) {
    switch (info.subresource) {
      case 'log':
        if (def.kind !== 'Pod') throw errors.genericNotFound();
        return handlePodLogs(ctx, def);
      case 'exec':
      case 'attach':
      case 'portforward':
        if (def.kind !== 'Pod') throw errors.genericNotFound();
        return handleExecWithoutUpgrade(ctx, def);
      case 'proxy':
        if (def.kind !== 'Node') throw errors.genericNotFound();
        return handleNodeProxy(ctx, def);
      default:
        return handleSubresource(ctx, def, info.subresource);
    }
  }
  const named = info.name !== undefined;
  switch (method) {
    case 'GET':
      if (info.verb === 'watch') throw errors.notImplemented('watch');
      requireVerb(def, named ? 'get' : 'list');
      return named ? handleGet(ctx, def) : handleList(ctx, def);
    case 'POST':
      if (named) throw errors.methodNotAllowed();
      requireVerb(def, 'create');
      throw errors.notImplemented('create (POST to a collection)');
    case 'PUT':
      if (!named) throw errors.methodNotAllowed();
      requireVerb(def, 'update');
      throw errors.notImplemented('update (PUT)');
    case 'PATCH':
      if (!named) throw errors.methodNotAllowed();
      requireVerb(def, 'patch');
      return handlePatch(ctx, def);
    case 'DELETE':
      requireVerb(def, named ? 'delete' : 'deletecollection');
      if (!named) throw errors.notImplemented('deletecollection');
      return handleDelete(ctx, def);
    default:
      throw errors.methodNotAllowed();
  }
}
