// Lists: label and field selection, then etcd-style paging. The continue token is what the apiserver emits
// (base64url of {"v":"meta.k8s.io/v1","rv":N,"start":"<last key>\u0000"}, 024/025), remainingItemCount is only
// known without selectors (082), and resourceVersion=0 is served from the watch cache, which ignores limit.
import type { KObject, ListMeta, ResourceDef, StoredObject } from './types';
import type { ApiContext } from './apiContext';
import { queryValue } from './apiContext';
import { ApiError, errors, failure } from './statusErrors';
import { parseLabelSelector } from './selectors';
import { parseFieldSelector } from './fieldSelectors';

export interface Selection {
  matches: (obj: KObject) => boolean;
  selective: boolean;
}

export function selection(ctx: ApiContext, def: ResourceDef): Selection {
  const labelSel = queryValue(ctx.query, 'labelSelector');
  const fieldSel = queryValue(ctx.query, 'fieldSelector');
  const byLabels = parseLabelSelector(labelSel);
  const byFields = parseFieldSelector(def, fieldSel);
  return {
    matches: (o) => byLabels(o.metadata?.labels ?? {}) && byFields(o),
    selective: Boolean(labelSel?.trim() || fieldSel?.trim()),
  };
}

function quoteChar(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  if (byte >= 0x20 && byte < 0x7f) return `'${String.fromCharCode(byte)}'`;
  return `'\\u${byte.toString(16).padStart(4, '0')}'`;
}

/** decodeContinue with Go's error texts (026). */
function decodeContinue(token: string): { rv: number; start: string } {
  const fail = (why: string): never => {
    throw errors.badRequest(`invalid continue token: continue key is not valid: ${why}`);
  };
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) fail(`illegal base64 data at input byte ${bad.index}`);
  if (token.length % 4 === 1) fail(`illegal base64 data at input byte ${token.length - 1}`);
  const bytes = Buffer.from(token, 'base64url');
  const first = bytes.find((b) => b !== 0x20 && b !== 0x0a && b !== 0x09 && b !== 0x0d);
  if (first === undefined) fail('unexpected end of JSON input');
  if (first !== 0x7b) fail(`invalid character ${quoteChar(first as number)} looking for beginning of value`);
  let parsed: KObject;
  try {
    parsed = JSON.parse(bytes.toString('utf8')) as KObject;
  } catch {
    return fail('unexpected end of JSON input');
  }
  if (parsed.v !== 'meta.k8s.io/v1') fail(`server does not recognize this encoded version ${JSON.stringify(String(parsed.v ?? ''))}`);
  if (!parsed.rv) fail('incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!parsed.start) fail('encoded start key empty (version meta.k8s.io/v1)');
  return { rv: Number(parsed.rv), start: String(parsed.start) };
}

// apiserver/pkg/storage/etcd3 handleCompactedErrorForPaging: 410 Expired, with a token that goes on at the
// latest revision (rv -1) in the Status's metadata.
const INCONSISTENT_CONTINUE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without ' +
  'the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided ' +
  'token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned ' +
  'and now may show up in the list.';

function expired(start: string): ApiError {
  const error = new ApiError(failure(410, 'Expired', INCONSISTENT_CONTINUE));
  error.status.metadata = { continue: Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: -1, start })).toString('base64url') };
  return error;
}

function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` })).toString('base64url');
}

/** The etcd key relative to the list's prefix: `name` inside a namespace or cluster-wide, `ns/name` across namespaces. */
function relativeKey(def: ResourceDef, obj: StoredObject, namespace: string | undefined): string {
  return def.namespaced && namespace === undefined ? `${obj.metadata.namespace}/${obj.metadata.name}` : obj.metadata.name;
}

export function paginate(
  ctx: ApiContext, def: ResourceDef, all: StoredObject[], namespace: string | undefined, sel: Selection,
): { items: StoredObject[]; meta: ListMeta } {
  const limitText = queryValue(ctx.query, 'limit');
  const cont = queryValue(ctx.query, 'continue');
  const rvParam = queryValue(ctx.query, 'resourceVersion');
  let limit = limitText ? Number.parseInt(limitText, 10) : 0;
  if (!Number.isFinite(limit) || limit < 0) limit = 0;
  if (rvParam === '0' && !cont) limit = 0;
  let listRv = ctx.state.store.resourceVersion;
  let candidates = all;
  if (cont) {
    const { rv, start } = decodeContinue(cont);
    // rv -1 is the token of a 410 answer: continue at the latest revision, inconsistently (etcd3 store).
    if (rv !== -1 && rv < ctx.state.store.compactedRevision) throw expired(start);
    if (rv !== -1) listRv = rv;
    candidates = all.filter((o) => relativeKey(def, o, namespace) >= start);
  }
  const matching = candidates.filter(sel.matches);
  const meta: ListMeta = { resourceVersion: String(listRv) };
  if (!limit || matching.length <= limit) return { items: matching, meta };
  const page = matching.slice(0, limit);
  meta.continue = encodeContinue(listRv, relativeKey(def, page[page.length - 1] as StoredObject, namespace));
  if (!sel.selective) meta.remainingItemCount = matching.length - limit;
  return { items: page, meta };
}
