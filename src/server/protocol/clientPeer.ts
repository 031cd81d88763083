/**
 * What the server knows of, and may ask, the MCP client of one session: its name (for the audit log) and
 * whether it can put a question to the person (MCP elicitation, form mode). A seam so the approval logic does
 * not depend on the SDK's server class, and tests of it need no transport.
 */
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { ElicitRequestFormParams, ElicitResult } from '@modelcontextprotocol/sdk/types.js';

export interface ClientPeer {
  /** The name the client gave in `initialize` (clientInfo.name), if any. */
  name(): string | undefined;
  /** True when the client declared form elicitation (`capabilities.elicitation` with `form`, or `{}`). */
  canElicit(): boolean;
  elicit(params: ElicitRequestFormParams, signal: AbortSignal): Promise<ElicitResult>;
}

export function clientPeer(server: Server): ClientPeer {
  return {
    name: () => server.getClientVersion()?.name,
    // The SDK reads an empty `elicitation: {}` as form mode (the 2025-06 capability shape).
    canElicit: () => server.getClientCapabilities()?.elicitation?.form !== undefined,
    elicit: (params, signal) => server.elicitInput(params, { signal }),
  };
}
