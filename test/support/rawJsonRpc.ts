/**
 * A session on the SDK's real stdio transport, in process, fed JSON text we write ourselves. The SDK client
 * builds its messages from JavaScript objects, so it cannot send what a hostile client can: a `__proto__` key
 * (JSON.parse makes it an own property), a lone surrogate in an escape, a key repeated. Here every request is a
 * line of JSON text, parsed by the transport exactly as it parses a line from a real client.
 */
import { PassThrough } from 'node:stream';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { K8sMcpService } from '../../src/server/createServer';

export interface RawResponse {
  id: number;
  result?: { content?: Array<{ type: string; text?: string }>; isError?: boolean; tools?: unknown[] };
  error?: { code: number; message: string };
}

export interface RawSession {
  /** Sends `{"jsonrpc":"2.0","id":N,"method":method,"params":<paramsJson>}` and waits for its answer. */
  request(method: string, paramsJson: string): Promise<RawResponse>;
  /** tools/call with the arguments given as JSON text; answers the text an agent would see. */
  callTool(name: string, argumentsJson: string): Promise<{ text: string; isError: boolean; response: RawResponse }>;
  close(): Promise<void>;
}

export async function openRawSession(service: K8sMcpService, sessionId: string): Promise<RawSession> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const session = service.newSession({ id: sessionId, clientKey: 'raw-client' });
  await session.server.connect(new StdioServerTransport(toServer, fromServer));
  const waiting = new Map<number, (response: RawResponse) => void>();
  let buffered = '';
  fromServer.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, end)) as Partial<RawResponse>;
      buffered = buffered.slice(end + 1);
      if (typeof message.id === 'number') waiting.get(message.id)?.(message as RawResponse);
    }
  });
  let nextId = 0;
  const request = (method: string, paramsJson: string): Promise<RawResponse> => {
    const id = ++nextId;
    const answered = new Promise<RawResponse>((resolve) => waiting.set(id, resolve));
    toServer.write(`{"jsonrpc":"2.0","id":${id},"method":${JSON.stringify(method)},"params":${paramsJson}}\n`);
    return answered.finally(() => waiting.delete(id));
  };
  await request('initialize', JSON.stringify({ protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } }));
  toServer.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n');
  return {
    request,
    async callTool(name, argumentsJson) {
      const response = await request('tools/call', `{"name":${JSON.stringify(name)},"arguments":${argumentsJson}}`);
      const text = (response.result?.content ?? []).map((c) => c.text ?? '').join('') || response.error?.message || '';
      return { text, isError: response.result?.isError === true || response.error !== undefined, response };
    },
    close: () => session.close(),
  };
}
