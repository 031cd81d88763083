/**
 * Gives memory back once the server falls idle. A burst of calls (300-item lists parsed, answers shaped) grows
 * V8's young generation from 8 to 16 MB and leaves garbage V8 does not collect while nothing allocates, so
 * an idle server kept ~15 MB it no longer used for as long as it lived — and a stdio server lives as long as
 * its client, mostly idle. One full collection a few seconds after the last call returns it; it never runs
 * during a burst (every call restarts the countdown), so no answer waits for it. Through the inspector
 * protocol in-process (no port is opened): Node offers no other way to ask for a collection without a flag
 * on its command line, which `npx` and MCP client configurations do not pass.
 */
/** Quiet time after the last call before the collection. */
export const IDLE_COLLECTION_MS = 3_000;

/** Runs `fn` after `ms`; returns what cancels it. Injectable, so tests need no real clock. */
export type Schedule = (fn: () => void, ms: number) => () => void;

const unrefTimer: Schedule = (fn, ms) => {
  const timer = setTimeout(fn, ms);
  timer.unref(); // never keeps a finished process alive
  return () => clearTimeout(timer);
};

export class IdleCollector {
  private cancel: (() => void) | undefined;

  constructor(
    private readonly collect: () => void = fullCollection,
    private readonly idleMs = IDLE_COLLECTION_MS,
    private readonly schedule: Schedule = unrefTimer,
  ) {}

  /** A call ended: the countdown starts again. */
  activity(): void {
    this.cancel?.();
    this.cancel = this.schedule(() => { this.cancel = undefined; this.collect(); }, this.idleMs);
  }
}

/** A full, compacting collection; nothing when this Node was built without the inspector. */
export function fullCollection(): void {
  try {
    // Required here, not imported: the inspector's module is only loaded once a server has been idle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const inspector = require('node:inspector') as typeof import('node:inspector');
    const session = new inspector.Session();
    session.connect();
    // Disconnected once the collection is done: an attached session must not linger. Not from inside the
    // callback: Node 20 hangs the event loop when a session disconnects within its own message dispatch.
    session.post('HeapProfiler.collectGarbage', () => setImmediate(() => session.disconnect()));
  } catch {
    // No inspector in this build: memory is simply left to V8.
  }
}
