// Watch streams: newline-delimited {"type","object"} events over a chunked response. Without a
// resourceVersion the stream starts with ADDED for every existing object (040); with one, it replays what
// changed after it (121), or sends a 410 Expired ERROR event when that revision is too old. The server ends
// the stream at timeoutSeconds, after a BOOKMARK when the client allows them.
import type { KObject, ResourceDef } from './types';
import type { ApiContext } from './apiContext';
import { queryFlag, queryValue } from './apiContext';
import type { StoreEvent, WatchEventType } from './objectStore';
import type { Selection } from './listing';
import { failure } from './statusErrors';
import { startStream } from './respond';
import { groupVersion, toWire } from './wireObject';
import { sortKeysDeep } from './jsonValues';

/** Real apiservers pick a random timeout between 30 and 60 minutes when the client sets none. */
const DEFAULT_TIMEOUT_SECONDS = 1800;

export function handleWatch(ctx: ApiContext, def: ResourceDef, namespace: string | undefined, sel: Selection): void {
  const { res, state } = ctx;
  const store = state.store;
  const inScope = (o: KObject): boolean => !def.namespaced || namespace === undefined || o.metadata?.namespace === namespace;
  const rvParam = queryValue(ctx.query, 'resourceVersion');
  const timeoutText = queryValue(ctx.query, 'timeoutSeconds');
  const timeoutSeconds = timeoutText ? Number.parseInt(timeoutText, 10) : DEFAULT_TIMEOUT_SECONDS;
  const bookmarks = queryFlag(ctx.query, 'allowWatchBookmarks');
  let lastRv = store.resourceVersion;
  let open = true;

  startStream(res, 200, 'application/json');
  const write = (type: WatchEventType | 'BOOKMARK' | 'ERROR', object: KObject): void => {
    if (open) res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const emit = (e: StoreEvent): void => {
    if (e.storage !== def.storage || !inScope(e.object)) return;
    lastRv = Math.max(lastRv, e.rv);
    const isIn = sel.matches(e.object);
    const wasIn = e.type === 'MODIFIED' && e.previous !== undefined && sel.matches(e.previous);
    let type: WatchEventType | undefined;
    if (e.type === 'MODIFIED') type = isIn ? (wasIn ? 'MODIFIED' : 'ADDED') : wasIn ? 'DELETED' : undefined;
    else type = isIn ? e.type : undefined;
    if (type) write(type, toWire(def, e.object));
  };

  const finish = (): void => {
    if (!open) return;
    if (bookmarks) {
      const bookmark: KObject = { kind: def.kind, apiVersion: groupVersion(def), metadata: { resourceVersion: String(lastRv), creationTimestamp: null } };
      write('BOOKMARK', def.crd ? (sortKeysDeep({ ...bookmark, metadata: { resourceVersion: String(lastRv) } }) as KObject) : bookmark);
    }
    open = false;
    cleanup();
    res.end();
  };
  const timer = setTimeout(finish, Math.max(0, timeoutSeconds) * 1000);
  const unsubscribe = store.subscribe(emit);
  const cleanup = (): void => {
    clearTimeout(timer);
    unsubscribe();
    state.streams.delete(finish);
  };
  state.streams.add(finish);
  res.on('close', () => {
    open = false;
    cleanup();
  });

  if (!rvParam || rvParam === '0') {
    for (const obj of store.items(def, namespace)) if (sel.matches(obj)) write('ADDED', toWire(def, obj));
    return;
  }
  const since = store.eventsSince(Number(rvParam), def.storage);
  if (!since) {
    write('ERROR', failure(410, 'Expired', `too old resource version: ${rvParam} (${store.resourceVersion})`));
    finish();
    return;
  }
  for (const e of since) emit(e);
}
