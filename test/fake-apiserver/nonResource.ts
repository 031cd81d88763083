// Paths that are not resources: /version, /healthz and the discovery documents (OpenAPI, /livez and /readyz
// are not served: nothing in the project reads them). Unknown groups and versions get the mux's plain-text
// 404 (008, 078), not a Status.
import type * as http from 'node:http';
import type { KObject } from './types';
import type { ApiContext } from './apiContext';
import { loadRecording } from './fixtures';
import { writeBody, writeJson, writeNotFoundText } from './respond';
import { errors } from './statusErrors';

function recordedJson(ctx: ApiContext, file: string): void {
  writeJson(ctx.res, 200, loadRecording(file).response.body as KObject, {}, { slowBodyMs: ctx.state.faults.slowBodyMs });
}

function healthText(res: http.ServerResponse, body: string): void {
  writeBody(res, 200, 'text/plain; charset=utf-8', body, { 'X-Content-Type-Options': 'nosniff' });
}

/** Serves a non-resource path; returns false when the path is not one of them. */
export function handleNonResource(ctx: ApiContext): boolean {
  const path = ctx.info.path.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/version':
      recordedJson(ctx, '001-version.json');
      return true;
    case '/healthz':
      healthText(ctx.res, 'ok');
      return true;
    default:
      return false;
  }
}

/** /api, /api/v1, /apis, /apis/{group}, /apis/{group}/{version}. */
export function handleDiscovery(ctx: ApiContext): void {
  if (ctx.req.method !== 'GET') throw errors.methodNotAllowed();
  const { registry } = ctx.state;
  const parts = ctx.info.path.split('/').filter(Boolean);
  const opts = { slowBodyMs: ctx.state.faults.slowBodyMs };
  let doc: KObject | undefined;
  if (parts[0] === 'api') doc = parts.length === 1 ? registry.apiVersions() : parts.length === 2 ? registry.resourceList('', parts[1] as string) : undefined;
  else if (parts.length === 1) doc = registry.groupList();
  else if (parts.length === 2) doc = registry.group(parts[1] as string);
  else if (parts.length === 3) doc = registry.resourceList(parts[1] as string, parts[2] as string);
  if (!doc) return writeNotFoundText(ctx.res);
  writeJson(ctx.res, 200, doc, {}, opts);
}
