/**
 * MCP over stdio for the one client that started us. The session ends when that client closes stdin (the MCP
 * stdio shutdown: close the server's input, then wait for it to exit) or its pipes break; see
 * processLifecycle.ts for how the process then exits.
 */
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { JSONRPCMessage, RequestId } from '@modelcontextprotocol/sdk/types.js';
import type { K8sMcpService } from '../server/createServer';
import type { ProcessLifecycle } from './processLifecycle';

// The transport has already checked every message read against the JSON-RPC schema, and we write only what
// the SDK built, so the shape tells requests from answers. The SDK's zod guards (isJSONRPCRequest, …) parse the
// whole message again: ~3 guards per call, each walking a result of up to the answer budget.
const isRequest = (m: JSONRPCMessage): m is JSONRPCMessage & { id: RequestId } => 'method' in m && 'id' in m;
const isAnswer = (m: JSONRPCMessage): m is JSONRPCMessage & { id?: RequestId } => !('method' in m) && ('result' in m || 'error' in m);

/**
 * The SDK's stdio transport, counting requests read but not yet answered: a client that writes its requests
 * and closes stdin straight away (`printf '…' | k8s-mcp-interface`) still gets the answers.
 */
class StdioTransportWithPendingAnswers extends StdioServerTransport {
  private readonly unanswered = new Set<RequestId>();
  private waiters: Array<() => void> = [];

  // The protocol sets onmessage before it calls start(): wrap it there, before the first message is read.
  override start(): Promise<void> {
    const receive = this.onmessage;
    this.onmessage = (message: JSONRPCMessage) => {
      if (isRequest(message)) this.unanswered.add(message.id);
      receive?.(message);
    };
    return super.start();
  }

  override async send(message: JSONRPCMessage): Promise<void> {
    await super.send(message);
    if (isAnswer(message)) {
      if (message.id !== undefined) this.unanswered.delete(message.id);
      if (this.unanswered.size === 0) for (const wake of this.waiters.splice(0)) wake();
    }
  }

  /** Resolves once every request read so far is answered. */
  allAnswered(): Promise<void> {
    return this.unanswered.size === 0 ? Promise.resolve() : new Promise((resolve) => { this.waiters.push(resolve); });
  }
}

export async function serveStdio(service: K8sMcpService, lifecycle: ProcessLifecycle): Promise<void> {
  const session = service.newSession({ id: 'stdio', clientKey: 'stdio' });
  const transport = new StdioTransportWithPendingAnswers();
  transport.onclose = () => lifecycle.end('the stdio session closed');
  lifecycle.onShutdown(() => service.close());
  lifecycle.endWhenStdinCloses(() => transport.allAnswered());
  await session.server.connect(transport);
}
