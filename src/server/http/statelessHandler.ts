/**
 * Streamable HTTP without sessions (`--stateless`, SPEC §8): every POST gets a fresh SDK transport and server
 * that live as long as the request, so any replica behind a Service can answer any request. Nothing is kept
 * between requests but the rate-limit budget of the client (or, with passthrough, of the identity). There is
 * no server-to-client stream, hence no list_changed notifications.
 */
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { readJsonBody, sendJsonRpcError } from './jsonRpcHttp';
import type { TransportContext, TransportHandler } from './transportContext';

export function statelessHandler(ctx: TransportContext): TransportHandler {
  return async (req, res, checked) => {
    if (req.method !== 'POST') {
      sendJsonRpcError(res, 405, -32000, 'This server is stateless (--stateless): it takes POST /mcp only, with no sessions and no event stream to open or end.', { Allow: 'POST' });
      return;
    }
    const body = await readJsonBody(req, res, ctx.maxBodyBytes);
    if (body === undefined) return;
    // The session cap bounds the requests served at once: each holds a server with every tool registered.
    const room = ctx.sessions.reserve();
    if (!room) {
      sendJsonRpcError(res, 503, -32000, `Server busy: ${ctx.sessions.maxSessions} requests are being served. Retry shortly.`, { 'Retry-After': '1' });
      return;
    }
    // One id per client: its session-level budget carries over from request to request.
    const handle = ctx.service.newSession({ id: `stateless:${checked.client}`, clientKey: checked.client, stateless: true });
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on('close', () => {
      room.done();
      void transport.close().catch(() => undefined);
      void handle.close();
    });
    await handle.server.connect(transport);
    await transport.handleRequest(req, res, body);
  };
}
