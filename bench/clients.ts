/**
 * The two kinds of MCP client the benchmark drives the CLI with, behind one interface.
 *
 * The lean client is a minimal MCP client next to the SDK's Client: it sends JSON-RPC and matches answers by id,
 * nothing else (no schema validation, no fetch/undici, no EventSource). The SDK client costs more per call than
 * our server does (see README "Measured"), so a table with only SDK rows measures the client as much as the
 * server; the lean rows show what the server itself adds over a raw API call. It is a measuring tool, not a
 * product client: it speaks only what the benchmark needs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as http from 'node:http';
import * as readline from 'node:readline';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';

const PROTOCOL_VERSION = '2025-06-18';
const INITIALIZE = { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: { name: 'bench-lean', version: '1' } };

interface JsonRpcAnswer { id?: number; result?: unknown; error?: { message: string } }

export interface BenchClient {
  /** A tools/call; resolves with the first text block, rejects when the call fails or the tool answers isError. */
  callTool(name: string, args: Record<string, unknown>): Promise<string>;
  /** A tools/list; resolves with the number of tools. */
  listTools(): Promise<number>;
  close(): Promise<void>;
  readonly pid?: number;
}

/** The SDK's Client behind the same interface. */
export function sdkBenchClient(client: Client, pid?: number): BenchClient {
  return {
    pid,
    callTool: async (name, args) => {
      const r = await client.callTool({ name, arguments: args });
      const text = (r.content as Array<{ text: string }>)[0]?.text ?? '';
      if (r.isError) throw new Error(`${name}: ${text}`);
      return text;
    },
    listTools: async () => (await client.listTools()).tools.length,
    close: () => client.close(),
  };
}

function toolText(answer: JsonRpcAnswer, name: string): string {
  if (answer.error) throw new Error(`${name}: ${answer.error.message}`);
  const result = answer.result as { isError?: boolean; content: Array<{ text: string }> };
  if (result.isError) throw new Error(`${name}: ${result.content[0]?.text}`);
  return result.content[0]?.text ?? '';
}

/** Spawns the CLI with `--transport stdio` and speaks newline-delimited JSON-RPC over its stdin/stdout. */
export async function leanStdioClient(cli: string, args: string[]): Promise<BenchClient> {
  const child: ChildProcess = spawn(process.execPath, [cli, '--transport', 'stdio', ...args], { stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map<number, (a: JsonRpcAnswer) => void>();
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const answer = JSON.parse(line) as JsonRpcAnswer;
    if (answer.id !== undefined) pending.get(answer.id)?.(answer);
    pending.delete(answer.id!);
  });
  let nextId = 1;
  const request = (method: string, params: unknown) => new Promise<JsonRpcAnswer>((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', id, method, params }) + '\n');
  });
  await request('initialize', INITIALIZE);
  child.stdin!.write(JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }) + '\n');
  return {
    pid: child.pid,
    callTool: async (name, args) => toolText(await request('tools/call', { name, arguments: args }), name),
    listTools: async () => ((await request('tools/list', {})).result as { tools: unknown[] }).tools.length,
    close: () => { child.stdin!.end(); child.kill('SIGTERM'); return Promise.resolve(); },
  };
}

/** The payload of one SSE event: its `data:` lines joined. */
function sseData(lines: string[]): string {
  return lines.filter((l) => l.startsWith('data:')).map((l) => l.slice(5).trim()).join('');
}

/** The answer to a Streamable HTTP POST is JSON or a short SSE stream; returns the JSON-RPC message in it. */
function parseHttpAnswer(contentType: string, body: string): JsonRpcAnswer {
  if (!contentType.includes('text/event-stream')) return JSON.parse(body) as JsonRpcAnswer;
  return JSON.parse(sseData(body.split('\n'))) as JsonRpcAnswer;
}

