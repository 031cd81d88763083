/**
 * JSON-RPC over plain HTTP, for the answers the host gives before an SDK transport takes a request: reading a
 * body within a size limit, and refusing with a JSON-RPC error body (MCP clients show its message).
 */
import type * as http from 'node:http';

export function sendJsonRpcError(
  res: http.ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {},
): void {
  if (res.headersSent) { res.end(); return; }
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}

function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) { reject(new Error('too-large')); return; }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) { req.destroy(); reject(new Error('too-large')); return; }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The parsed JSON body, or undefined after answering the client why there is none. */
export async function readJsonBody(req: http.IncomingMessage, res: http.ServerResponse, maxBytes: number): Promise<unknown> {
  let body: Buffer;
  try {
    body = await readBody(req, maxBytes);
  } catch (err) {
    if ((err as Error).message === 'too-large') sendJsonRpcError(res, 413, -32600, `Request body larger than ${maxBytes} bytes.`);
    else sendJsonRpcError(res, 400, -32700, 'Could not read the request body.');
    return undefined;
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON.');
    return undefined;
  }
}
