/**
 * The promise of one network exchange (an HTTP request, an exec WebSocket): many events can end it (the answer,
 * a socket error, the connection closing, the call's AbortSignal), and only the first may. The signal is the one
 * deadline and cancellation of a call (abortReason.ts): no exchange keeps a deadline timer of its own, and what
 * it does keep (a progress ticker, exec's own command timeout) is released on the first settlement.
 */

export interface Settle<T> {
  /** Resolves unless already settled; true when this call settled the promise. */
  resolve(value: T): boolean;
  /** Rejects unless already settled; true when this call settled the promise. */
  reject(error: Error): boolean;
  /** The promise has settled: later events have nothing left to decide. */
  readonly settled: boolean;
  /** Runs `release` exactly once, when the promise settles (clear a timer, end a decoder). */
  onSettled(release: () => void): void;
}

/**
 * Runs `start` with a settle-once handle. `start` opens the exchange and returns what to do when `signal` aborts
 * (end it with what arrived, or with the abort's error); that runs at once when the signal has already fired.
 * An exception thrown by `start` rejects the promise.
 */
export function settleOnce<T>(signal: AbortSignal | undefined, start: (settle: Settle<T>) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const releases: (() => void)[] = [];
    const end = (): boolean => {
      if (settled) return false;
      settled = true;
      for (const release of releases) release();
      return true;
    };
    const settle: Settle<T> = {
      get settled() { return settled; },
      resolve: (value) => { const first = end(); if (first) resolve(value); return first; },
      reject: (error) => { const first = end(); if (first) reject(error); return first; },
      onSettled: (release) => { if (settled) release(); else releases.push(release); },
    };
    let onAbort: () => void;
    try {
      onAbort = start(settle);
    } catch (err) {
      settle.reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (settled || !signal) return;
    if (signal.aborted) { onAbort(); return; }
    signal.addEventListener('abort', onAbort, { once: true });
    settle.onSettled(() => signal.removeEventListener('abort', onAbort));
  });
}
