// Writes objects and lists in the representation the client negotiated: JSON, YAML, a Table, or
// PartialObjectMetadata(List). Typed lists omit kind/apiVersion on items; unstructured lists keep them and
// sort every key, including the list's own metadata (080).
import YAML from 'yaml';
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { queryValue } from './apiContext';
import { negotiate } from './negotiation';
import { partialObjectMetadata, partialObjectMetadataList, renderTable } from './tableRenderer';
import { groupVersion, toWire } from './wireObject';
import { sortKeysDeep } from './jsonValues';
import { writeBody, writeJson } from './respond';

function send(ctx: ApiContext, status: number, body: KObject, yaml: boolean): void {
  const opts = { slowBodyMs: ctx.state.faults.slowBodyMs };
  if (yaml) writeBody(ctx.res, status, 'application/yaml', YAML.stringify(body), {}, opts);
  else writeJson(ctx.res, status, body, {}, opts);
}

export function sendObject(ctx: ApiContext, def: ResourceDef, obj: KObject, status = 200): void {
  const isRead = ctx.req.method === 'GET';
  const rep = isRead
    ? negotiate(ctx.req.headers.accept, { isList: false, tables: ctx.state.faults.tablesAllowed(def.plural, def.group) })
    : negotiate(ctx.req.headers.accept, { isList: false, tables: false });
  if (rep.kind === 'table') {
    const meta = { resourceVersion: obj.metadata?.resourceVersion };
    return send(ctx, status, renderTable(def, [obj], meta, rep.apiVersion, queryValue(ctx.query, 'includeObject')), false);
  }
  if (rep.kind === 'partial') return send(ctx, status, partialObjectMetadata(obj, rep.apiVersion), false);
  send(ctx, status, toWire(def, obj), rep.kind === 'yaml');
}

/** Any JSON document that is not an object of `def` (Status, Scale, TokenRequest...). */
export function sendDocument(ctx: ApiContext, body: KObject, status = 200): void {
  writeJson(ctx.res, status, body, {}, { slowBodyMs: ctx.state.faults.slowBodyMs });
}

export function sendList(ctx: ApiContext, def: ResourceDef, items: KObject[], listMeta: KObject): void {
  const rep = negotiate(ctx.req.headers.accept, { isList: true, tables: ctx.state.faults.tablesAllowed(def.plural, def.group) });
  if (rep.kind === 'table') return send(ctx, 200, renderTable(def, items, listMeta, rep.apiVersion, queryValue(ctx.query, 'includeObject')), false);
  if (rep.kind === 'partial') return send(ctx, 200, partialObjectMetadataList(items, listMeta, rep.apiVersion), false);
  const list: KObject = { kind: def.listKind, apiVersion: groupVersion(def), metadata: listMeta, items: items.map((o) => toWire(def, o, true)) };
  send(ctx, 200, def.crd ? (sortKeysDeep(list) as KObject) : list, rep.kind === 'yaml');
}