/** One Streamable HTTP session over a keep-alive agent (shared by every lean session of a run). */
export async function leanHttpClient(mcpUrl: string, agent: http.Agent): Promise<BenchClient> {
  let sessionId: string | undefined;
  let nextId = 1;
  const post = (message: Record<string, unknown>) => new Promise<JsonRpcAnswer>((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    const headers: http.OutgoingHttpHeaders = {
      'content-type': 'application/json', accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL_VERSION, 'content-length': Buffer.byteLength(body),
    };
    if (sessionId) headers['mcp-session-id'] = sessionId;
    const req = http.request(mcpUrl, { method: 'POST', agent, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => { text += chunk; });
      res.on('end', () => {
        sessionId ??= res.headers['mcp-session-id'] as string | undefined;
        if (res.statusCode === 202) return resolve({});
        if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text}`));
        resolve(parseHttpAnswer(String(res.headers['content-type'] ?? ''), text));
      });
    });
    req.on('error', reject);
    req.end(body);
  });
  const init = await post({ id: nextId++, method: 'initialize', params: INITIALIZE });
  if (init.error || !sessionId) throw new Error(`initialize failed: ${init.error?.message ?? 'no session id'}`);
  await post({ method: 'notifications/initialized' });
  return {
    callTool: async (name, args) => toolText(await post({ id: nextId++, method: 'tools/call', params: { name, arguments: args } }), name),
    listTools: async () => ((await post({ id: nextId++, method: 'tools/list', params: {} })).result as { tools: unknown[] }).tools.length,
    close: async () => {
      await new Promise<void>((resolve) => {
        http.request(mcpUrl, { method: 'DELETE', agent, headers: { 'mcp-session-id': sessionId, 'mcp-protocol-version': PROTOCOL_VERSION } }, (res) => { res.resume(); res.on('end', resolve); })
          .on('error', () => resolve()).end();
      });
    },
  };
}

/**
 * One legacy-SSE session: a GET stream the answers arrive on and POSTs to the endpoint it names (the POSTs share
 * the run's keep-alive agent; each stream has its own connection, as in a real client).
 */
export async function leanSseClient(sseUrl: string, agent: http.Agent): Promise<BenchClient> {
  const pending = new Map<number, (a: JsonRpcAnswer) => void>();
  let stream: http.IncomingMessage | undefined;
  const endpoint = await new Promise<string>((resolve, reject) => {
    http.get(sseUrl, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
      stream = res;
      if (res.statusCode !== 200) return reject(new Error(`GET ${sseUrl}: HTTP ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = buffer.slice(0, end).split('\n');
          buffer = buffer.slice(end + 2);
          const data = sseData(event);
          if (event.includes('event: endpoint')) { resolve(new URL(data, sseUrl).href); continue; }
          if (!data) continue;
          const answer = JSON.parse(data) as JsonRpcAnswer;
          if (answer.id !== undefined) { pending.get(answer.id)?.(answer); pending.delete(answer.id); }
        }
      });
    }).on('error', reject);
  });
  let nextId = 1;
  const post = (message: Record<string, unknown>) => new Promise<void>((resolve, reject) => {
    const body = JSON.stringify({ jsonrpc: '2.0', ...message });
    const req = http.request(endpoint, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 202 ? resolve() : reject(new Error(`POST ${endpoint}: HTTP ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.end(body);
  });
  const request = (method: string, params: unknown) => {
    const id = nextId++;
    const answer = new Promise<JsonRpcAnswer>((resolve) => pending.set(id, resolve));
    return post({ id, method, params }).then(() => answer);
  };
  await request('initialize', INITIALIZE);
  await post({ method: 'notifications/initialized' });
  return {
    callTool: async (name, args) => toolText(await request('tools/call', { name, arguments: args }), name),
    listTools: async () => ((await request('tools/list', {})).result as { tools: unknown[] }).tools.length,
    close: () => { stream?.destroy(); return Promise.resolve(); },
  };
}
