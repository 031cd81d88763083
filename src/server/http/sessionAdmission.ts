/**
 * Whether a new MCP session may open: room within the host's session cap, and the client's rate-limit budget
 * (a new session costs one `default` token, so opening sessions is not a way around the limits).
 */
import type * as http from 'node:http';
import { K8sError } from '../../core/errors';
import type { K8sMcpService } from '../createServer';
import type { HostedSessions } from './hostedSessions';
import { sendJsonRpcError } from './jsonRpcHttp';

/** When a full server tells a client to try again: sessions end as their clients leave or fall idle. */
const FULL_RETRY_AFTER_SECONDS = 30;

/** A session admitted but not yet added to the table: call done() once it was added or failed to open. */
export interface Admitted {
  client: string;
  done(): void;
}

export type AdmitSession = (res: http.ServerResponse, client: string) => Admitted | undefined;

export function sessionAdmission(
  service: K8sMcpService, sessions: HostedSessions, log: (level: string, message: string) => void,
): AdmitSession {
  let lastFullWarning = 0;
  /** Admitted, or undefined after telling the client why not (503 when full, 429 when its budget is spent; both with Retry-After). */
  return (res, client) => {
    const room = sessions.reserve();
    if (!room) {
      // Once a minute at most: a client retrying in a loop must not flood the log.
      if (Date.now() - lastFullWarning > 60_000) {
        lastFullWarning = Date.now();
        log('warn', `refusing new sessions: ${sessions.maxSessions} are open (the cap)`);
      }
      sendJsonRpcError(res, 503, -32000,
        `Server full: ${sessions.maxSessions} MCP sessions are open, the most it keeps. Close sessions you no longer use ` +
        `(DELETE /mcp with their Mcp-Session-Id, or end the SSE stream) or retry in ${FULL_RETRY_AFTER_SECONDS} s.`,
        { 'Retry-After': String(FULL_RETRY_AFTER_SECONDS) });
      return undefined;
    }
    try {
      service.admitSession(client);
    } catch (err) {
      room.done();
      if (!(err instanceof K8sError) || err.kind !== 'rate-limited') throw err;
      sendJsonRpcError(res, 429, -32000, err.message, { 'Retry-After': String(err.retryAfterSeconds ?? 1) });
      return undefined;
    }
    return { client, done: room.done };
  };
}
