/**
 * Streamable HTTP at /mcp with sessions: an initialize opens a session (an SDK transport and server of its
 * own), later requests carrying its Mcp-Session-Id go to it, DELETE ends it.
 */
import { randomUUID } from 'node:crypto';
import type * as http from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { readJsonBody, sendJsonRpcError } from './jsonRpcHttp';
import type { CheckedRequest, TransportContext, TransportHandler } from './transportContext';

export function streamableHandler(ctx: TransportContext): TransportHandler {
  return async (req, res, checked) => {
    const sessionId = req.headers['mcp-session-id'];
    const id = Array.isArray(sessionId) ? sessionId[0] : sessionId;
    let body: unknown;
    if (req.method === 'POST') {
      body = await readJsonBody(req, res, ctx.maxBodyBytes);
      if (body === undefined) return;
    }
    const s = id ? ctx.sessions.get(id) : undefined;
    if (s && s.transport instanceof StreamableHTTPServerTransport) {
      s.lastSeen = Date.now();
      if (req.method === 'GET') {
        s.openStreams++;
        res.on('close', () => { s.openStreams--; s.lastSeen = Date.now(); });
      }
      await s.transport.handleRequest(req, res, body);
      return;
    }
    // Only requests without a live session get here. An initialize that still carries an old session id (a
    // client reconnecting after a restart) starts anew; anything else is refused.
    if (req.method !== 'POST' || !isInitializeRequest(body)) {
      if (id) sendJsonRpcError(res, 404, -32001, 'Unknown or closed session: start a new one with an initialize request.');
      else sendJsonRpcError(res, 400, -32000, 'No session: send an initialize request first (without Mcp-Session-Id).');
      return;
    }
    const admitted = ctx.admit(res, checked.client);
    if (!admitted) return;
    try {
      await openSession(ctx, req, res, body, checked);
    } finally {
      admitted.done();
    }
  };
}

async function openSession(
  ctx: TransportContext, req: http.IncomingMessage, res: http.ServerResponse, body: unknown, checked: CheckedRequest,
): Promise<void> {
  const newId = randomUUID();
  const handle = ctx.service.newSession({ id: newId, clientKey: checked.client });
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => newId,
    onsessioninitialized: () => { ctx.sessions.add(newId, { handle, transport, lastSeen: Date.now(), openStreams: 0 }); },
  });
  transport.onclose = () => { void ctx.sessions.close(newId); };
  await handle.server.connect(transport);
  await transport.handleRequest(req, res, body);
  if (!ctx.sessions.get(newId)) await handle.close();
}
