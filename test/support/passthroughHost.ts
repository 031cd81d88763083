/**
 * An HTTP host with identity passthrough (SPEC §8) over a harness on the fake API server, and SDK clients
 * that connect to it as one of the fake's callers (their token as the bearer token). For the passthrough suites.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startHttpHost, type HttpHost, type HttpHostOptions } from '../../src/server/http/httpHost';
import type { ServerHooks } from '../../src/server/hooks';
import type { RateLimitOptions } from '../../src/server/options';
import { startHarness, type CallOutcome, type McpHarness, WRITE_SUITE_POLICY } from './mcpHarness';

export const NO_LIMITS: RateLimitOptions = { enabled: false, read: 1, write: 1, default: 1, clientFactor: 1 };
export const ISSUER = 'https://issuer.example.com';
const INIT = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };

export interface PassthroughHost { h: McpHarness; host: HttpHost; logged: string[]; clients: Client[] }

/** Read-write (the write suites' policy: these clients cannot elicit), both transports, every log line kept. */
export async function startPassthroughHost(
  rateLimit: RateLimitOptions = NO_LIMITS, options: Partial<HttpHostOptions> = {}, hooks: ServerHooks = {},
): Promise<PassthroughHost> {
  const h = await startHarness({ server: { authMode: 'passthrough', readWrite: true, policy: WRITE_SUITE_POLICY, rateLimit }, hooks });
  const logged: string[] = [];
  const host = await startHttpHost(h.service, {
    host: '127.0.0.1', port: 0, transports: ['streamable-http', 'sse'], passthrough: { authorizationServers: [ISSUER] },
    log: (level, message) => logged.push(`${level}: ${message}`), ...options,
  });
  return { h, host, logged, clients: [] };
}

export async function stopPassthroughHost(s: PassthroughHost): Promise<void> {
  await Promise.all(s.clients.map((c) => c.close().catch(() => undefined)));
  await s.host.close();
  await s.h.close();
}

export async function connectAs(s: PassthroughHost, token: string, transport: 'streamable-http' | 'sse' = 'streamable-http'): Promise<Client> {
  const requestInit = { headers: { Authorization: `Bearer ${token}` } };
  const client = new Client({ name: 'passthrough-test', version: '1' });
  await client.connect(transport === 'sse'
    ? new SSEClientTransport(new URL(`${s.host.url}/sse`), { requestInit })
    : new StreamableHTTPClientTransport(new URL(`${s.host.url}/mcp`), { requestInit }));
  s.clients.push(client);
  return client;
}

export async function callTool(client: Client, name: string, args: Record<string, unknown>): Promise<CallOutcome> {
  const r = await client.callTool({ name, arguments: args });
  return { text: (r.content as Array<{ text: string }>).map((c) => c.text).join(''), isError: r.isError === true };
}

/** A raw initialize POST to /mcp with these extra headers (for what an SDK client would never send). */
export function initializeWith(s: PassthroughHost, headers: Record<string, string>): Promise<Response> {
  return fetch(`${s.host.url}/mcp`, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: INIT });
}
