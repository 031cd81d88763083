// GET of one object and LIST of a collection. A GET never checks the namespace exists (023: just "not
// found"); a list of a missing namespace is simply empty; /api/v1/pods lists across namespaces (029).
import type { ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { errors } from './statusErrors';
import { sendList, sendObject } from './representations';
import { paginate, selection } from './listing';

export function handleGet(ctx: ApiContext, def: ResourceDef): void {
  const name = String(ctx.info.name);
  const obj = ctx.state.store.read(def, ctx.info.namespace, name);
  if (!obj) throw errors.notFound({ group: def.group, resource: def.plural }, name);
  sendObject(ctx, def, obj);
}

export function handleList(ctx: ApiContext, def: ResourceDef): void {
  const namespace = def.namespaced ? ctx.info.namespace : undefined;
  const sel = selection(ctx, def);
  const { items, meta } = paginate(ctx, def, ctx.state.store.items(def, namespace), namespace, sel);
  sendList(ctx, def, items, meta);
}
