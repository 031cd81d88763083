/**
 * Typed errors of the Kubernetes core. Core code throws these; the server turns each into one short,
 * actionable `isError` text (see src/server/pipeline/errorResult.ts). Messages are written for the agent: what failed,
 * why, what to try. They never carry credentials or secret values.
 */
export type K8sErrorKind =
  | 'validation'      // bad input, caught before any request
  | 'config'          // kubeconfig unreadable/invalid, unknown context, missing credential plugin
  | 'not-found'       // 404
  | 'unauthorized'    // 401
  | 'forbidden'       // 403
  | 'conflict'        // 409
  | 'invalid'         // 422
  | 'bad-request'     // 400, 406, 415
  | 'rate-limited'    // our own limiter, or a 429 from the API server
  | 'timeout'         // our deadline passed
  | 'cancelled'       // the client cancelled the call
  | 'unavailable'     // connection refused/reset, 5xx
  | 'declined'        // the person declined a write
  | 'internal';

export class K8sError extends Error {
  constructor(
    readonly kind: K8sErrorKind,
    message: string,
    /** HTTP status from the API server, when there was one. */
    readonly status?: number,
    /** Seconds after which a retry may succeed (429 Retry-After, our limiter). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'K8sError';
  }
}

/** Bad input: `parameter` names the tool parameter at fault so the agent can fix exactly that. */
export class ValidationError extends K8sError {
  constructor(readonly parameter: string, message: string) {
    super('validation', `Invalid ${parameter}: ${message}`);
    this.name = 'ValidationError';
  }
}
