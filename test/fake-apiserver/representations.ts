// Writes objects and lists in the representation the client negotiated: JSON, and for lists a Table or a
// PartialObjectMetadataList (what the project asks for). Typed lists omit kind/apiVersion on items;
// unstructured lists keep them and sort every key, including the list's own metadata (080).
import type { KObject, ListMeta, ResourceDef, StoredObject } from './types';
import type { ApiContext } from './apiContext';
import { queryValue } from './apiContext';
import { negotiate } from './negotiation';
import { partialObjectMetadataList, renderTable } from './tableRenderer';
import { groupVersion, toWire } from './wireObject';
import { sortKeysDeep } from './jsonValues';
import { errors } from './statusErrors';
import { writeJson } from './respond';

function send(ctx: ApiContext, status: number, body: KObject): void {
  writeJson(ctx.res, status, body, {}, { slowBodyMs: ctx.state.faults.slowBodyMs });
}

export function sendObject(ctx: ApiContext, def: ResourceDef, obj: StoredObject, status = 200): void {
  const rep = negotiate(ctx.req.headers.accept, { isList: false, tables: ctx.req.method === 'GET' && ctx.state.faults.tablesAllowed(def.plural, def.group) });
  if (rep.kind !== 'json') throw errors.notImplemented('a Table or PartialObjectMetadata of a single object');
  send(ctx, status, toWire(def, obj));
}

/** Any JSON document that is not an object of `def` (Status, Scale, TokenRequest...). */
export function sendDocument(ctx: ApiContext, body: KObject, status = 200): void {
  writeJson(ctx.res, status, body, {}, { slowBodyMs: ctx.state.faults.slowBodyMs });
}

export function sendList(ctx: ApiContext, def: ResourceDef, items: StoredObject[], listMeta: ListMeta): void {
  const rep = negotiate(ctx.req.headers.accept, { isList: true, tables: ctx.state.faults.tablesAllowed(def.plural, def.group) });
  if (rep.kind === 'table') return send(ctx, 200, renderTable(def, items, listMeta, rep.apiVersion, queryValue(ctx.query, 'includeObject')));
  if (rep.kind === 'partial') return send(ctx, 200, partialObjectMetadataList(items, listMeta, rep.apiVersion));
  const wireItems = items.map((o) => toWire(def, o, true));
  const list: KObject = { kind: def.listKind, apiVersion: groupVersion(def), metadata: listMeta, items: wireItems };
  send(ctx, 200, def.crd ? (sortKeysDeep(list) as KObject) : list);
}
