// Tests wait for a state, never for a time: a fixed sleep is too short on a busy machine and wasted on an idle one.

export interface WaitOptions {
  /** Named in the error when the state never comes, so a failure says what was awaited. */
  what: string;
  /** How long to keep polling before failing (generous: the machine may be busy). */
  timeoutMs?: number;
  intervalMs?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_INTERVAL_MS = 10;

/**
 * Polls `condition` until it returns something other than undefined, null or false, and returns that value.
 * Fails with "never happened: <what>" after `timeoutMs`.
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { what, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = DEFAULT_INTERVAL_MS }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`never happened within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
