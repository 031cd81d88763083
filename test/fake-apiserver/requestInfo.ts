// apiserver's RequestInfoFactory: turns a method and path into the attributes authorization and routing use
// (verb, group, version, namespace, resource, name, subresource). Namespaces are special: `/namespaces/x` is the
// namespace object itself and `/namespaces/x/status` its status subresource.
import type { QueryMap } from './types';

export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** Resource verbs (get, list, watch, create, update, patch, delete, deletecollection) or the lowercase method. */
  verb: string;
  apiPrefix?: 'api' | 'apis';
  apiGroup: string;
  apiVersion: string;
  namespace?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** Path segments after the subresource (proxy paths). */
  rest: string[];
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function isTrue(v: string | string[] | undefined): boolean {
  const s = Array.isArray(v) ? v[0] : v;
  return s === 'true' || s === '1';
}

export function resolveRequestInfo(method: string, pathname: string, query: QueryMap): RequestInfo {
  const info: RequestInfo = { isResourceRequest: false, path: pathname, verb: method.toLowerCase(), apiGroup: '', apiVersion: '', rest: [] };
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const prefix = parts[0];
  if (prefix !== 'api' && prefix !== 'apis') return info;
  info.apiPrefix = prefix;
  let cur = parts.slice(1);
  if (prefix === 'apis') {
    if (cur.length < 3) return withVersion(info, cur, true);
    info.apiGroup = cur[0] as string;
    cur = cur.slice(1);
  } else if (cur.length < 2) {
    return withVersion(info, cur, false);
  }
  info.apiVersion = cur[0] as string;
  cur = cur.slice(1);
  let watchPrefix = false;
  if (cur[0] === 'watch') {
    watchPrefix = true;
    cur = cur.slice(1);
  }
  info.isResourceRequest = true;
  if (cur[0] === 'namespaces' && cur.length > 1) {
    info.namespace = cur[1];
    if (cur.length > 2 && !NAMESPACE_SUBRESOURCES.has(cur[2] as string)) cur = cur.slice(2);
  }
  info.resource = cur[0];
  info.name = cur[1];
  info.subresource = cur[2];
  info.rest = cur.slice(3);
  switch (method) {
    case 'POST':
      info.verb = 'create';
      break;
    case 'PUT':
      info.verb = 'update';
      break;
    case 'PATCH':
      info.verb = 'patch';
      break;
    case 'DELETE':
      info.verb = info.name ? 'delete' : 'deletecollection';
      break;
    default:
      info.verb = info.name ? 'get' : watchPrefix || isTrue(query.watch) ? 'watch' : 'list';
      if (info.name && watchPrefix) info.verb = 'watch';
  }
  return info;
}

function withVersion(info: RequestInfo, cur: string[], isGroup: boolean): RequestInfo {
  if (isGroup) {
    info.apiGroup = cur[0] ?? '';
    info.apiVersion = cur[1] ?? '';
  } else {
    info.apiVersion = cur[0] ?? '';
  }
  return info;
}
