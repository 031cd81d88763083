/**
 * SSE: GET /sse opens a session whose event stream carries every answer; the client POSTs its messages to
 * /messages?sessionId=…. The client going away (the stream closing) is the end of the session.
 */
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import type { SessionHandle } from '../createServer';
import { readJsonBody, sendJsonRpcError } from './jsonRpcHttp';
import type { TransportContext, TransportHandler } from './transportContext';

/** SSE comment lines keep proxies and load balancers (ToolHive, ingresses) from cutting a quiet stream. */
export const DEFAULT_SSE_KEEPALIVE_MS = 15_000;

export function sseStreamHandler(ctx: TransportContext, keepAliveMs: number): TransportHandler {
  return async (_req, res, checked) => {
    const admitted = ctx.admit(res, checked.client);
    if (!admitted) return;
    const transport = new SSEServerTransport('/messages', res);
    const id = transport.sessionId;
    let handle: SessionHandle;
    try {
      handle = ctx.service.newSession({ id, clientKey: admitted.client });
    } finally {
      admitted.done(); // nothing async in between: the session is added before any other request is admitted
    }
    ctx.sessions.add(id, { handle, transport, lastSeen: Date.now(), openStreams: 1 });
    const keepAlive = setInterval(() => { if (!res.writableEnded) res.write(': keep-alive\n\n'); }, keepAliveMs);
    res.on('close', () => { clearInterval(keepAlive); void ctx.sessions.close(id); });
    await handle.server.connect(transport);
  };
}

export function sseMessageHandler(ctx: TransportContext): TransportHandler {
  return async (req, res, checked) => {
    const id = checked.url.searchParams.get('sessionId') ?? '';
    const s = ctx.sessions.get(id);
    if (!s || !(s.transport instanceof SSEServerTransport)) {
      sendJsonRpcError(res, 404, -32001, 'Unknown or closed session: open a new stream at /sse.');
      return;
    }
    const body = await readJsonBody(req, res, ctx.maxBodyBytes);
    if (body === undefined) return;
    s.lastSeen = Date.now();
    await s.transport.handlePostMessage(req, res, body);
  };
}
