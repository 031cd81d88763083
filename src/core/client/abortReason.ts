/**
 * What a request ends with when its AbortSignal fires. The signal is the one deadline of a call (STYLE.md habit
 * 10): the MCP runner aborts it with a DeadlineError carrying the message the agent sees, a caller without a
 * runner gets AbortSignal.timeout(DEFAULT_TIMEOUT_MS), and any other abort is the client cancelling.
 */
import { K8sError } from '../errors';

/** Deadline of a request made without a signal (discovery for the catalogue, the extension's namespace list). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The abort reason of a call whose deadline passed; `message` is what the agent is told. */
export class DeadlineError extends K8sError {
  constructor(readonly ms: number, message: string) {
    super('timeout', message);
    this.name = 'DeadlineError';
  }
}

/** The signal to use for a request: the caller's, else one that fires after DEFAULT_TIMEOUT_MS. */
export function signalOrDefault(signal: AbortSignal | undefined): AbortSignal {
  return signal ?? AbortSignal.timeout(DEFAULT_TIMEOUT_MS);
}

/** The milliseconds of the deadline that aborted `signal`; undefined when it was cancelled (or has not fired). */
export function deadlineMs(signal: AbortSignal): number | undefined {
  const reason: unknown = signal.reason;
  if (reason instanceof DeadlineError) return reason.ms;
  if (reason instanceof DOMException && reason.name === 'TimeoutError') return DEFAULT_TIMEOUT_MS;
  return undefined;
}

/** deadlineMs in whole seconds, as messages say it. */
export function deadlineSeconds(signal: AbortSignal): number | undefined {
  const ms = deadlineMs(signal);
  return ms === undefined ? undefined : Math.round(ms / 1000);
}

/**
 * The error for an aborted `what`: the runner's deadline message as is, a timeout naming the default deadline
 * (said by `timedOut`), or a cancellation.
 */
export function abortError(signal: AbortSignal, what: string, timedOut: (seconds: number) => string): K8sError {
  const reason: unknown = signal.reason;
  if (reason instanceof DeadlineError) return reason;
  const seconds = deadlineSeconds(signal);
  if (seconds !== undefined) return new K8sError('timeout', timedOut(seconds));
  return new K8sError('cancelled', `${what} was cancelled.`);
}
