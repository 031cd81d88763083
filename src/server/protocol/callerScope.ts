/**
 * Identity passthrough (SPEC §8) for the code the SDK calls without the request's `extra`: a prompt argument's
 * completer gets only the typed value, not the `authInfo` that names the caller, yet listing namespaces for it
 * must act as that caller. Each incoming message is handled inside an AsyncLocalStorage scope holding its
 * auth info, so such code can ask who the caller is. The scope ends with the message's handling: the token is
 * kept nowhere else.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';

const scope = new AsyncLocalStorage<AuthInfo | undefined>();

/** The auth info of the MCP message being handled (undefined outside one, or for a transport without auth). */
export function currentAuthInfo(): AuthInfo | undefined {
  return scope.getStore();
}

/** An McpServer whose message handling runs in the caller's scope (see above). */
export class CallerScopedMcpServer extends McpServer {
  override async connect(transport: Transport): Promise<void> {
    await super.connect(transport);
    // Set by connect(). A message delivered before this (none on the HTTP transports, whose messages arrive
    // with later requests) is handled without a caller, which passthrough refuses rather than guessing.
    const handle = transport.onmessage;
    if (!handle) return;
    transport.onmessage = (message, extra) => scope.run(extra?.authInfo, () => handle(message, extra));
  }
}
