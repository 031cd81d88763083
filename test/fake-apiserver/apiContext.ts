// What every handler receives: the parsed request, who sent it, and the fake's shared state.
import type * as http from 'node:http';
import type { QueryMap, UserInfo } from './types';
import type { RequestInfo } from './requestInfo';
import type { ObjectStore } from './objectStore';
import type { Registry } from './discovery';
import type { Faults } from './faults';
import type { AuthzOptions } from './auth';

export interface ServerState {
  store: ObjectStore;
  registry: Registry;
  faults: Faults;
  authz: AuthzOptions;
  /** Delayed work (foreground deletion, graceful pod removal) to cancel on close. */
  timers: Set<NodeJS.Timeout>;
  /** Open streams (watch, follow logs, exec) to end on close. */
  streams: Set<() => void>;
  closing: boolean;
}

export interface ApiContext {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  info: RequestInfo;
  query: QueryMap;
  user: UserInfo;
  body: string;
  state: ServerState;
}

/** The request's media type without parameters, lower-cased (`application/apply-patch+yaml`). */
export function mediaType(ctx: ApiContext): string {
  return String(ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** The first value of a query parameter (`?a=1&a=2` → "1"). */
export function queryValue(query: QueryMap, name: string): string | undefined {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
}

export function queryValues(query: QueryMap, name: string): string[] {
  const v = query[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

export function queryFlag(query: QueryMap, name: string): boolean {
  const v = queryValue(query, name);
  return v === 'true' || v === '1';
}

/** Runs `fn` after `ms` unless the server is closed first. */
export function later(state: ServerState, ms: number, fn: () => void): void {
  const t = setTimeout(() => {
    state.timers.delete(t);
    if (!state.closing) fn();
  }, ms);
  state.timers.add(t);
}
